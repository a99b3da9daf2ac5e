import { createAirlock, defineRecognizer, z } from '@airlock/core';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LATENCY_BUCKETS_S, OtelObserver, otelObserver } from '../src/index.js';

const email = defineRecognizer({
  name: 'test-email',
  type: 'email',
  patterns: [
    { name: 'email', regex: /[a-z0-9._-]{1,64}@[a-z0-9-]{1,63}\.[a-z]{2,10}/g, score: 0.9 },
  ],
});

beforeAll(() => {
  // Needed for parent/child spans: the active span lives in AsyncLocalStorage.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => context.disable());

function setup() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 60_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const plugin = otelObserver({ tracerProvider, meterProvider });
  const airlock = createAirlock({
    plugins: [plugin],
    recognizers: [email],
    policy: { rateLimits: { limited: '1/hour' } },
  });
  const input = z.object({ q: z.string() });
  const tools = {
    search: airlock.tool({
      name: 'search',
      description: 's',
      input,
      run: ({ q }) => `found ${q}: ann@example.com, bob@example.org`,
    }),
    limited: airlock.tool({ name: 'limited', description: 'l', input, run: () => 'ok' }),
    broken: airlock.tool({
      name: 'broken',
      description: 'b',
      input,
      run: () => {
        throw new TypeError('bad row');
      },
    }),
  };
  const outer = tracerProvider.getTracer('agent');
  const metricsNow = async () => {
    await reader.forceFlush();
    const all = metricExporter
      .getMetrics()
      .at(-1)!
      .scopeMetrics.flatMap((s) => s.metrics);
    return (name: string) => all.find((m) => m.descriptor.name === name);
  };
  return { airlock, tools, spans, outer, metricsNow, tracerProvider, meterProvider };
}

describe('OtelObserver spans', () => {
  it('an execute_tool span per call, a child of the caller active span', async () => {
    const { airlock, tools, spans, outer } = setup();
    let outerSpanId = '';
    let traceId = '';
    await outer.startActiveSpan('invoke_agent support', async (span) => {
      outerSpanId = span.spanContext().spanId;
      traceId = span.spanContext().traceId;
      await tools.search.call(
        { q: 'ann' },
        { agentId: 'a1', conversationId: 'c1', metadata: { toolCallId: 'call_42' } },
      );
      span.end();
    });
    await airlock.close();
    const span = spans.getFinishedSpans().find((s) => s.name === 'execute_tool search')!;
    expect(span).toBeDefined();
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.parentSpanContext?.spanId).toBe(outerSpanId);
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'search',
      'gen_ai.tool.call.id': 'call_42',
      'gen_ai.tool.type': 'function',
      'gen_ai.agent.id': 'a1',
      'gen_ai.conversation.id': 'c1',
      'airlock.outcome': 'allowed',
      'airlock.blocked': false,
      'airlock.sanitized_count': 2,
      'gen_ai.usage.input_tokens': 3,
    });
    expect(span.attributes['error.type']).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    const pii = span.events.find((e) => e.name === 'airlock.pii_detected')!;
    expect(pii.attributes).toMatchObject({ 'airlock.count': 2, 'airlock.types.email': 2 });
  });

  it('a streamed call gets its span too, ended when the stream ends', async () => {
    const { airlock, spans, outer } = setup();
    const streamer = airlock.tool({
      name: 'streamer',
      description: 's',
      input: z.object({}),
      run: async function* () {
        yield 'part one, ';
        yield 'mail ann@example.com';
      },
    });
    let outerId = '';
    await outer.startActiveSpan('agent', async (span) => {
      outerId = span.spanContext().spanId;
      const r = await streamer.stream({});
      if (!r.ok) throw new Error('stream blocked');
      let text = '';
      for await (const chunk of r.chunks) text += chunk;
      expect(text).not.toContain('ann@example.com');
      span.end();
    });
    await airlock.close();
    const span = spans.getFinishedSpans().find((s) => s.name === 'execute_tool streamer')!;
    expect(span.parentSpanContext?.spanId).toBe(outerId);
    expect(span.attributes).toMatchObject({
      'airlock.outcome': 'allowed',
      'airlock.sanitized_count': 1,
    });
  });

  it('concurrent calls under different outer spans keep their own parents', async () => {
    const { airlock, tools, spans, outer } = setup();
    const parents: Record<string, string> = {};
    await Promise.all(
      ['one', 'two', 'three'].map((q) =>
        outer.startActiveSpan(`agent ${q}`, async (span) => {
          parents[q] = span.spanContext().spanId;
          await new Promise((r) => setTimeout(r, 5));
          await tools.search.call({ q }, { agentId: q });
          span.end();
        }),
      ),
    );
    await airlock.close();
    const toolSpans = spans.getFinishedSpans().filter((s) => s.name === 'execute_tool search');
    expect(toolSpans).toHaveLength(3);
    for (const s of toolSpans)
      expect(s.parentSpanContext?.spanId).toBe(parents[s.attributes['gen_ai.agent.id'] as string]);
  });

  it('a blocked call has error.type, ERROR status and the event that blocked it', async () => {
    const { airlock, tools, spans } = setup();
    await tools.limited.call({ q: 'a' });
    await tools.limited.call({ q: 'a' });
    await tools.search.call({ q: 'a', ghost: true });
    await airlock.close();
    const limited = spans.getFinishedSpans().filter((s) => s.name === 'execute_tool limited')[1]!;
    expect(limited.status).toMatchObject({ code: SpanStatusCode.ERROR });
    expect(limited.attributes).toMatchObject({
      'error.type': 'RATE_LIMITED',
      'airlock.code': 'RATE_LIMITED',
      'airlock.outcome': 'blocked',
      'airlock.blocked': true,
    });
    expect(limited.events.map((e) => e.name)).toEqual(['airlock.rate_limited']);
    expect(limited.events[0]!.attributes).toMatchObject({
      'airlock.limit': '1/hour',
      'airlock.scope': 'agent',
    });
    const ghost = spans.getFinishedSpans().find((s) => s.name === 'execute_tool search')!;
    expect(ghost.attributes['error.type']).toBe('GHOST_ARGUMENTS');
    expect(ghost.events.map((e) => e.name)).toEqual(['airlock.ghost_args_blocked']);
  });

  it('a tool failure records the real exception, which the model never sees', async () => {
    const { airlock, tools, spans } = setup();
    const r = await tools.broken.call({ q: 'a' });
    await airlock.close();
    expect(!r.ok && r.error.message).not.toContain('bad row');
    const span = spans.getFinishedSpans().find((s) => s.name === 'execute_tool broken')!;
    expect(span.attributes).toMatchObject({
      'error.type': 'TOOL_FAILED',
      'airlock.outcome': 'failed',
    });
    const exception = span.events.find((e) => e.name === 'exception')!;
    expect(exception.attributes).toMatchObject({
      'exception.type': 'TypeError',
      'exception.message': 'bad row',
    });
  });

  it('breaker changes become span events and transition counts', async () => {
    const { tracerProvider, meterProvider, spans, metricsNow } = setup();
    const observer = new OtelObserver({ tracerProvider, meterProvider });
    const scope = observer.startCall({
      callId: 'c1',
      tool: 'pay',
      context: {},
      startedAt: Date.now(),
    })!;
    const opened = {
      type: 'circuit_opened' as const,
      callId: 'c1',
      tool: 'pay',
      at: Date.now(),
      data: { failures: 5, state: 'open' },
    };
    scope.onEvent!(opened);
    observer.onEvent(opened);
    scope.end({
      callId: 'c1',
      tool: 'pay',
      context: {},
      startedAt: Date.now(),
      durationMs: 2,
      blocked: true,
      code: 'CIRCUIT_OPEN',
      sanitizedCount: 0,
      findingsByType: {},
      truncated: false,
    });
    const span = spans.getFinishedSpans()[0]!;
    expect(span.events[0]).toMatchObject({
      name: 'airlock.circuit_opened',
      attributes: { 'airlock.failures': 5, 'airlock.state': 'open' },
    });
    const metric = await metricsNow();
    expect(metric('airlock.circuit.transitions')!.dataPoints[0]).toMatchObject({
      value: 1,
      attributes: { 'airlock.circuit.state': 'opened', 'gen_ai.tool.name': 'pay' },
    });
  });
});

