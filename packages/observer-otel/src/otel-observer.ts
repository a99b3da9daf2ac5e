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
import {
  type Attributes,
  type Counter,
  context,
  type Histogram,
  type Meter,
  type MeterProvider,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { contextAttributes, eventAttributes } from './attributes.js';
import {
  ATTR_AIRLOCK_BLOCKED,
  ATTR_AIRLOCK_CALL_ID,
  ATTR_AIRLOCK_CIRCUIT_STATE,
  ATTR_AIRLOCK_CODE,
  ATTR_AIRLOCK_COST,
  ATTR_AIRLOCK_OUTCOME,
  ATTR_AIRLOCK_PII_TYPE,
  ATTR_AIRLOCK_SANITIZED_COUNT,
  ATTR_AIRLOCK_TRUNCATED,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  DEFAULT_LATENCY_BUCKETS_S,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
} from './semconv.js';

export interface OtelObserverOptions {
  /** Default: the global provider (`trace.setGlobalTracerProvider`, or dd-trace's). */
  tracerProvider?: TracerProvider;
  /** Default: the global provider. */
  meterProvider?: MeterProvider;
  /** Emit spans. Default true. */
  traces?: boolean;
  /** Emit metrics. Default true. */
  metrics?: boolean;
  /** Bucket boundaries of `airlock.latency`, in seconds. */
  latencyBuckets?: number[];
  /**
   * Record token counts (`gen_ai.usage.*` on spans, `airlock.tokens`). Counting reads the
   * output once more, off the call's path. Default true.
   */
  tokens?: boolean;
  /** Where the model's own tool-call id is, for `gen_ai.tool.call.id`. Default:
   *  `context.metadata.toolCallId`, else Airlock's call id. */
  toolCallId?: (event: CallStartEvent) => string | undefined;
}

const SCOPE_NAME = '@airlock/observer-otel';
const SCOPE_VERSION = '0.0.0';

interface Instruments {
  calls: Counter;
  blocked: Counter;
  latency: Histogram;
  pii: Counter;
  rateLimitHits: Counter;
  circuit: Counter;
  budgetWarnings: Counter;
  tokens: Counter;
}

/**
 * Spans and metrics for Airlock calls through `@opentelemetry/api` only: the application picks
 * the SDK (or dd-trace's provider). The span starts in `startCall`, inside the caller's context,
 * so it is a child of whatever span is active where the tool was called.
 */
export class OtelObserver implements AirlockObserver {
  readonly name = 'otel';
  private readonly tracer: Tracer | undefined;
  private readonly instruments: Instruments | undefined;
  private readonly recordTokens: boolean;

  constructor(private readonly options: OtelObserverOptions = {}) {
    this.recordTokens = options.tokens ?? true;
    if (options.traces !== false) {
      this.tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(
        SCOPE_NAME,
        SCOPE_VERSION,
      );
    }
    if (options.metrics !== false) {
      const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(
        SCOPE_NAME,
        SCOPE_VERSION,
      );
      this.instruments = createInstruments(
        meter,
        options.latencyBuckets ?? DEFAULT_LATENCY_BUCKETS_S,
      );
    }
    // Without traces there is nothing to start: no synchronous hook on the call's path at all.
    if (!this.tracer) Object.defineProperty(this, 'startCall', { value: undefined });
  }

  startCall(event: CallStartEvent): CallScope | undefined {
    const tracer = this.tracer;
    if (!tracer) return undefined;
    const startTime = performance.timeOrigin + performance.now();
    const callId =
      this.options.toolCallId?.(event) ?? metadataString(event, 'toolCallId') ?? event.callId;
    const span = tracer.startSpan(
      `${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL} ${event.tool}`,
      {
        kind: SpanKind.INTERNAL,
        startTime,
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
          [ATTR_GEN_AI_TOOL_NAME]: event.tool,
          [ATTR_GEN_AI_TOOL_CALL_ID]: callId,
          [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
          [ATTR_AIRLOCK_CALL_ID]: event.callId,
        },
      },
      context.active(),
    );
    return new SpanScope(span, startTime, this.recordTokens);
  }

  onCallEnd(event: CallEndEvent): void {
    const m = this.instruments;
    if (!m) return;
    const outcome = callOutcome(event);
    const attrs: Attributes = {
      [ATTR_GEN_AI_TOOL_NAME]: event.tool,
      [ATTR_AIRLOCK_OUTCOME]: outcome,
      [ATTR_AIRLOCK_BLOCKED]: event.blocked,
    };
    m.calls.add(1, attrs);
    if (event.code)
      m.blocked.add(1, {
        [ATTR_GEN_AI_TOOL_NAME]: event.tool,
        [ATTR_AIRLOCK_CODE]: event.code,
        [ATTR_AIRLOCK_OUTCOME]: outcome,
      });
    m.latency.record(event.durationMs / 1000, {
      [ATTR_GEN_AI_TOOL_NAME]: event.tool,
      [ATTR_AIRLOCK_OUTCOME]: outcome,
    });
    for (const [type, count] of Object.entries(event.findingsByType))
      m.pii.add(count, { [ATTR_AIRLOCK_PII_TYPE]: type });
    if (this.recordTokens) {
      const input = event.inputTokens;
      const output = event.outputTokens;
      if (input)
        m.tokens.add(input, {
          [ATTR_GEN_AI_TOOL_NAME]: event.tool,
          [ATTR_GEN_AI_TOKEN_TYPE]: 'input',
        });
      if (output)
        m.tokens.add(output, {
          [ATTR_GEN_AI_TOOL_NAME]: event.tool,
          [ATTR_GEN_AI_TOKEN_TYPE]: 'output',
        });
    }
  }

  onEvent(event: AirlockEvent): void {
    const m = this.instruments;
    if (!m) return;
    if (event.type === 'rate_limited')
      m.rateLimitHits.add(1, { [ATTR_GEN_AI_TOOL_NAME]: event.tool ?? 'unknown' });
    else if (event.type === 'budget_warning')
      m.budgetWarnings.add(1, { 'airlock.budget': String(event.data.budget ?? 'unknown') });
    else if (event.type.startsWith('circuit_')) {
      m.circuit.add(1, {
        [ATTR_AIRLOCK_CIRCUIT_STATE]: event.type.slice('circuit_'.length),
        [ATTR_GEN_AI_TOOL_NAME]: event.tool ?? 'unknown',
      });
    }
  }

  /** Flushes the providers' buffered spans and metrics (when the SDK provider supports it). */
  async flush(): Promise<void> {
    await Promise.all([
      forceFlush(this.options.tracerProvider ?? trace.getTracerProvider()),
      forceFlush(this.options.meterProvider ?? metrics.getMeterProvider()),
    ]);
  }
}

/** One call's span: events and the end arrive off the call's path, in order. */
class SpanScope implements CallScope {
  constructor(
    private readonly span: Span,
    private readonly startTime: number,
    private readonly recordTokens: boolean,
  ) {}

  onEvent(event: AirlockEvent): void {
    this.span.addEvent(`airlock.${event.type}`, eventAttributes(event));
  }

  onError(event: CallErrorEvent): void {
    const error = event.error;
    if (error instanceof Error) this.span.recordException(error);
    else this.span.recordException({ name: 'Error', message: String(error) });
  }

  end(event: CallEndEvent): void {
    const span = this.span;
    const outcome = callOutcome(event);
    const attrs: Attributes = {
      ...contextAttributes(event.context),
      [ATTR_AIRLOCK_OUTCOME]: outcome,
      [ATTR_AIRLOCK_BLOCKED]: event.blocked,
      [ATTR_AIRLOCK_SANITIZED_COUNT]: event.sanitizedCount,
      [ATTR_AIRLOCK_TRUNCATED]: event.truncated,
    };
    if (event.cost !== undefined) attrs[ATTR_AIRLOCK_COST] = event.cost;
    if (this.recordTokens) {
      const input = event.inputTokens;
      const output = event.outputTokens;
      if (input !== undefined) attrs[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = input;
      if (output !== undefined) attrs[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = output;
    }
    if (event.code) {
      attrs[ATTR_AIRLOCK_CODE] = event.code;
      attrs[ATTR_ERROR_TYPE] = event.code;
      span.setStatus({ code: SpanStatusCode.ERROR, message: event.error?.message ?? event.code });
    }
    span.setAttributes(attrs);
    // The end is delivered after the caller resumed: the span ends at the call's real end.
    span.end(this.startTime + event.durationMs);
  }
}

function createInstruments(meter: Meter, buckets: number[]): Instruments {
  return {
    calls: meter.createCounter('airlock.calls', {
      description: 'Tool calls that went through Airlock',
      unit: '{call}',
    }),
    blocked: meter.createCounter('airlock.blocked', {
      description: 'Calls that ended without output, by code',
      unit: '{call}',
    }),
    latency: meter.createHistogram('airlock.latency', {
      description: 'Duration of guarded tool calls, checks included',
      unit: 's',
      advice: { explicitBucketBoundaries: buckets },
    }),
    pii: meter.createCounter('airlock.pii.detections', {
      description: 'Values masked in tool output, by entity type',
      unit: '{value}',
    }),
    rateLimitHits: meter.createCounter('airlock.rate_limit.hits', {
      description: 'Calls denied by a rate limit',
      unit: '{call}',
    }),
    circuit: meter.createCounter('airlock.circuit.transitions', {
      description: 'Circuit breaker state changes',
      unit: '{transition}',
    }),
    budgetWarnings: meter.createCounter('airlock.budget.warnings', {
      description: 'Budgets that crossed their warning fraction',
    }),
    tokens: meter.createCounter('airlock.tokens', {
      description: 'Tokens of tool arguments (input) and output',
      unit: '{token}',
    }),
  };
}

function metadataString(event: CallStartEvent, key: string): string | undefined {
  const v = event.context.metadata?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** SDK providers have `forceFlush`; the API's proxy hides the real one behind `getDelegate`. */
async function forceFlush(provider: unknown): Promise<void> {
  const p = provider as { forceFlush?: () => Promise<void>; getDelegate?: () => unknown };
  if (typeof p.forceFlush === 'function') return p.forceFlush();
  if (typeof p.getDelegate === 'function') {
    const inner = p.getDelegate() as { forceFlush?: () => Promise<void> };
    if (inner !== p && typeof inner.forceFlush === 'function') return inner.forceFlush();
  }
}

/** The plugin form: `createAirlock({ plugins: [otelObserver()] })`. */
export function otelObserver(
  options: OtelObserverOptions = {},
): AirlockPlugin & { observer: OtelObserver } {
  const observer = new OtelObserver(options);
  return { name: 'observer-otel', observers: [observer], observer };
}
