import { once } from 'node:events';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Airlock,
  type AirlockPlugin,
  createAirlock,
  createHealthProbes,
  type HealthProbes,
  z,
} from '../src/index.js';

/** A plugin whose health the test sets, standing for a backend that fails closed. */
function controllablePlugin(name: string, critical: boolean) {
  const state = { ok: true, hang: false };
  const plugin: AirlockPlugin = {
    name,
    health: () =>
      state.hang
        ? new Promise(() => {})
        : Promise.resolve({
            name,
            ok: state.ok,
            critical,
            details: { state: state.ok ? 'ready' : 'down' },
          }),
  };
  return { plugin, state };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(handler: RequestListener): Promise<string> {
  const server: Server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function setup(
  plugins: AirlockPlugin[],
  options: Parameters<typeof createHealthProbes>[1] = {},
): { airlock: Airlock; probes: HealthProbes } {
  const airlock = createAirlock({ plugins, healthTimeoutMs: 100 });
  const probes = createHealthProbes(airlock, { cacheMs: 0, shutdownDelayMs: 0, ...options });
  cleanups.push(
    () => probes.stop(),
    () => airlock.close(),
  );
  return { airlock, probes };
}

const get = async (url: string) => {
  const r = await fetch(url);
  return { status: r.status, body: (await r.json()) as Record<string, any> };
};

describe('health probes on node:http', () => {
  it('/readyz is 503 while a critical check fails and 200 again after', async () => {
    // The Redis-backed variant (a real redis-server killed and restarted) is in
    // packages/backend-redis/test/readiness.test.ts.
    const backend = controllablePlugin('state-backend', true);
    const { probes } = setup([backend.plugin]);
    const base = await serve(probes.handler);
    expect((await get(`${base}/readyz`)).status).toBe(200);
    backend.state.ok = false;
    const down = await get(`${base}/readyz`);
    expect(down).toEqual({
      status: 503,
      body: { status: 'unready', reasons: ["critical check 'state-backend' failing"] },
    });
    expect((await get(`${base}/livez`)).status).toBe(200); // a dependency never fails liveness
    backend.state.ok = true;
    expect((await get(`${base}/readyz`)).status).toBe(200);
  });

  it('a failing non-critical check leaves the pod ready but degraded', async () => {
    const exporter = controllablePlugin('exporter', false);
    const { probes } = setup([exporter.plugin]);
    const base = await serve(probes.handler);
    exporter.state.ok = false;
    expect(await get(`${base}/readyz`)).toEqual({
      status: 200,
      body: { status: 'ready', reasons: [], degraded: true },
    });
    const details = await get(`${base}/healthz`);
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({
      status: 'degraded',
      ready: true,
      checks: [{ name: 'exporter', ok: false, details: { state: 'down' } }],
    });
  });

  it('a check that hangs times out as failing, and stays critical if it last said so', async () => {
    const backend = controllablePlugin('state-backend', true);
    const { airlock, probes } = setup([backend.plugin]);
    const base = await serve(probes.handler);
    expect((await get(`${base}/readyz`)).status).toBe(200);
    backend.state.hang = true;
    expect((await get(`${base}/readyz`)).status).toBe(503);
    const h = await airlock.health();
    expect(h.checks[0]).toMatchObject({
      name: 'state-backend',
      ok: false,
      critical: true,
      details: { error: 'health check timed out after 100 ms' },
    });
  });

  it('/livez fails while the event loop is blocked', async () => {
    const { probes } = setup([], { maxEventLoopDelayMs: 100, eventLoopWindowMs: 60_000 });
    const base = await serve(probes.handler);
    expect((await get(`${base}/livez`)).status).toBe(200);
    const until = Date.now() + 400;
    while (Date.now() < until) {
      // Blocks the loop, as a runaway synchronous task would.
    }
    await new Promise((r) => setTimeout(r, 50));
    const r = await get(`${base}/livez`);
    expect(r.status).toBe(503);
    expect(r.body.reasons[0]).toMatch(/^event loop delay p99 \d+(\.\d+)? ms > 100 ms$/);
  });

  it('answers 404 for other paths, and HEAD without a body', async () => {
    const { probes } = setup([]);
    const base = await serve(probes.handler);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const head = await fetch(`${base}/readyz?verbose=1`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('graceful shutdown', () => {
  it('turns unready first, drains in-flight calls, flushes observers, then closes plugins', async () => {
    const log: string[] = [];
    let release!: () => void;
    const airlock = createAirlock({
      plugins: [{ name: 'backend', close: async () => void log.push('plugin closed') }],
      observers: [{ onCallEnd: async (e) => void log.push(`observed ${e.tool}`) }],
    });
    const probes = createHealthProbes(airlock, { shutdownDelayMs: 50, cacheMs: 0 });
    cleanups.push(() => probes.stop());
    const slow = airlock.tool({
      name: 'slow',
      description: 'slow',
      input: z.object({}),
      run: () =>
        new Promise<string>((r) => {
          release = () => r('done');
        }),
    });
    const fast = airlock.tool({
      name: 'fast',
      description: 'fast',
      input: z.object({}),
      run: () => 'ok',
    });
    const inflight = slow.call({});
    const done = probes.shutdown();
    expect(probes.shuttingDown).toBe(true);
    expect((await probes.ready()).status).toBe(503);
    expect(JSON.parse(probes.live().body).reasons).toEqual(['shutting down']);
    // During the delay the load balancer may still route calls here: they are served.
    expect((await fast.call({})).ok).toBe(true);
    for (let i = 0; i < 100 && !(await airlock.health()).closing; i++)
      await new Promise((r) => setTimeout(r, 10));
    const late = await fast.call({});
    expect(!late.ok && late.error.details).toEqual({ reason: 'shutting_down' });
    log.push('releasing');
    release();
    await done;
    expect((await inflight).ok).toBe(true);
    expect(log).toEqual(['observed fast', 'releasing', 'observed slow', 'plugin closed']);
  });
});

describe('health probes in frameworks', () => {
  it('mounts in Express as middleware and passes other paths on', async () => {
    const backend = controllablePlugin('state-backend', true);
    const { probes } = setup([backend.plugin]);
    const app = express();
    app.use(probes.handler);
    app.get('/hello', (_req, res) => void res.send('hi'));
    const base = await serve(app);
    expect((await get(`${base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${base}/hello`)).text()).toBe('hi');
    backend.state.ok = false;
    expect((await get(`${base}/readyz`)).status).toBe(503);
  });

  it('serves from Fastify routes through probe()', async () => {
    const backend = controllablePlugin('state-backend', true);
    const { probes } = setup([backend.plugin]);
    const app = Fastify();
    for (const path of ['/livez', '/readyz', '/healthz']) {
      app.get(path, async (_req, reply) => {
        const r = (await probes.probe(path))!;
        return reply.code(r.status).type(r.contentType).send(r.body);
      });
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => app.close());
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    expect((await get(`${base}/readyz`)).status).toBe(200);
    backend.state.ok = false;
    expect(await get(`${base}/readyz`)).toMatchObject({ status: 503, body: { status: 'unready' } });
    expect((await get(`${base}/healthz`)).body).toMatchObject({
      ready: false,
      checks: [{ name: 'state-backend', ok: false, critical: true }],
    });
  });
});
