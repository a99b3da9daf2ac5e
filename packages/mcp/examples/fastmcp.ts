/**
 * Runs offline: a fastmcp server with Airlock tools; the session your `authenticate` returns
 * carries the roles. A caller without the `finance` role cannot refund; a rate limit answers
 * with a retryable isError result.
 *
 *   pnpm --filter @airlock/mcp example:fastmcp
 */
import { createAirlock, z } from '@airlock/core';
import { addAirlockTools } from '@airlock/mcp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { FastMCP } from 'fastmcp';

const airlock = createAirlock({
  policy: { toolRoles: { refund_order: ['finance'] }, rateLimits: { order_status: '1/minute' } },
});
const tools = [
  airlock.tool({
    name: 'refund_order',
    description: 'Refund an order (finance only)',
    input: z.object({ orderId: z.string() }),
    run: ({ orderId }) => `refunded ${orderId}`,
  }),
  airlock.tool({
    name: 'order_status',
    description: 'Status of an order',
    input: z.object({ orderId: z.string() }),
    run: ({ orderId }) => `${orderId}: shipped`,
  }),
];

const server = new FastMCP<{ userId: string; roles: string[] }>({
  name: 'orders',
  version: '1.0.0',
});
addAirlockTools(server, tools);

const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
const client = new Client({ name: 'example-client', version: '1.0.0' });
// `connect(transport, session)` stands in for what `authenticate` returns over HTTP.
const [session] = await Promise.all([
  server.connect(serverSide as never, { userId: 'u-7', roles: ['support'] }),
  client.connect(clientSide),
]);

const text = (r: any) => r.content.map((c: any) => c.text).join('');
for (const [name, args] of [
  ['refund_order', { orderId: 'o-1' }],
  ['order_status', { orderId: 'o-1' }],
  ['order_status', { orderId: 'o-1' }],
] as const) {
  const result = await client.callTool({ name, arguments: args });
  console.log(`${name} (isError: ${result.isError ?? false}) -> ${text(result).split('\n')[0]}`);
}
await client.close();
await session.close();
