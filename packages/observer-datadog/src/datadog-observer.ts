import {
  type AirlockEvent,
  type AirlockObserver,
  type AirlockPlugin,
  type CallEndEvent,
  type CallErrorEvent,
  type CallScope,
  type CallStartEvent,
  callOutcome,
} from '@airlock/core';
import ddTrace from 'dd-trace';
import { eventTags } from './tags.js';

type Tracer = typeof ddTrace;
type Span = ReturnType<Tracer['startSpan']>;

export interface DatadogObserverOptions {
  /** The dd-trace tracer your app initialised (default: the `dd-trace` singleton). Airlock never
   *  calls `init()`: initialise it first, e.g. `node --import dd-trace/initialize.mjs`. */
  tracer?: Tracer;
  /** APM service of the spans. Default: the tracer's service. */
  service?: string;
  /** Operation name of the spans. Default `airlock.execute_tool` (the resource is the tool). */
  operationName?: string;
  /** Send spans. Default true. */
  traces?: boolean;
  /** Send DogStatsD metrics (`tracer.dogstatsd`). Default true. */
  metrics?: boolean;
  /** Time given to `flush()` at shutdown. Default 2000 ms. */
  flushTimeoutMs?: number;
}

/**
 * Datadog APM spans and DogStatsD metrics through dd-trace's own tracer (not its OTel
 * provider): the span is a child of `tracer.scope().active()`, which is where dd-trace's
 * automatic instrumentation (http, express, fastify, ...) keeps the request's span, whether or
 * not the app registered the OTel bridge; and Datadog's own model applies: operation name +
 * resource (the tool) + service, `error.*` tags, DogStatsD metrics with tags.
 */
export class DatadogObserver implements AirlockObserver {
  readonly name = 'datadog';
  private readonly tracer: Tracer;
  private readonly operationName: string;
  private readonly sendMetrics: boolean;

  constructor(private readonly options: DatadogObserverOptions = {}) {
    this.tracer = options.tracer ?? ddTrace;
    this.operationName = options.operationName ?? 'airlock.execute_tool';
    this.sendMetrics = options.metrics ?? true;
    if (options.traces === false) Object.defineProperty(this, 'startCall', { value: undefined });
  }

  startCall(event: CallStartEvent): CallScope | undefined {
    const startTime = performance.timeOrigin + performance.now();
    const toolCallId = event.context.metadata?.toolCallId;
    const span = this.tracer.startSpan(this.operationName, {
      childOf: this.tracer.scope().active() ?? undefined,
      startTime,
      tags: {
        'resource.name': event.tool,
        ...(this.options.service ? { 'service.name': this.options.service } : {}),
        component: 'airlock',
        'span.kind': 'internal',
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': event.tool,
        'gen_ai.tool.call.id': typeof toolCallId === 'string' ? toolCallId : event.callId,
        'airlock.call.id': event.callId,
      },
    });
    return new DatadogSpanScope(span, startTime);
  }

  onCallEnd(event: CallEndEvent): void {
    if (!this.sendMetrics) return;
    const statsd = this.tracer.dogstatsd;
    const outcome = callOutcome(event);
    statsd.increment('airlock.calls', 1, {
      tool: event.tool,
      blocked: String(event.blocked),
      outcome,
    });
    if (event.code)
      statsd.increment('airlock.blocked', 1, { tool: event.tool, code: event.code, outcome });
    statsd.distribution('airlock.latency', event.durationMs / 1000, { tool: event.tool, outcome });
    for (const type in event.findingsByType)
      statsd.increment('airlock.pii.detections', event.findingsByType[type], { type });
  }

  onEvent(event: AirlockEvent): void {
    if (!this.sendMetrics) return;
    const statsd = this.tracer.dogstatsd;
    const tool = event.tool ?? 'unknown';
    if (event.type === 'rate_limited') statsd.increment('airlock.rate_limit.hits', 1, { tool });
    else if (event.type === 'budget_warning')
      statsd.increment('airlock.budget.warnings', 1, {
        budget: String(event.data.budget ?? 'unknown'),
      });
    else if (event.type.startsWith('circuit_'))
      statsd.increment('airlock.circuit.transitions', 1, {
        tool,
        to: event.type.slice('circuit_'.length),
      });
  }

