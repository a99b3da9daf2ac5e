import { createAirlock, z } from '@airlock/core';
import tracer from 'dd-trace';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { datadogObserver } from '../src/index.js';
import { startFakeAgent } from './fake-agent.js';

let agent: Awaited<ReturnType<typeof startFakeAgent>>;
beforeAll(async () => {
  agent = await startFakeAgent();
  // A long flush interval: without airlock.close() flushing, nothing would reach the agent yet.
  tracer.init({
    url: agent.url,
    flushInterval: 60_000,
    plugins: false,
    startupLogs: false,
    dogstatsd: { hostname: '127.0.0.1', port: agent.statsdPort },
  });
});
afterAll(() => agent.close());

it('airlock.close() delivers buffered spans and metrics, so a clean shutdown loses nothing', async () => {
  const airlock = createAirlock({ plugins: [datadogObserver()] });
  const t = airlock.tool({
    name: 'lookup',
    description: 'l',
    input: z.object({}),
    run: () => 'ok',
  });
  for (let i = 0; i < 3; i++) await t.call({});
  await new Promise((r) => setTimeout(r, 100));
  expect(agent.spans()).toHaveLength(0);
  expect(agent.statsdLines).toHaveLength(0);
  await airlock.close();
  expect(agent.spans().filter((s) => s.resource === 'lookup')).toHaveLength(3);
  expect(
    agent.statsdLines.some((l) => l.startsWith('airlock.calls:3|c') && l.includes('tool:lookup')),
  ).toBe(true);
});
