import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface ReceivedEvent {
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
}

/**
 * A PostHog ingestion endpoint on loopback: decodes each `POST /batch/` (gzip or plain JSON) and
 * keeps the batches. `hold()` makes it keep requests open until `release()`, like a slow server.
 */
export async function startFakePosthog() {
  const batches: ReceivedEvent[][] = [];
  let held: (() => void)[] | undefined;
  let received = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received++;
      const raw = Buffer.concat(chunks);
      const text =
        req.headers['content-encoding'] === 'gzip'
          ? gunzipSync(raw).toString('utf8')
          : raw.toString('utf8');
      const answer = () => {
        if (req.url?.startsWith('/batch'))
          batches.push((JSON.parse(text) as { batch: ReceivedEvent[] }).batch);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":1}');
      };
      if (held) held.push(answer);
      else answer();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    batches,
    events: () => batches.flat(),
    get requestsReceived() {
      return received;
    },
    hold: () => {
      held = [];
    },
    release: () => {
      const pending = held ?? [];
      held = undefined;
      for (const answer of pending) answer();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
