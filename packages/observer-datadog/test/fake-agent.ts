import dgram from 'node:dgram';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decode } from '@msgpack/msgpack';

/** A Datadog span as the agent receives it (trace API v0.4, msgpack). */
export interface AgentSpan {
  name: string;
  resource: string;
  service: string;
  error: number;
  span_id: bigint;
  parent_id: bigint;
  trace_id: bigint;
  meta: Record<string, string>;
  metrics: Record<string, number>;
  span_events?: unknown[];
}

/**
 * A fake Datadog agent on loopback: decodes every `PUT /v0.4/traces` (msgpack) into spans, and
 * receives DogStatsD lines through the agent's proxy endpoint or on a UDP socket. Other agent
 * endpoints answer `{}`.
 */
export async function startFakeAgent() {
  const traces: AgentSpan[][] = [];
  const statsdLines: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/dogstatsd/v2/proxy')) {
        // dd-trace sends DogStatsD lines here (instead of UDP) when it is given an agent url.
        statsdLines.push(...Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean));
        res.writeHead(200).end();
        return;
      }
      if (req.method === 'PUT' && req.url?.startsWith('/v0.4/traces')) {
        const payload = decode(Buffer.concat(chunks), { useBigInt64: true }) as AgentSpan[][];
        traces.push(...payload);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"rate_by_service":{}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg) => statsdLines.push(...msg.toString('utf8').split('\n').filter(Boolean)));
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    statsdPort: (udp.address() as AddressInfo).port,
    traces,
    spans: () => traces.flat(),
    statsdLines,
    close: async () => {
      udp.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Waits (bounded) until `check` holds; returns whether it did. */
export async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}