describe('OtelObserver metrics', () => {
  it('counts calls, blocks, PII by type and rate-limit hits, and times calls in seconds', async () => {
    const { airlock, tools, metricsNow } = setup();
    await tools.search.call({ q: 'a' });
    await tools.search.call({ q: 'b' });
    await tools.limited.call({ q: 'a' });
    await tools.limited.call({ q: 'a' });
    await airlock.close();
    const metric = await metricsNow();
    const points = (name: string) =>
      metric(name)!.dataPoints.map((d) => ({ attributes: d.attributes, value: d.value }));
    expect(points('airlock.calls')).toEqual(
      expect.arrayContaining([
        {
          attributes: {
            'gen_ai.tool.name': 'search',
            'airlock.outcome': 'allowed',
            'airlock.blocked': false,
          },
          value: 2,
        },
        {
          attributes: {
            'gen_ai.tool.name': 'limited',
            'airlock.outcome': 'allowed',
            'airlock.blocked': false,
          },
          value: 1,
        },
        {
          attributes: {
            'gen_ai.tool.name': 'limited',
            'airlock.outcome': 'blocked',
            'airlock.blocked': true,
          },
          value: 1,
        },
      ]),
    );
    expect(points('airlock.blocked')).toEqual([
      {
        attributes: {
          'gen_ai.tool.name': 'limited',
          'airlock.code': 'RATE_LIMITED',
          'airlock.outcome': 'blocked',
        },
        value: 1,
      },
    ]);
    expect(points('airlock.pii.detections')).toEqual([
      { attributes: { 'airlock.pii.type': 'email' }, value: 4 },
    ]);
    expect(points('airlock.rate_limit.hits')).toEqual([
      { attributes: { 'gen_ai.tool.name': 'limited' }, value: 1 },
    ]);
    const latency = metric('airlock.latency')!;
    expect(latency.descriptor.unit).toBe('s');
    const search = latency.dataPoints.find(
      (d) => d.attributes['gen_ai.tool.name'] === 'search',
    ) as DataPoint<Histogram>;
    expect(search.value.count).toBe(2);
    expect(search.value.buckets.boundaries).toEqual(DEFAULT_LATENCY_BUCKETS_S);
    expect(search.value.sum).toBeGreaterThan(0);
    expect(search.value.sum).toBeLessThan(1); // seconds, not milliseconds
  });
});