  /**
   * Sends buffered metrics and traces now, so nothing is lost when the process exits right after
   * `airlock.close()`. Traces are flushed through the tracer's exporter when it exposes one
   * (dd-trace has no public trace flush); dd-trace also flushes by itself on `beforeExit`.
   */
  async flush(): Promise<void> {
    const limit = this.options.flushTimeoutMs ?? 2000;
    const statsd = this.tracer.dogstatsd as { flush?: (done?: () => void) => void };
    const exporter = (
      this.tracer as unknown as { _tracer?: { _exporter?: { flush?: (done: () => void) => void } } }
    )._tracer?._exporter;
    await Promise.all([
      callbackFlush(statsd.flush?.bind(statsd), limit),
      callbackFlush(exporter?.flush?.bind(exporter), limit),
    ]);
  }
}

/** Runs a callback-style flush, giving up after `limitMs` (a dead agent must not hang close). */
function callbackFlush(
  flush: ((done: () => void) => void) | undefined,
  limitMs: number,
): Promise<void> {
  if (typeof flush !== 'function') return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, limitMs);
    timer.unref();
    try {
      flush(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

class DatadogSpanScope implements CallScope {
  private exceptionRecorded = false;

  constructor(
    private readonly span: Span,
    private readonly startTime: number,
  ) {}

  onEvent(event: AirlockEvent): void {
    const span = this.span as Span & {
      addEvent?: (name: string, attributes: Record<string, unknown>) => void;
    };
    if (typeof span.addEvent === 'function')
      span.addEvent(`airlock.${event.type}`, eventTags(event));
    span.setTag(`airlock.event.${event.type}`, true);
  }

  onError(event: CallErrorEvent): void {
    // The real exception: error.type, error.message and error.stack in Datadog's form.
    const error = event.error instanceof Error ? event.error : new Error(String(event.error));
    this.span.setTag('error', error);
    this.exceptionRecorded = true;
  }

  end(event: CallEndEvent): void {
    const span = this.span;
    const outcome = callOutcome(event);
    const ctx = event.context;
    span.addTags({
      'airlock.outcome': outcome,
      'airlock.blocked': String(event.blocked),
      'airlock.sanitized_count': event.sanitizedCount,
      'airlock.truncated': String(event.truncated),
      ...(ctx.agentId ? { 'gen_ai.agent.id': ctx.agentId } : {}),
      ...(ctx.conversationId ? { 'gen_ai.conversation.id': ctx.conversationId } : {}),
      ...(ctx.workspaceId ? { 'airlock.workspace.id': ctx.workspaceId } : {}),
      ...(ctx.userId ? { 'usr.id': ctx.userId } : {}),
      ...(event.cost !== undefined ? { 'airlock.cost': event.cost } : {}),
      ...(event.inputTokens !== undefined
        ? { 'gen_ai.usage.input_tokens': event.inputTokens }
        : {}),
      ...(event.outputTokens !== undefined
        ? { 'gen_ai.usage.output_tokens': event.outputTokens }
        : {}),
    });
    if (event.code) {
      span.setTag('airlock.code', event.code);
      // A tool's own exception keeps its error.type (TypeError, ...); a block gets its code.
      if (!this.exceptionRecorded) {
        span.addTags({
          error: 1,
          'error.type': event.code,
          'error.message': event.error?.message ?? event.code,
        });
      }
    }
    span.finish(this.startTime + event.durationMs);
  }
}

/** The plugin form: `createAirlock({ plugins: [datadogObserver()] })`. */
export function datadogObserver(
  options: DatadogObserverOptions = {},
): AirlockPlugin & { observer: DatadogObserver } {
  const observer = new DatadogObserver(options);
  return { name: 'observer-datadog', observers: [observer], observer };
}
