import { createAirlock, z } from '@airlock/core';
import { indiaPii } from '@airlock/pii-india';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { describe, expect, it } from 'vitest';
import {
  airlockContextFromFastMcp,
  airlockContextFromMcpRequest,
  currentMcpRequest,
  registerAirlockTool,
  secureMcpServer,
} from '../src/index.js';
import { CUSTOMER } from './support/customer.js';
import { textOf } from './support/servers.js';

async function link(server: McpServer) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 't', version: '1.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return client;
}

describe('secureMcpServer', () => {
  it('guards tools registered the usual MCP way: raw shapes, callbacks, results', async () => {
    const airlock = createAirlock({ plugins: [indiaPii()] });
    const server = secureMcpServer(new McpServer({ name: 's', version: '1.0.0' }), airlock);
    let seenExtra: unknown;
    server.registerTool(
      'lookup',
      { title: 'Lookup', description: 'Find a customer', inputSchema: { id: z.string() } },
      async ({ id }: { id: string }, extra: unknown) => {
        seenExtra = extra;
        return { content: [{ type: 'text', text: `${id}: ${CUSTOMER.email}` }] };
      },
    );
    const client = await link(server as McpServer);
    const listed = (await client.listTools()).tools[0]!;
    expect(listed).toMatchObject({
      name: 'lookup',
      title: 'Lookup',
      description: 'Find a customer',
    });
    expect(listed.inputSchema).toMatchObject({ additionalProperties: false, required: ['id'] });
    const ghost = await client.callTool({ name: 'lookup', arguments: { id: 'c1', verbose: true } });
    expect(ghost.isError).toBe(true);
    expect(textOf(ghost as never)).toContain("'verbose'");
    const ok = await client.callTool({ name: 'lookup', arguments: { id: 'c1' } });
    expect(textOf(ok as never)).toBe('c1: [REDACTED:EMAIL]');
    expect(seenExtra).toMatchObject({ requestId: expect.anything() });
    await client.close();
  });

  it('refuses an input schema Airlock cannot check, at registration', () => {
    const server = secureMcpServer(new McpServer({ name: 's', version: '1.0.0' }), createAirlock());
    const register = server.registerTool as (
      name: string,
      config: object,
      cb: () => unknown,
    ) => unknown;
    expect(() =>
      register('bad', { inputSchema: { id: 'string' } }, async () => ({ content: [] })),
    ).toThrow(/zod \(v4\) object schema/);
  });
});

describe('registerAirlockTool', () => {
  it('gives the tool run the MCP request, and fails closed when the context mapping throws', async () => {
    const airlock = createAirlock();
    let request: unknown;
    let runs = 0;
    const tool = airlock.tool({
      name: 'ping',
      description: 'Ping',
      input: z.object({}),
      run: () => {
        runs++;
        request = currentMcpRequest();
        return 'pong';
      },
    });
    const other = airlock.tool({
      name: 'broken',
      description: 'x',
      input: z.object({}),
      run: () => runs++,
    });
    const server = new McpServer({ name: 's', version: '1.0.0' });
    registerAirlockTool(server, tool);
    registerAirlockTool(server, other, {
      context: () => {
        throw new Error('no session');
      },
    });
    const client = await link(server);
    expect(textOf((await client.callTool({ name: 'ping', arguments: {} })) as never)).toBe('pong');
    expect(request).toMatchObject({ requestId: expect.anything() });
    const broken = await client.callTool({ name: 'broken', arguments: {} });
    expect(broken.isError).toBe(true);
    expect(textOf(broken as never)).toContain('could not be identified');
    expect(runs).toBe(1);
    await client.close();
  });
});

describe('context mapping', () => {
  it('reads roles, client and session from an MCP request', () => {
    expect(
      airlockContextFromMcpRequest({
        authInfo: { clientId: 'c', scopes: ['read'], extra: { sub: 'u1' } },
        sessionId: 's1',
      }),
    ).toEqual({ roles: ['read'], agentId: 'c', userId: 'u1', conversationId: 's1' });
    expect(
      airlockContextFromMcpRequest({
        http: { authInfo: { scopes: ['x'], extra: { roles: ['admin'] } } },
      }),
    ).toEqual({
      roles: ['admin'],
    });
    expect(airlockContextFromMcpRequest(undefined)).toEqual({});
  });

  it('reads the fastmcp session', () => {
    expect(
      airlockContextFromFastMcp({
        session: { id: 'u1', roles: ['a'], clientId: 'c' },
        sessionId: 's',
      }),
    ).toEqual({
      userId: 'u1',
      roles: ['a'],
      agentId: 'c',
      conversationId: 's',
    });
  });
});
