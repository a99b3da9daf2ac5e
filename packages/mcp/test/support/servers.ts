import type { AirlockTool } from '@airlock/core';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  InMemoryTransport as InMemoryTransportV2,
  McpServer as McpServerV2,
} from '@modelcontextprotocol/server';
import { FastMCP } from 'fastmcp';
import { addAirlockTools, registerAirlockTools } from '../../src/index.js';

export type ServerKind =
  | '@modelcontextprotocol/sdk v1 McpServer'
  | '@modelcontextprotocol/server v2 McpServer'
  | 'fastmcp';
export const SERVER_KINDS: ServerKind[] = [
  '@modelcontextprotocol/sdk v1 McpServer',
  '@modelcontextprotocol/server v2 McpServer',
  'fastmcp',
];

/** Who calls: roles go into OAuth scopes (MCP SDKs) or the session fastmcp authenticated. */
export interface Caller {
  clientId: string;
  roles: string[];
}

/** What a test drives: an MCP client, whatever the server. */
export interface McpClientLike {
  listTools(): Promise<{ tools: { name: string; inputSchema: Record<string, unknown> }[] }>;
  callTool(request: { name: string; arguments?: Record<string, unknown> }): Promise<any>;
  close(): Promise<void>;
}

/**
 * A real MCP server of the given kind with the Airlock tools registered, and a real MCP client
 * linked to it over the SDK's in-memory transport. For the SDK servers the caller's auth info
 * rides on each message, as an HTTP transport with bearer auth would attach it.
 */
export async function connect(
  kind: ServerKind,
  tools: AirlockTool[],
  caller?: Caller,
): Promise<McpClientLike> {
  const authInfo = caller
    ? { token: 'test-token', clientId: caller.clientId, scopes: caller.roles }
    : undefined;
  if (kind === '@modelcontextprotocol/sdk v1 McpServer') {
    const server = new McpServer({ name: 'airlock-test', version: '1.0.0' });
    registerAirlockTools(server, tools);
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    withAuth(clientSide, authInfo);
    const client = new Client({ name: 'test-client', version: '1.0.0' });
    await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
    return client as unknown as McpClientLike;
  }
  if (kind === '@modelcontextprotocol/server v2 McpServer') {
    const server = new McpServerV2({ name: 'airlock-test', version: '1.0.0' });
    registerAirlockTools(server, tools);
    const [clientSide, serverSide] = InMemoryTransportV2.createLinkedPair();
    withAuth(clientSide, authInfo);
    const client = new ClientV2({ name: 'test-client', version: '1.0.0' });
    await Promise.all([server.connect(serverSide), client.connect(clientSide as never)]);
    return client as unknown as McpClientLike;
  }
  const server = new FastMCP<Record<string, unknown>>({ name: 'airlock-test', version: '1.0.0' });
  addAirlockTools(server, tools);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  const session = caller ? { clientId: caller.clientId, roles: caller.roles } : {};
  const [fastSession] = await Promise.all([
    server.connect(serverSide as never, session),
    client.connect(clientSide),
  ]);
  return {
    listTools: () => client.listTools() as never,
    callTool: (request) => client.callTool(request),
    // fastmcp keeps a timer per session: close it too, or the process stays up.
    close: async () => {
      await client.close();
      await fastSession.close();
    },
  };
}

function withAuth(
  transport: { send: (message: any, options?: any) => Promise<void> },
  authInfo: unknown,
): void {
  if (!authInfo) return;
  const send = transport.send.bind(transport);
  transport.send = (message, options) => send(message, { ...options, authInfo });
}

/** The text of a tool result. */
export const textOf = (result: { content: { type: string; text?: string }[] }) =>
  result.content.map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('');
