import {
  type AirlockContext,
  type AirlockEvent,
  type AirlockObserver,
  type AirlockPlugin,
  type CallEndEvent,
  callOutcome,
} from '@airlock/core';
import { PostHog } from 'posthog-node';
import { hashedDistinctId } from './distinct-id.js';

/** Which product events to send. */
export interface PosthogEventSelection {
  /** `airlock_call_blocked`: a guard stopped a call, or the tool failed. Default true. */
  blocked?: boolean;
  /** `airlock_pii_detected`: values were masked in a tool's output. Default true. */
  pii?: boolean;
  /** `airlock_budget_warning`: a budget crossed its warning fraction. Default true. */
  budgetWarnings?: boolean;
  /** `airlock_call`: every call, sampled by `callSampleRate`. Default false. */
  calls?: boolean;
}

export interface PosthogObserverOptions {
  /** Your PostHog client: flushed on close, left open (it is yours). */
  client?: PostHog;
  /** Or let the observer make one (shut down on close). */
  apiKey?: string;
  host?: string;
  /** Events per batch and most ms between batches (client made here). Defaults 20 and 10,000. */
  flushAt?: number;
  flushInterval?: number;
  /** Who an event is about. Default: a hash of the workspace id, else the agent id. */
  distinctId?: (context: AirlockContext | undefined) => string;
  events?: PosthogEventSelection;
  /** Share of allowed calls sent as `airlock_call` when `events.calls` is on. Default 0.01. */
  callSampleRate?: number;
}

/**
 * Product events, not telemetry: blocks, detections and budget warnings, batched by
 * posthog-node. Events carry tool names, codes, entity types and counts, never arguments,
 * outputs, messages or raw ids. `capture` only queues; the network is posthog-node's, in the
 * background, so a slow or dead PostHog never holds up a call.
 */
export class PosthogObserver implements AirlockObserver {
  readonly name = 'posthog';
  readonly client: PostHog;
  private readonly owned: boolean;
  private readonly distinctId: (context: AirlockContext | undefined) => string;
  private readonly events: Required<PosthogEventSelection>;
  private readonly sampleRate: number;

  constructor(options: PosthogObserverOptions) {
    if (options.client) {
      this.client = options.client;
      this.owned = false;
    } else {
      if (!options.apiKey)
        throw new TypeError('@airlock/observer-posthog: give a client, or an apiKey');
      this.client = new PostHog(options.apiKey, {
        ...(options.host ? { host: options.host } : {}),
        flushAt: options.flushAt ?? 20,
        flushInterval: options.flushInterval ?? 10_000,
      });
      this.owned = true;
    }
    this.distinctId = options.distinctId ?? hashedDistinctId;
    this.events = {
      blocked: true,
      pii: true,
      budgetWarnings: true,
      calls: false,
      ...options.events,
    };
    this.sampleRate = options.callSampleRate ?? 0.01;
  }

  onCallEnd(event: CallEndEvent): void {
    const outcome = callOutcome(event);
    if (outcome !== 'allowed' && this.events.blocked) {
      this.capture('airlock_call_blocked', event.context, {
        tool: event.tool,
        code: event.code,
        outcome,
        retryable: event.error?.retryable ?? false,
        duration_ms: Math.round(event.durationMs * 1000) / 1000,
      });
    } else if (outcome === 'allowed' && this.events.calls && Math.random() < this.sampleRate) {
      this.capture('airlock_call', event.context, {
        tool: event.tool,
        sample_rate: this.sampleRate,
        sanitized_count: event.sanitizedCount,
        truncated: event.truncated,
        duration_ms: Math.round(event.durationMs * 1000) / 1000,
      });
    }
  }

  onEvent(event: AirlockEvent): void {
    if (event.type === 'pii_detected' && this.events.pii) {
      const types = (event.data.types ?? {}) as Record<string, number>;
      const counts = Object.fromEntries(Object.entries(types).map(([t, n]) => [`pii_${t}`, n]));
      this.capture('airlock_pii_detected', event.context, {
        tool: event.tool,
        count: event.data.count,
        types: Object.keys(types),
        ...counts,
      });
    } else if (event.type === 'budget_warning' && this.events.budgetWarnings) {
      const d = event.data;
      this.capture('airlock_budget_warning', event.context, {
        tool: event.tool,
        budget: d.budget,
        scope: d.scope,
        dimension: d.dimension,
        fraction: d.fraction,
      });
    }
  }

  private capture(
    name: string,
    context: AirlockContext | undefined,
    properties: Record<string, unknown>,
  ): void {
    this.client.capture({
      distinctId: this.distinctId(context),
      event: name,
      properties: { ...properties, $lib_plugin: '@airlock/observer-posthog' },
    });
  }

  /** Sends what is queued. */
  flush(): Promise<void> {
    return this.client.flush();
  }

  /** Flushes, and shuts down a client this observer made. */
  async close(): Promise<void> {
    if (this.owned) await this.client.shutdown();
    else await this.client.flush();
  }
}

/** The plugin form: `createAirlock({ plugins: [posthogObserver({ apiKey })] })`. */
export function posthogObserver(
  options: PosthogObserverOptions,
): AirlockPlugin & { observer: PosthogObserver } {
  const observer = new PosthogObserver(options);
  return {
    name: 'observer-posthog',
    observers: [observer],
    observer,
    close: () => observer.close(),
  };
}
