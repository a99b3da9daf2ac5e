import type { z } from 'zod';
import type { AuditSink } from './audit/audit-record.js';
import { JsonlFileSink } from './audit/jsonl-file-sink.js';
import { systemClock } from './backends/clock.js';
import { MemoryRateLimitStore } from './backends/memory-rate-limit-store.js';
import { MemoryStateStore } from './backends/memory-state-store.js';
import type { RateLimitStore } from './backends/rate-limit-store.js';
import type { StateStore } from './backends/state-store.js';
import { BudgetLedger } from './budget/budget-ledger.js';
import { Pricing } from './budget/pricing.js';
import { type AirlockOptions, validateOptions } from './config.js';
import { type AirlockContext, ambientContext, runWithContext } from './context.js';
import { ConversationTracker } from './conversation/conversation-tracker.js';
import { AirlockConfigError } from './errors.js';
import { type AirlockHealth, collectHealth } from './health/collect-health.js';
import { InflightTracker } from './inflight.js';
import type { AirlockObserver } from './observers/observer.js';
import { ObserverBus } from './observers/observer-bus.js';
import { estimateTokens } from './output/token-counter.js';
import type { AirlockPlugin } from './plugin.js';
import { PolicySource } from './policy/policy-source.js';
import type { BreakerSnapshot } from './resilience/circuit-breaker.js';
import { ResilienceRegistry } from './resilience/resilience-registry.js';
import type { AirlockRuntime } from './runtime.js';
import type { SandboxProvider } from './sandbox/sandbox-provider.js';
import { compileSandbox } from './sandbox/tool-sandbox.js';
import { SanitizerEngine } from './sanitizer/engine.js';
import type { MaskResult } from './sanitizer/engine-types.js';
import type { ExplainedCandidate, Finding, Recognizer } from './sanitizer/recognizer.js';
import { DEFAULT_RECOGNIZERS } from './sanitizer/recognizers/defaults.js';
import { GuardedTool } from './tool/airlock-tool.js';
import { type CompiledTool, compileTool, type ExecutionPlan } from './tool/compiled-tool.js';
import type { AirlockTool, ToolDefinition, ToolRunContext } from './tool-definition.js';

export type { AirlockHealth };

/**
 * The sanitizer as users call it directly. `context` picks a workspace's settings (default: the
 * airlock-wide ones, or the ambient context of `runWithContext`).
 */
export interface AirlockSanitizer {
  /** Every sensitive value in `text`: `[{ type, value, start, end, score }]`. */
  scan(text: string, context?: AirlockContext): Finding[];
  /** Masks a string or every string inside a JSON value, keeping its shape. */
  mask<T>(value: T, context?: AirlockContext): MaskResult<T>;
  /** Every candidate looked at, kept or dropped, and why: for debugging. */
  explain(text: string, context?: AirlockContext): ExplainedCandidate[];
  /** Turns `tokenize` tokens back into their values (as a tool with `acceptsTokens` gets them). */
  detokenize(text: string, context?: AirlockContext): Promise<string>;
  /** The entity types masked by default. */
  readonly types: string[];
}

export interface Airlock {
  /** Defines a guarded tool. */
  tool<S extends z.ZodObject, R>(definition: ToolDefinition<S, R>): AirlockTool<S, R>;
  /** Guards an existing function `(args, ctx) => result` with a name, description and schema. */
  wrap<S extends z.ZodObject, R>(
    fn: (args: z.output<S>, ctx: ToolRunContext) => R | Promise<R>,
    definition: Omit<ToolDefinition<S, R>, 'run'>,
  ): AirlockTool<S, R>;
  /** Runs `fn` with `context` as the ambient context of every call inside it. */
  runWithContext<T>(context: AirlockContext, fn: () => T): T;
  readonly sanitizer: AirlockSanitizer;
  readonly tools: ReadonlyMap<string, AirlockTool>;
  readonly plugins: readonly AirlockPlugin[];
  readonly rateLimitStore: RateLimitStore;
  readonly stateStore: StateStore;
  readonly sandbox: SandboxProvider | undefined;
  /** The budgets ledger (reserve/settle, current usage), when `budgets` is configured. */
  readonly budgets: BudgetLedger | undefined;
  /** The state of every circuit breaker (shared ones as the store has them). */
  breakers(): Promise<BreakerSnapshot[]>;
  /** Drops cached policies from a resolver (all, or one cache key). */
  invalidatePolicy(key?: string): void;
  /** Every plugin's health and whether the airlock is ready (see `createHealthProbes`). */
  health(): Promise<AirlockHealth>;
  /**
   * Stops taking calls (readiness fails from here on), drains in-flight ones, flushes observers
   * and audit, closes plugins.
   */
  close(): Promise<void>;
}

