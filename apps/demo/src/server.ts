import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Airlock, type AirlockHealth, createHealthProbes } from '@airlock/core';
import type { Registry } from 'prom-client';
import type { CliOptions } from './cli.js';
import type { Palette } from './colors.js';
import { consolePage } from './page.js';
import type { Availability } from './plugins.js';
import type { CallRecord, CallRecorder } from './recorder.js';
import { type ModelChoice, runScenario } from './run.js';

export interface ConsoleOptions {
  options: CliOptions;
  available: Availability;
  recorder: CallRecorder;
  registry: Registry;
  model: ModelChoice;
  facts: [string, string][];
  palette: Palette;
}

/** Calls the console keeps for a browser that connects late. */
const RECENT = 300;

/**
 * `pnpm demo --serve`: the agent works the ticket again and again (or when the button asks),
 * and a page on localhost shows every call live (Server-Sent Events), the counters per guard,
 * `/metrics` (Prometheus) and `/healthz` (core's probes). Runs until Ctrl+C.
 */
export async function serveConsole(o: ConsoleOptions): Promise<void> {
  const { recorder, palette: c } = o;
  const recent: CallRecord[] = [];
  const clients = new Set<ServerResponse>();
  let runs = 0;
  let running = false;
  let stopping = false;
  let current: Airlock | undefined;
  let wake: (() => void) | undefined;

  const counts = () => Object.fromEntries(recorder.counts);
  // A real model costs money per run: with one, the ticket runs again only when asked.
  const repeat = o.model.kind === 'scripted';
  const status = () => ({ runs, running, repeat });
  const state = () => ({ ...status(), counts: counts(), calls: recent });
  const broadcast = (event: string, data: unknown): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of clients) res.write(frame);
  };

  recorder.onRecord((call) => {
    recent.push(call);
    if (recent.length > RECENT) recent.shift();
    broadcast('call', { call, counts: counts() });
  });

  // The probes ask the airlock of the latest run (each run has a fresh one, see run.ts).
  const probes = createHealthProbes(
    {
      health: async (): Promise<AirlockHealth> =>
        current
          ? current.health()
          : { ok: false, ready: false, status: 'unready', closing: false, inflight: 0, checks: [] },
      close: async () => current?.close(),
    },
    { shutdownDelayMs: 0, cacheMs: 250 },
  );

  const runOnce = async (): Promise<void> => {
    running = true;
    runs++;
    broadcast('run', status());
    const callsBefore = recorder.count('calls');
    const allowedBefore = recorder.count('allowed');
    const previous = current;
    try {
      const result = await runScenario({
        available: o.available,
        recorder,
        registry: o.registry,
        model: o.model,
      });
      current = result.airlock;
      await previous?.close();
      const calls = recorder.count('calls') - callsBefore;
      const blocked = calls - (recorder.count('allowed') - allowedBefore);
      process.stdout.write(
        `${c.dim(new Date().toLocaleTimeString())} run ${runs}: ${calls} calls, ${c.red(`${blocked} blocked or failed`)}${result.ok ? '' : c.red(' (the run did not finish its script)')}\n`,
      );
    } catch (error) {
      process.stdout.write(c.red(`run ${runs} failed: ${(error as Error).message}\n`));
    } finally {
      running = false;
      broadcast('run', status());
    }
  };

  const server = createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    });
  });

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && (path === '/' || path === '/index.html')) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(page);
    } else if (req.method === 'GET' && path === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`event: state\ndata: ${JSON.stringify(state())}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else if (req.method === 'GET' && path === '/api/state') {
      sendJson(res, 200, state());
    } else if (req.method === 'POST' && path === '/api/run') {
      if (running) return sendJson(res, 409, { error: 'a run is in progress', ...status() });
      wake?.();
      sendJson(res, 202, { started: true });
    } else if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'content-type': o.registry.contentType });
      res.end(await o.registry.metrics());
    } else {
      // /healthz, /readyz, /livez; anything else is a 404.
      probes.handler(req, res);
    }
  };

  const page = consolePage(o.facts);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;
  process.stdout.write(`${c.bold('Airlock demo console')}\n`);
  for (const [k, v] of o.facts) process.stdout.write(`  ${c.dim(k.padEnd(10))} ${v}\n`);
  process.stdout.write(
    `\n  console: ${c.cyan(url)}\n  metrics: ${url}metrics   health: ${url}healthz\n  Ctrl+C to stop\n\n`,
  );

  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    wake?.();
    for (const res of clients) res.end();
    probes.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  // `on`, not `once`: the Agents SDK exits the process itself on a signal when no other
  // listener is left, which would cut the shutdown short. A second Ctrl+C forces the exit.
  const onSignal = (): void => {
    if (stopping) process.exit(130);
    void stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // Run, pause, run again: until stopped. The button cuts the pause short.
  while (!stopping) {
    await runOnce();
    if (stopping) break;
    await new Promise<void>((resolve) => {
      const timer = repeat ? setTimeout(resolve, o.options.intervalMs) : undefined;
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = undefined;
  }
  await current?.close();
  process.stdout.write('console stopped\n');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}
