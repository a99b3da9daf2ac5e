import { afterEach, describe, expect, it } from 'vitest';
import { AIRLOCK_ERROR_META_KEY } from '../src/index.js';
import { CUSTOMER } from './support/customer.js';
import { fixtures } from './support/fixtures.js';
import { connect, type McpClientLike, SERVER_KINDS, textOf } from './support/servers.js';

const clients: McpClientLike[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
const open = async (...args: Parameters<typeof connect>) => {
  const client = await connect(...args);
  clients.push(client);
  return client;
};

describe.each(SERVER_KINDS)('MCP Client over the in-memory transport, server: %s', (kind) => {
  it('lists the real input schema of each tool', async () => {
    const { tools } = fixtures();
    const client = await open(kind, tools);
    const listed = (await client.listTools()).tools.find((t) => t.name === 'get_weather')!;
    expect(listed.inputSchema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['city'],
      properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } },
    });
  });

  it('blocks a ghost argument with an isError result naming it, then runs the corrected call', async () => {
    const { tools, runs } = fixtures();
    const client = await open(kind, tools);
    const args: Record<string, unknown> = { city: 'Tokyo', units: 'metric' };
    const blocked = await client.callTool({ name: 'get_weather', arguments: args });
    expect(blocked.isError).toBe(true);
    expect(textOf(blocked)).toContain('GHOST_ARGUMENTS');
    expect(textOf(blocked)).toContain("'units'");
    // A model fixes its call from the text alone: it drops the argument named there.
    const ghost = /Unknown argument '([^']+)'/.exec(textOf(blocked))?.[1];
    if (ghost) delete args[ghost];
    const fixed = await client.callTool({ name: 'get_weather', arguments: args });
    expect(fixed.isError ?? false).toBe(false);
    expect(textOf(fixed)).toBe('Sunny in Tokyo');
    expect(runs.get_weather).toBe(1);
  });

  it("reports a mistyped argument with Airlock's message, not a protocol error", async () => {
    const { tools, runs } = fixtures();
    const client = await open(kind, tools);
    const result = await client.callTool({
      name: 'get_weather',
      arguments: { city: 'Tokyo', days: 'three' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('VALIDATION_FAILED');
    expect(textOf(result)).toContain('days');
    expect(runs.get_weather).toBe(0);
  });

  it('returns the output masked: no email, no Aadhaar number', async () => {
    const { tools, runs } = fixtures();
    const client = await open(kind, tools);
    const result = await client.callTool({ name: 'get_customer', arguments: { id: 'c-42' } });
    const everything = JSON.stringify(result);
    expect(runs.get_customer).toBe(1);
    expect(result.isError ?? false).toBe(false);
    expect(textOf(result)).toContain('Asha Rao');
    expect(textOf(result)).toContain('[REDACTED:EMAIL]');
    expect(textOf(result)).toContain('[REDACTED:AADHAAR]');
    expect(everything).not.toContain(CUSTOMER.email);
    expect(everything).not.toContain(CUSTOMER.aadhaar);
  });

  it('answers a rate-limited call with a retryable isError result, and the session goes on', async () => {
    const { tools, runs } = fixtures();
    const client = await open(kind, tools);
    const first = await client.callTool({ name: 'get_quote', arguments: { symbol: 'ACME' } });
    expect(textOf(first)).toBe('ACME: 101.5');
    const limited = await client.callTool({ name: 'get_quote', arguments: { symbol: 'ACME' } });
    expect(limited.isError).toBe(true);
    expect(textOf(limited)).toContain('RATE_LIMITED');
    expect(textOf(limited)).toMatch(/Retry after \d+ ms/);
    expect(textOf(limited)).toContain('You may retry.');
    expect(limited._meta?.[AIRLOCK_ERROR_META_KEY]).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
    });
    expect(runs.get_quote).toBe(1);
    // The session is still usable.
    expect(
      textOf(await client.callTool({ name: 'get_weather', arguments: { city: 'Pune' } })),
    ).toBe('Sunny in Pune');
  });

  it("lets the roles of the request's auth decide whether a tool runs", async () => {
    for (const [roles, allowed] of [
      [['support'], false],
      [['admin'], true],
    ] as const) {
      const { tools, runs } = fixtures();
      const client = await open(kind, tools, { clientId: 'agent-1', roles: [...roles] });
      const result = await client.callTool({ name: 'delete_customer', arguments: { id: 'c-42' } });
      if (allowed) {
        expect(result.isError ?? false).toBe(false);
        expect(textOf(result)).toBe('deleted c-42');
        expect(runs.delete_customer).toBe(1);
      } else {
        expect(result.isError).toBe(true);
        expect(textOf(result)).toContain('ROLE_DENIED');
        expect(runs.delete_customer).toBe(0);
      }
    }
  });
});