/** Composes plugins and options into an airlock. Bad options throw here, at start-up. */
export function createAirlock(options: AirlockOptions = {}): Airlock {
  const opts = validateOptions(options);
  const plugins = opts.plugins ?? [];
  const clock = opts.clock ?? systemClock;
  const report = (error: unknown, source: string): void => {
    try {
      opts.onObserverError?.(error, source);
    } catch {
      // The reporter failed too; a call must never see it.
    }
  };

  const rateLimits =
    opts.rateLimitStore ?? lastOf(plugins, 'rateLimitStore') ?? new MemoryRateLimitStore(clock);
  const state = opts.stateStore ?? lastOf(plugins, 'stateStore') ?? new MemoryStateStore(clock);
  const sandbox = opts.sandbox ?? lastOf(plugins, 'sandbox');
  const recognizers: Recognizer[] = [
    ...(opts.defaultRecognizers === false ? [] : DEFAULT_RECOGNIZERS),
    ...plugins.flatMap((p) => p.recognizers ?? []),
    ...(opts.recognizers ?? []),
  ];
  const observers: AirlockObserver[] = [
    ...plugins.flatMap((p) => p.observers ?? []),
    ...(opts.observers ?? []),
  ];
  const audit = buildAuditSink(opts, report);
  const out = opts.output ?? {};
  const {
    mask: _mask,
    maxChars: _maxChars,
    maxTokens: _maxTokens,
    tokenTtlMs,
    secretsToExternalTools,
    ...settings
  } = out;
  const sanitizer = new SanitizerEngine({
    ...settings,
    recognizers,
    // `mask: 'partial'` (as in DESIGN.md) turns masking on with that default strategy.
    ...(typeof out.mask === 'string' && !settings.defaultStrategy
      ? { defaultStrategy: out.mask }
      : {}),
    tokens: { store: state, ...(tokenTtlMs ? { ttlMs: tokenTtlMs } : {}) },
    blockSecretsToExternalTools: secretsToExternalTools !== 'allow',
  });

  const runtime: AirlockRuntime = {
    clock,
    policy: new PolicySource(opts.policy, clock, opts.policyCache),
    rateLimits,
    state,
    conversations: new ConversationTracker(state),
    sanitizer,
    observers: new ObserverBus(observers, (o, e) =>
      report(e, `observer ${o.name ?? '(anonymous)'}`),
    ),
    audit,
    auditPreviewChars: opts.audit ? (opts.audit.previewChars ?? 500) : 500,
    ghostArgs: opts.ghostArgs ?? 'strict',
    output: {
      mask: out.mask !== false,
      maxChars: out.maxChars ?? 20_000,
      maxTokens: out.maxTokens,
    },
    countTokens: opts.tokens?.count ?? estimateTokens,
    tokenCostPer1k: opts.tokenCostPer1k ?? 0,
    budget: opts.budgets ? new BudgetLedger(state, opts.budgets, clock) : undefined,
    pricing: new Pricing(opts.pricing),
    onTruncate: opts.onTruncate,
    timeoutMs: opts.timeoutMs ?? 60_000,
    reportInternalError: report,
    inflight: new InflightTracker(),
    closed: false,
    shutdown: new AbortController(),
  };

  const resilience = new ResilienceRegistry({
    clock,
    store: state,
    defaults: {
      ...(opts.breaker !== undefined ? { breaker: opts.breaker } : {}),
      ...(opts.retry !== undefined ? { retry: opts.retry } : {}),
    },
    signal: runtime.shutdown.signal,
    onBreakerError: (error) => report(error, 'breaker'),
    emit: (type, tool, data, at) => {
      if (runtime.observers.wants('onEvent'))
        runtime.observers.emit('onEvent', { type, ...(tool ? { tool } : {}), at, data });
    },
  });

  const tools = new Map<string, AirlockTool>();
  const addTool = <S extends z.ZodObject, R>(
    definition: ToolDefinition<S, R>,
  ): AirlockTool<S, R> => {
    let compiled: CompiledTool = compileTool(definition as unknown as ToolDefinition);
    if (tools.has(compiled.name)) {
      throw new AirlockConfigError(
        `a tool named '${compiled.name}' is already defined in this airlock`,
        `tool '${compiled.name}'.name`,
      );
    }
    const execution = planExecution(compiled, resilience, sandbox, runtime.timeoutMs);
    if (execution) compiled = { ...compiled, execution };
    const tool = new GuardedTool<S, R>(runtime, compiled);
    tools.set(compiled.name, tool as unknown as AirlockTool);
    return tool;
  };

  let closing: Promise<void> | undefined;
  const airlock: Airlock = {
    tool: addTool,
    wrap(fn, definition) {
      if (typeof fn !== 'function')
        throw new AirlockConfigError('wrap: the first argument must be a function');
      return addTool({ ...definition, run: fn } as unknown as ToolDefinition) as never;
    },
    runWithContext,
    sanitizer: {
      scan: (text, context) => sanitizer.scan(text, context ?? ambientContext()),
      mask: (value, context) => sanitizer.mask(value, context ?? ambientContext()),
      explain: (text, context) => sanitizer.explain(text, context ?? ambientContext()),
      detokenize: async (text, context) =>
        (await sanitizer.detokenize(text, context ?? ambientContext())).value,
      get types() {
        return sanitizer.types;
      },
    },
    tools,
    plugins,
    rateLimitStore: rateLimits,
    stateStore: state,
    sandbox,
    get budgets() {
      return runtime.budget;
    },
    breakers: () => resilience.breakerStates(),
    invalidatePolicy: (key) => runtime.policy.invalidate(key),
    health() {
      return collectHealth(
        plugins,
        { closing: runtime.closed, inflight: runtime.inflight.size },
        opts.healthTimeoutMs ?? 1000,
      );
    },
    close() {
      closing ??= (async () => {
        runtime.closed = true;
        await runtime.inflight.drain();
        runtime.shutdown.abort(new Error('airlock closed'));
        if (!(await runtime.observers.flush(opts.flushTimeoutMs ?? 10_000))) {
          report(new Error('observers did not finish flushing in time'), 'observers');
        }
        try {
          await audit?.flush?.();
          await audit?.close?.();
        } catch (error) {
          report(error, 'audit');
        }
        for (const plugin of [...plugins].reverse()) {
          try {
            await plugin.close?.();
          } catch (error) {
            report(error, `plugin ${plugin.name}`);
          }
        }
        // A provider given as an option is the airlock's too (closing twice must be harmless).
        if (opts.sandbox && !plugins.some((p) => p.sandbox === opts.sandbox)) {
          try {
            await opts.sandbox.close?.();
          } catch (error) {
            report(error, `sandbox ${opts.sandbox.name}`);
          }
        }
      })();
      return closing;
    },
  };
  return airlock;
}

