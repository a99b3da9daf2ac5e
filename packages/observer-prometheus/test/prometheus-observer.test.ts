import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAirlock, defineRecognizer, z } from '@airlock/core';
import express from 'express';
import Fastify from 'fastify';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { prometheusObserver } from '../src/index.js';
import { parseExposition, sampleValue } from './exposition.js';

const email = defineRecognizer({
  name: 'test-email',
  type: 'email',
  patterns: [
    { name: 'email', regex: /[a-z0-9._-]{1,64}@[a-z0-9-]{1,63}\.[a-z]{2,10}/g, score: 0.9 },
  ],
});

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function exercise(plugin: ReturnType<typeof prometheusObserver>) {
  const airlock = createAirlock({
    plugins: [plugin],
    recognizers: [email],
    policy: { rateLimits: { limited: '1/hour' } },
  });
  const input = z.object({ q: z.string() });
  const search = airlock.tool({
    name: 'search',
    description: 's',
    input,
    run: () => 'write to ann@example.com or bob@example.org',
  });
  const limited = airlock.tool({ name: 'limited', description: 'l', input, run: () => 'ok' });
  await search.call({ q: 'a' });
  await search.call({ q: 'b' });
  await search.call({ q: 3 });
  await limited.call({ q: 'a' });
  await limited.call({ q: 'a' });
  await airlock.close();
}

function checkExposition(text: string): void {
  const { types } = parseExposition(text);
  expect(types.get('airlock_calls_total')).toBe('counter');
  expect(types.get('airlock_latency_seconds')).toBe('histogram');
  expect(sampleValue(text, 'airlock_calls_total', { tool: 'search', blocked: 'false' })).toBe(2);
  expect(sampleValue(text, 'airlock_calls_total', { tool: 'search', blocked: 'true' })).toBe(1);
  expect(sampleValue(text, 'airlock_calls_total', { tool: 'limited', blocked: 'false' })).toBe(1);
  expect(sampleValue(text, 'airlock_calls_total', { tool: 'limited', blocked: 'true' })).toBe(1);
  expect(
    sampleValue(text, 'airlock_blocked_total', {
      tool: 'search',
      code: 'VALIDATION_FAILED',
      outcome: 'blocked',
    }),
  ).toBe(1);
  expect(sampleValue(text, 'airlock_pii_detections_total', { type: 'email' })).toBe(4);
  expect(sampleValue(text, 'airlock_rate_limit_hits_total', { tool: 'limited' })).toBe(1);
  expect(sampleValue(text, 'airlock_latency_seconds_count', { tool: 'search' })).toBe(3);
  expect(sampleValue(text, 'airlock_latency_seconds_bucket', { tool: 'search', le: '+Inf' })).toBe(
    3,
  );
  expect(sampleValue(text, 'airlock_latency_seconds_sum', { tool: 'search' })).toBeLessThan(1); // seconds
}

describe('PrometheusObserver', () => {
  it('counts real calls into its own registry', async () => {
    const prom = prometheusObserver();
    await exercise(prom);
    checkExposition(await prom.registry.metrics());
  });

  it('registers into the user registry next to their metrics, and two airlocks share one set', async () => {
    const registry = new Registry();
    const mine = new Counter({ name: 'app_requests_total', help: 'app', registers: [registry] });
    mine.inc();
    await exercise(prometheusObserver({ registry }));
    await exercise(prometheusObserver({ registry }));
    const text = await registry.metrics();
    expect(sampleValue(text, 'app_requests_total')).toBe(1);
    expect(sampleValue(text, 'airlock_calls_total', { tool: 'search', blocked: 'false' })).toBe(4);
  });

  it('explains a name clash with another kind of metric', () => {
    const registry = new Registry();
    new Counter({ name: 'airlock_latency_seconds', help: 'x', registers: [registry] });
    expect(() => prometheusObserver({ registry })).toThrow(
      /'airlock_latency_seconds' is already registered in this registry as another kind/,
    );
  });

  it('serves /metrics from node:http', async () => {
    const prom = prometheusObserver();
    await exercise(prom);
    const server: Server = createServer((req, res) => {
      if (req.url === '/metrics') prom.metricsHandler(req, res);
      else res.writeHead(404).end();
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise((r) => server.close(() => r(undefined))));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    checkExposition(await res.text());
  });

  it('serves /metrics from Express', async () => {
    const prom = prometheusObserver();
    await exercise(prom);
    const app = express();
    app.get('/metrics', prom.metricsHandler);
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    closers.push(() => new Promise((r) => server.close(() => r(undefined))));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    expect(res.status).toBe(200);
    checkExposition(await res.text());
  });

  it('serves /metrics from Fastify', async () => {
    const prom = prometheusObserver();
    await exercise(prom);
    const app = Fastify();
    app.get('/metrics', async (_req, reply) => {
      const { contentType, body } = await prom.scrape();
      return reply.type(contentType).send(body);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    const res = await fetch(
      `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/metrics`,
    );
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    checkExposition(await res.text());
  });
});
