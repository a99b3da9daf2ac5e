import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AirlockEvent,
  type AirlockObserver,
  type AirlockPlugin,
  type CallEndEvent,
  callOutcome,
} from '@airlock/core';
import { type Counter, type Histogram, Registry } from 'prom-client';
import { counter, histogram } from './get-or-create.js';

export interface PrometheusObserverOptions {
  /** Register the metrics here (your app's registry, or prom-client's global `register`).
   *  Default: a registry of its own, served by `metricsHandler`. */
  registry?: Registry;
  /** Prefix of every metric name. Default `airlock_`. */
  prefix?: string;
  /** Buckets of `airlock_latency_seconds`. */
  latencyBuckets?: number[];
}

/** Seconds: blocks take microseconds, tools up to minutes. */
export const DEFAULT_LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/**
 * Airlock's calls as Prometheus metrics. Labels are bounded (tool names, codes, entity types):
 * never agent, user or workspace ids, which would explode the series count.
 */
export class PrometheusObserver implements AirlockObserver {
  readonly name = 'prometheus';
  readonly registry: Registry;
  private readonly calls: Counter<string>;
  private readonly blocked: Counter<string>;
  private readonly latency: Histogram<string>;
  private readonly pii: Counter<string>;
  private readonly rateLimitHits: Counter<string>;
  private readonly circuit: Counter<string>;
  private readonly budgetWarnings: Counter<string>;

  constructor(options: PrometheusObserverOptions = {}) {
    this.registry = options.registry ?? new Registry();
    const r = this.registry;
    const p = options.prefix ?? 'airlock_';
    this.calls = counter(r, `${p}calls_total`, 'Tool calls through Airlock', ['tool', 'blocked']);
    this.blocked = counter(r, `${p}blocked_total`, 'Calls that ended without output, by code', [
      'tool',
      'code',
      'outcome',
    ]);
    this.latency = histogram(
      r,
      `${p}latency_seconds`,
      'Duration of guarded tool calls, checks included',
      ['tool'],
      options.latencyBuckets ?? DEFAULT_LATENCY_BUCKETS,
    );
    this.pii = counter(
      r,
      `${p}pii_detections_total`,
      'Values masked in tool output, by entity type',
      ['type'],
    );
    this.rateLimitHits = counter(r, `${p}rate_limit_hits_total`, 'Calls denied by a rate limit', [
      'tool',
    ]);
    this.circuit = counter(r, `${p}circuit_transitions_total`, 'Circuit breaker state changes', [
      'tool',
      'to',
    ]);
    this.budgetWarnings = counter(
      r,
      `${p}budget_warnings_total`,
      'Budgets that crossed their warning fraction',
      ['budget'],
    );
  }

  onCallEnd(event: CallEndEvent): void {
    this.calls.inc({ tool: event.tool, blocked: String(event.blocked) });
    if (event.code)
      this.blocked.inc({ tool: event.tool, code: event.code, outcome: callOutcome(event) });
    this.latency.observe({ tool: event.tool }, event.durationMs / 1000);
    for (const type in event.findingsByType) this.pii.inc({ type }, event.findingsByType[type]);
  }

  onEvent(event: AirlockEvent): void {
    if (event.type === 'rate_limited') this.rateLimitHits.inc({ tool: event.tool ?? 'unknown' });
    else if (event.type === 'budget_warning')
      this.budgetWarnings.inc({ budget: String(event.data.budget ?? 'unknown') });
    else if (event.type.startsWith('circuit_'))
      this.circuit.inc({ tool: event.tool ?? 'unknown', to: event.type.slice('circuit_'.length) });
  }

  /** The exposition text and its content type, for any framework (Fastify: `reply.type(contentType).send(body)`). */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * A `/metrics` handler for `node:http` and Express/Connect (`app.get('/metrics', handler)`).
   * It serves whatever path it is mounted on; a failed collection answers 500 without details.
   */
  readonly metricsHandler = (_req: IncomingMessage, res: ServerResponse): void => {
    this.scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType });
        res.end(body);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('metrics collection failed\n');
      },
    );
  };
}

/** The plugin form: `createAirlock({ plugins: [prom] })`, then serve `prom.metricsHandler`. */
export function prometheusObserver(options: PrometheusObserverOptions = {}): AirlockPlugin &
  Pick<PrometheusObserver, 'registry' | 'scrape' | 'metricsHandler'> & {
    observer: PrometheusObserver;
  } {
  const observer = new PrometheusObserver(options);
  return {
    name: 'observer-prometheus',
    observers: [observer],
    observer,
    registry: observer.registry,
    scrape: () => observer.scrape(),
    metricsHandler: observer.metricsHandler,
  };
}
