import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted assistant turn: the content blocks to answer with, chosen from the request. */
export type Turn = (request: MessagesRequest) => { type: string; [k: string]: unknown }[];

export interface MessagesRequest {
  model: string;
  messages: { role: string; content: string | { type: string; [k: string]: unknown }[] }[];
  tools?: { name: string; description?: string; input_schema: Record<string, unknown> }[];
  [k: string]: unknown;
}

export interface ToolResultSeen {
  tool_use_id: string;
  content: string;
  is_error: boolean;
}

/**
 * A loopback HTTP server that plays the Anthropic Messages API (`POST /v1/messages`) from a
 * script, and records every request body. Nothing leaves 127.0.0.1.
 */
export async function startMessagesServer(turns: Turn[]) {
  const requests: MessagesRequest[] = [];
  let next = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        return send(404, {
          type: 'error',
          error: { type: 'not_found_error', message: `no route ${req.url}` },
        });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesRequest;
      requests.push(body);
      const turn = turns[next++];
      if (!turn)
        return send(500, {
          type: 'error',
          error: { type: 'api_error', message: 'script exhausted' },
        });
      let content: ReturnType<Turn>;
      try {
        content = turn(body);
      } catch (error) {
        return send(500, { type: 'error', error: { type: 'api_error', message: String(error) } });
      }
      send(200, {
        id: `msg_${next}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content,
        stop_reason: content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 10 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get remaining() {
      return turns.length - next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The `tool_result` blocks of the last user message of a request. */
export function lastToolResults(request: MessagesRequest): ToolResultSeen[] {
  const last = request.messages[request.messages.length - 1];
  if (!last || typeof last.content === 'string') return [];
  return last.content
    .filter((b) => b.type === 'tool_result')
    .map((b) => ({
      tool_use_id: String(b.tool_use_id),
      content: typeof b.content === 'string' ? b.content : JSON.stringify(b.content),
      is_error: b.is_error === true,
    }));
}

export const toolUse = (id: string, name: string, input: Record<string, unknown>) => ({
  type: 'tool_use',
  id,
  name,
  input,
});
export const text = (t: string) => ({ type: 'text', text: t });
