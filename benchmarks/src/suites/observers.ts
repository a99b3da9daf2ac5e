import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type AirlockPlugin,
  createAirlock,
  defineRecognizer,
  PERMISSIVE_POLICY,
  z,
} from '@airlock/core';
import { datadogObserver } from '@airlock/observer-datadog';
import { otelObserver } from '@airlock/observer-otel';
import { posthogObserver } from '@airlock/observer-posthog';
import { prometheusObserver } from '@airlock/observer-prometheus';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import ddTrace from 'dd-trace';
import { PostHog } from 'posthog-node';
import { compare, us } from '../measure.js';
import type { Suite } from '../suite.js';

/** Collects nothing until asked: the SDK's instruments still record every call. */
class PullReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** Accepts spans and drops them, as a real exporter would after sending. */
const discardSpans: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => {},
};

/** A loopback sink standing in for the Datadog agent and PostHog: answers every request. */
async function loopbackSink(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const email = defineRecognizer({
  name: 'bench-email',
  type: 'email',
  patterns: [
    { name: 'email', regex: /[a-z0-9._-]{1,64}@[a-z0-9-]{1,63}\.[a-z]{2,10}/g, score: 0.9 },
  ],
});

/**
 * What each observer adds to a call: the same guarded call (valid, permissive policy, output
 * with one email to mask, so PII events fire too) with no observer and with each one, side by
 * side in one run. Two figures: the median latency of a call (what the caller waits: observers
 * deliver after it has its result) and the CPU per call including the deferred delivery. Both
 * are medians of interleaved samples: the machine is shared, and medians resist its noise.
 */
export const observersSuite: Suite = {
  name: 'observers',
  description:
    'Per-call overhead of each observer (OTel SDK, Datadog, Prometheus, PostHog) vs none',
  async run({ quick }) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const sink = await loopbackSink();
    ddTrace.init({
      url: sink.url,
      flushInterval: 2000,
      plugins: false,
      startupLogs: false,
      runtimeMetrics: false,
      dogstatsd: { hostname: '127.0.0.1', port: 9 },
    });
    const posthog = new PostHog('phc_bench', { host: sink.url, flushAt: 100, flushInterval: 5000 });
    const subjects: { label: string; plugins: AirlockPlugin[] }[] = [
      { label: 'no observer', plugins: [] },
      {
        label: 'otel SDK (batch spans + metrics)',
        plugins: [
          otelObserver({
            tracerProvider: new BasicTracerProvider({
              spanProcessors: [new BatchSpanProcessor(discardSpans, { maxQueueSize: 100_000 })],
            }),
            meterProvider: new MeterProvider({ readers: [new PullReader()] }),
          }),
        ],
      },
      { label: 'otel API only (no SDK)', plugins: [otelObserver()] },
      { label: 'datadog (dd-trace)', plugins: [datadogObserver()] },
      { label: 'prometheus', plugins: [prometheusObserver()] },
      { label: 'posthog', plugins: [posthogObserver({ client: posthog })] },
    ];
    const input = z.object({ id: z.number().int() });
    const run = ({ id }: { id: number }) => ({ id, name: 'Ann Lee', email: 'ann@example.com' });
    const tools = subjects.map((s) => {
      const airlock = createAirlock({
        policy: PERMISSIVE_POLICY,
        plugins: s.plugins,
        recognizers: [email],
      });
      return {
        airlock,
        tool: airlock.tool({ name: 'get_customer', description: 'Look up a customer', input, run }),
      };
    });
    const args = { id: 42 };
    for (const t of tools) {
      const r = await t.tool.call(args);
      if (!r.ok) throw new Error(`benchmark call was blocked: ${JSON.stringify(r.error)}`);
    }
    /** Lets deferred deliveries run, as the event loop would between requests. */
    const settle = () => new Promise((r) => setImmediate(r));

    const latency = await compare(
      tools.map((t, i) => ({ label: subjects[i]!.label, fn: () => t.tool.call(args) })),
      { iterations: quick ? 10_000 : 100_000, warmup: quick ? 1_000 : 10_000 },
    );
    await settle();
    // CPU per call, delivery included: a sample is 10 calls then one turn of the event loop (as a
    // server gets between requests), so the deferred deliveries run inside the timed sample.
    const batch = 10;
    const cpu = await compare(
      tools.map((t, i) => ({
        label: subjects[i]!.label,
        fn: async () => {
          for (let k = 0; k < batch; k++) await t.tool.call(args);
          await settle();
        },
      })),
      { iterations: quick ? 2_000 : 20_000, warmup: quick ? 200 : 2_000, rounds: 20 },
    );
    for (const t of tools) await t.airlock.close();
    await posthog.shutdown();
    await sink.close();

    const base = latency[0]!;
    const baseCpuNs = cpu[0]!.medianNs / batch;
    const rows = latency.map((s, i) => {
      const cpuNs = cpu[i]!.medianNs / batch;
      return {
        observer: s.label,
        'median call': us(s.medianNs),
        'median ratio': (s.medianNs / base.medianNs).toFixed(2),
        'p99 call': us(s.p99Ns),
        'cpu per call': us(cpuNs),
        'cpu ratio': (cpuNs / baseCpuNs).toFixed(2),
        'cpu added': us(cpuNs - baseCpuNs),
      };
    });
    const added = latency.slice(1).map((s) => ({ label: s.label, ns: s.medianNs - base.medianNs }));
    const worst = added.reduce((a, b) => (b.ns > a.ns ? b : a));
    return {
      suite: 'observers',
      chart: {
        title: 'Latency each observer adds to a call (median)',
        unit: 'µs',
        better: 'lower',
        bars: added.map((a) => ({ label: a.label, value: Math.max(0, a.ns / 1000), ours: true })),
      },
      summary: rows
        .slice(1)
        .map(
          (r) =>
            `${r.observer}: median x${r['median ratio']}, cpu x${r['cpu ratio']} (+${r['cpu added']})`,
        )
        .join('; '),
      rows,
      targets: [
        {
          // What the caller waits for: research budget of ~3 µs for an OTel SDK span, with slack.
          name: 'latency an observer adds to a call (median, worst observer)',
          target: '<= 5 µs',
          measured: `${worst.label} +${us(worst.ns)}`,
          met: worst.ns <= 5000,
        },
      ],
    };
  },
};
