/**
 * Runs offline: an MCP server (`@modelcontextprotocol/sdk`) with an Airlock tool, and an MCP
 * client linked to it in memory. The client's OAuth scopes are its roles. A call with an
 * argument the tool does not have comes back as an isError result naming it; the fixed call
 * returns a masked customer record.
 *
 *   pnpm --filter @airlock/mcp example
 */
import { createAirlock, z } from '@airlock/core';
import { registerAirlockTools } from '@airlock/mcp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

const airlock = createAirlock({
  policy: { toolRoles: { get_customer: ['crm:read'] } },
});
const getCustomer = airlock.tool({
  name: 'get_customer',
  description: 'Look up a customer by id',
  input: z.object({ id: z.string() }),
  run: ({ id }) => ({ id, name: 'Asha Rao', email: 'asha.rao@example.com' }),
});

const server = new McpServer({ name: 'crm', version: '1.0.0' });
registerAirlockTools(server, [getCustomer]);

// In production the HTTP transport's bearer auth attaches this; here the client side does.
const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
const send = clientSide.send.bind(clientSide);
clientSide.send = (message, options) =>
  send(message, {
    ...options,
    authInfo: { token: 't', clientId: 'support-bot', scopes: ['crm:read'] },
  });
const client = new Client({ name: 'example-client', version: '1.0.0' });
await Promise.all([server.connect(serverSide), client.connect(clientSide)]);

const text = (r: any) => r.content.map((c: any) => c.text).join('');
const { tools } = await client.listTools();
console.log(`tools/list: ${tools[0]!.name} ${JSON.stringify(tools[0]!.inputSchema)}`);
const blocked = await client.callTool({
  name: 'get_customer',
  arguments: { id: 'c-42', include_notes: true },
});
console.log(`call 1 (isError: ${blocked.isError ?? false}) -> ${text(blocked)}`);
const fixed = await client.callTool({ name: 'get_customer', arguments: { id: 'c-42' } });
console.log(`call 2 (isError: ${fixed.isError ?? false}) -> ${text(fixed)}`);
await client.close();