describe('OtelObserver off the hot path', () => {
  it('a tracer that throws never breaks a call', async () => {
    const throwing = {
      getTracer: () => ({
        startSpan: () => {
          throw new Error('exporter down');
        },
        startActiveSpan: () => {
          throw new Error('x');
        },
      }),
    };
    const errors: string[] = [];
    const airlock = createAirlock({
      plugins: [otelObserver({ tracerProvider: throwing as never, metrics: false })],
      onObserverError: (e) => errors.push((e as Error).message),
    });
    const t = airlock.tool({ name: 't', description: 't', input: z.object({}), run: () => 'fine' });
    expect(await t.call({})).toMatchObject({ ok: true, output: 'fine' });
    await airlock.close();
    expect(errors).toEqual(['exporter down']);
  });

  it('spans buffered by a batch processor are exported by airlock.close()', async () => {
    const spans = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({
      spanProcessors: [
        new BatchSpanProcessor(spans, { scheduledDelayMillis: 60_000, maxExportBatchSize: 1000 }),
      ],
    });
    const airlock = createAirlock({ plugins: [otelObserver({ tracerProvider, metrics: false })] });
    const t = airlock.tool({ name: 't', description: 't', input: z.object({}), run: () => 'fine' });
    for (let i = 0; i < 5; i++) await t.call({});
    expect(spans.getFinishedSpans()).toHaveLength(0);
    await airlock.close();
    expect(spans.getFinishedSpans()).toHaveLength(5);
  });

  it('uses the global providers when none is given', async () => {
    const spans = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }),
    );
    try {
      const airlock = createAirlock({ plugins: [otelObserver({ metrics: false })] });
      const t = airlock.tool({ name: 'g', description: 'g', input: z.object({}), run: () => 1 });
      await t.call({});
      await airlock.close();
      expect(spans.getFinishedSpans().map((s) => s.name)).toEqual(['execute_tool g']);
    } finally {
      trace.disable();
    }
  });
});
