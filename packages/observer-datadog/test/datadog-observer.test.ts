import { createAirlock, defineRecognizer, z } from '@airlock/core';
import tracer from 'dd-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datadogObserver } from '../src/index.js';
import { type AgentSpan, startFakeAgent, waitFor } from './fake-agent.js';

const email = defineRecognizer({
  name: 'test-email',
  type: 'email',
  patterns: [
    { name: 'email', regex: /[a-z0-9._-]{1,64}@[a-z0-9-]{1,63}\.[a-z]{2,10}/g, score: 0.9 },
  ],
});

let agent: Awaited<ReturnType<typeof startFakeAgent>>;
beforeAll(async () => {
  agent = await startFakeAgent();
  tracer.init({
    url: agent.url,
    service: 'support-agent',
    flushInterval: 0,
    plugins: false,
    startupLogs: false,
    runtimeMetrics: false,
    dogstatsd: { hostname: '127.0.0.1', port: agent.statsdPort },
  });
});
afterAll(() => agent.close());

function setup() {
  const airlock = createAirlock({
    plugins: [datadogObserver()],
    recognizers: [email],
    policy: { rateLimits: { limited: '1/hour' } },
  });
  const input = z.object({ q: z.string() });
  return {
    airlock,
    search: airlock.tool({ name: 'search', description: 's', input, run: () => 'ann@example.com' }),
    limited: airlock.tool({ name: 'limited', description: 'l', input, run: () => 'ok' }),
    broken: airlock.tool({
      name: 'broken',
      description: 'b',
      input,
      run: () => {
        throw new RangeError('row 7 missing');
      },
    }),
  };
}

const byResource = (resource: string): AgentSpan[] =>
  agent.spans().filter((s) => s.resource === resource);

describe('DatadogObserver traces', () => {
  it('sends an airlock.execute_tool span per call, a child of the active dd-trace span', async () => {
    const { airlock, search } = setup();
    let parentId = 0n;
    await tracer.trace('agent.run', { resource: 'support' }, async (span) => {
      parentId = BigInt(span!.context().toSpanId());
      await search.call(
        { q: 'ann' },
        { agentId: 'a1', conversationId: 'c9', metadata: { toolCallId: 'call_7' } },
      );
    });
    await airlock.close();
    expect(await waitFor(() => byResource('search').length === 1)).toBe(true);
    const span = byResource('search')[0]!;
    expect(span.name).toBe('airlock.execute_tool');
    expect(span.service).toBe('support-agent');
    expect(span.parent_id).toBe(parentId);
    expect(span.error).toBe(0);
    expect(span.meta).toMatchObject({
      component: 'airlock',
      'span.kind': 'internal',
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'search',
      'gen_ai.tool.call.id': 'call_7',
      'gen_ai.agent.id': 'a1',
      'gen_ai.conversation.id': 'c9',
      'airlock.outcome': 'allowed',
      'airlock.blocked': 'false',
    });
    expect(span.metrics).toMatchObject({
      'airlock.sanitized_count': 1,
      'airlock.event.pii_detected': 1,
      'gen_ai.usage.input_tokens': 3,
    });
    const events = JSON.parse(span.meta.events!) as {
      name: string;
      attributes: Record<string, unknown>;
    }[];
    expect(events).toEqual([
      expect.objectContaining({
        name: 'airlock.pii_detected',
        attributes: { count: 1, 'types.email': 1 },
      }),
    ]);
    const parent = agent.spans().find((s) => s.span_id === parentId)!;
    expect(parent.trace_id).toBe(span.trace_id);
  });

  it('marks a blocked call with error.type and the event that blocked it', async () => {
    const { airlock, limited } = setup();
    await limited.call({ q: 'a' }, { agentId: 'dd-block' });
    await limited.call({ q: 'a' }, { agentId: 'dd-block' });
    await airlock.close();
    expect(await waitFor(() => byResource('limited').length === 2)).toBe(true);
    const blocked = byResource('limited').find((s) => s.error === 1)!;
    expect(blocked.meta).toMatchObject({
      'error.type': 'RATE_LIMITED',
      'airlock.code': 'RATE_LIMITED',
      'airlock.outcome': 'blocked',
    });
    expect(JSON.parse(blocked.meta.events!)[0]).toMatchObject({
      name: 'airlock.rate_limited',
      attributes: { limit: '1/hour', scope: 'agent' },
    });
    expect(blocked.meta['error.message']).toMatch(/^Rate limit reached for 'limited'/);
  });

  it('records a tool failure with the real exception type', async () => {
    const { airlock, broken } = setup();
    await broken.call({ q: 'a' });
    await airlock.close();
    expect(await waitFor(() => byResource('broken').length === 1)).toBe(true);
    const span = byResource('broken')[0]!;
    expect(span.error).toBe(1);
    expect(span.meta).toMatchObject({
      'error.type': 'RangeError',
      'error.message': 'row 7 missing',
      'airlock.code': 'TOOL_FAILED',
      'airlock.outcome': 'failed',
    });
    expect(span.meta['error.stack']).toContain('RangeError: row 7 missing');
  });
});

describe('DatadogObserver metrics', () => {
  it('sends DogStatsD counts and latency distributions with tags', async () => {
    const { airlock, search, limited } = setup();
    await search.call({ q: 'a' });
    await limited.call({ q: 'a' }, { agentId: 'dd-metrics' });
    await limited.call({ q: 'a' }, { agentId: 'dd-metrics' });
    await airlock.close();
    const has = (prefix: string, ...tags: string[]) =>
      agent.statsdLines.some((l) => l.startsWith(prefix) && tags.every((t) => l.includes(t)));
    expect(await waitFor(() => has('airlock.rate_limit.hits:1|c', 'tool:limited'))).toBe(true);
    expect(has('airlock.calls:1|c', 'tool:search', 'blocked:false', 'outcome:allowed')).toBe(true);
    expect(has('airlock.blocked:1|c', 'tool:limited', 'code:RATE_LIMITED')).toBe(true);
    expect(has('airlock.pii.detections:1|c', 'type:email')).toBe(true);
    const latency = agent.statsdLines.find(
      (l) => l.startsWith('airlock.latency:') && l.includes('tool:search'),
    )!;
    expect(latency).toMatch(/^airlock\.latency:[0-9.e-]+\|d\|/);
    expect(Number(latency.split(':')[1]!.split('|')[0])).toBeLessThan(1); // seconds
  });
});