/** Breaker, retries and sandbox of one tool, checked at definition; undefined for a plain tool. */
function planExecution(
  compiled: CompiledTool,
  resilience: ResilienceRegistry,
  sandbox: SandboxProvider | undefined,
  defaultTimeoutMs: number,
): ExecutionPlan | undefined {
  const def = compiled.definition;
  const policies = resilience.define({
    name: compiled.name,
    ...(def.idempotent !== undefined ? { idempotent: def.idempotent } : {}),
    ...(def.breaker !== undefined ? { breaker: def.breaker } : {}),
    ...(def.retry !== undefined ? { retry: def.retry } : {}),
    timeoutMs: def.timeoutMs ?? defaultTimeoutMs,
  });
  const sandboxPlan = def.sandbox !== undefined ? compileSandbox(def, sandbox) : undefined;
  if (!policies && !sandboxPlan) return undefined;
  return { ...(policies ? { policies } : {}), ...(sandboxPlan ? { sandbox: sandboxPlan } : {}) };
}

function lastOf<K extends 'rateLimitStore' | 'stateStore' | 'sandbox'>(
  plugins: readonly AirlockPlugin[],
  key: K,
): NonNullable<AirlockPlugin[K]> | undefined {
  for (let i = plugins.length - 1; i >= 0; i--) {
    const v = plugins[i]![key];
    if (v) return v as NonNullable<AirlockPlugin[K]>;
  }
  return undefined;
}

function buildAuditSink(
  opts: AirlockOptions,
  report: (e: unknown, s: string) => void,
): AuditSink | undefined {
  if (!opts.audit) return undefined;
  if (opts.audit.sink && opts.audit.path) {
    throw new AirlockConfigError('give either a path or a sink, not both', 'audit');
  }
  if (opts.audit.sink) {
    const sink = opts.audit.sink;
    return {
      write: (record) => {
        try {
          sink.write(record);
        } catch (error) {
          report(error, 'audit');
        }
      },
      flush: () => sink.flush?.() ?? Promise.resolve(),
      close: () => sink.close?.() ?? Promise.resolve(),
    };
  }
  if (opts.audit.path)
    return new JsonlFileSink({ path: opts.audit.path, onError: (e) => report(e, 'audit') });
  throw new AirlockConfigError('needs a path or a sink (or set audit: false)', 'audit');
}
