import type { Clock } from '../backends/clock.js';
import type { StateStore } from '../backends/state-store.js';
import { AirlockConfigError } from '../errors.js';
import type { AirlockEventType } from '../observers/observer.js';
import {
  type CircuitBreakerOptions,
  mergeBreakerOptions,
  normalizeBreakerOptions,
} from './breaker-options.js';
import type { BreakerSnapshot, BreakerTransition, CircuitBreaker } from './circuit-breaker.js';
import { MemoryCircuitBreaker } from './memory-breaker.js';
import { RetryBudget } from './retry-budget.js';
import { mergeRetryOptions, normalizeRetryOptions, type RetryOptions } from './retry-options.js';
import type { CallPolicies } from './run-with-policies.js';
import { SharedCircuitBreaker } from './shared-breaker.js';

/** Airlock-wide resilience defaults (`createAirlock({ breaker, retry })`); tools override them. */
export interface ResilienceDefaults {
  breaker?: CircuitBreakerOptions | false;
  retry?: RetryOptions | false;
}

/** What a tool declares, as far as resilience goes. */
export interface ToolResilienceDeclaration {
  name: string;
  idempotent?: boolean;
  breaker?: CircuitBreakerOptions | false;
  retry?: RetryOptions | false;
  /** The tool's time limit: half-open trial rounds of a shared breaker last at least this long. */
  timeoutMs: number;
}

export interface ResilienceRegistryOptions {
  clock: Clock;
  store: StateStore;
  defaults?: ResilienceDefaults;
  /** Receives breaker transitions, as observer events. */
  emit?: (
    type: AirlockEventType,
    tool: string | undefined,
    data: Record<string, unknown>,
    at: number,
  ) => void;
  /** Aborted when the airlock closes: pending retries stop waiting. */
  signal?: AbortSignal;
  /** A shared breaker's store failed (the call goes through regardless). */
  onBreakerError?: (error: unknown) => void;
}

const EVENT: Record<BreakerTransition['to'], AirlockEventType> = {
  open: 'circuit_opened',
  half_open: 'circuit_half_open',
  closed: 'circuit_closed',
};

/**
 * One per airlock: builds each tool's policies once, when the tool is defined (bad options fail
 * at start-up), and keeps one breaker per key and one retry budget per tool.
 */
export class ResilienceRegistry {
  private readonly breakers = new Map<string, { breaker: CircuitBreaker; shared: boolean }>();
  private readonly plans = new Map<string, CallPolicies>();

  constructor(private readonly options: ResilienceRegistryOptions) {
    const d = options.defaults ?? {};
    // Check the defaults now, so a typo fails at createAirlock, not at the first tool.
    if (d.breaker) normalizeBreakerOptions(d.breaker, 'breaker');
    if (d.retry) normalizeRetryOptions(d.retry, 'retry');
  }

  /** Builds the policies of a tool; undefined when it has none (the fast path). */
  define(tool: ToolResilienceDeclaration): CallPolicies | undefined {
    const where = `tool '${tool.name}'`;
    const defaults = this.options.defaults ?? {};
    const policies: CallPolicies = {
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...(this.options.onBreakerError ? { onBreakerError: this.options.onBreakerError } : {}),
    };
    const breakerOptions = mergeBreakerOptions(defaults.breaker, tool.breaker);
    if (breakerOptions) {
      const b = normalizeBreakerOptions(breakerOptions, `${where}.breaker`);
      const key = b.key ?? tool.name;
      let entry = this.breakers.get(key);
      if (entry && entry.shared !== b.shared) {
        throw new AirlockConfigError(
          `breaker '${key}' is declared both shared and not shared`,
          `${where}.breaker`,
        );
      }
      if (!entry) {
        const onTransition = (t: BreakerTransition): void =>
          this.options.emit?.(
            EVENT[t.to],
            key === tool.name ? tool.name : undefined,
            { ...t, breaker: key },
            t.at,
          );
        const breaker = b.shared
          ? new SharedCircuitBreaker(
              key,
              b,
              this.options.store,
              this.options.clock,
              Math.max(b.recoveryTimeoutMs, tool.timeoutMs),
              onTransition,
            )
          : new MemoryCircuitBreaker(key, b, this.options.clock, onTransition);
        entry = { breaker, shared: b.shared };
        this.breakers.set(key, entry);
      }
      policies.breaker = { breaker: entry.breaker, isFailure: b.isFailure };
    }
    if (tool.retry && tool.idempotent !== true) {
      throw new AirlockConfigError(
        'retry needs idempotent: true (running a non-idempotent tool twice could repeat its action)',
        `${where}.retry`,
      );
    }
    // Airlock-wide retry defaults apply only to tools declared idempotent.
    const retryOptions =
      tool.idempotent === true ? mergeRetryOptions(defaults.retry, tool.retry) : undefined;
    if (retryOptions) {
      const r = normalizeRetryOptions(retryOptions, `${where}.retry`);
      if (r.maxRetries > 0) {
        policies.retry = {
          options: r,
          budget: r.budget ? new RetryBudget(r.budget.maxTokens, r.budget.tokenRatio) : undefined,
        };
      }
    }
    if (!policies.breaker && !policies.retry) return undefined;
    this.plans.set(tool.name, policies);
    return policies;
  }

  policiesFor(tool: string): CallPolicies | undefined {
    return this.plans.get(tool);
  }

  /** Every breaker's state (for health pages and tests). */
  async breakerStates(): Promise<BreakerSnapshot[]> {
    return Promise.all([...this.breakers.values()].map(async (e) => e.breaker.snapshot()));
  }
}
