import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AirlockHealth } from './collect-health.js';
import { EventLoopDelay } from './event-loop-delay.js';

/** What the probes need of an airlock (so they can be tested and reused on their own). */
export interface HealthSource {
  health(): Promise<AirlockHealth>;
  close(): Promise<void>;
}

export interface HealthProbeOptions {
  /** Where each probe is served. Defaults `/livez`, `/readyz`, `/healthz`. */
  paths?: { live?: string; ready?: string; health?: string };
  /** `/livez` fails when the event loop's p99 delay passes this. Default 1000 ms. */
  maxEventLoopDelayMs?: number;
  /** Window of the event-loop delay measure. Default 10,000 ms. */
  eventLoopWindowMs?: number;
  /** How long a health answer is reused: probes must not hammer Redis. Default 1000 ms. */
  cacheMs?: number;
  /**
   * Between turning unready and closing the airlock on `shutdown()`, so the load balancer stops
   * sending calls first. Match the readiness probe's period. Default 5000 ms.
   */
  shutdownDelayMs?: number;
  /** Include each check's details in `/healthz`. Default true. */
  verbose?: boolean;
  /** Shown in `/healthz` (your service's version). */
  version?: string;
}

/** A probe's answer, for any HTTP framework. */
export interface ProbeResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface HealthProbes {
  /**
   * A request handler for `node:http` (`http.createServer(probes.handler)`) and Express/Connect
   * (`app.use(probes.handler)`): it answers the probe paths and passes anything else to `next`
   * (or answers 404 without one). Fastify: `reply.hijack(); probes.handler(req.raw, reply.raw)`,
   * or send `await probes.probe(path)`.
   */
  handler(req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** The answer for a path, or undefined if it is not a probe path. */
  probe(path: string): Promise<ProbeResponse | undefined>;
  /** Process only: not shutting down, and the event loop responsive. Never a dependency. */
  live(): ProbeResponse;
  /** Taking calls: not shutting down, and every critical check (e.g. Redis behind a fail-closed
   *  limit) passing. */
  ready(): Promise<ProbeResponse>;
  /** Everything, as JSON for people. */
  details(): Promise<ProbeResponse>;
  /**
   * Graceful shutdown: unready at once, wait `shutdownDelayMs`, then `airlock.close()` (drain
   * in-flight calls, flush observers and audit, close plugins). Safe to call twice.
   */
  shutdown(): Promise<void>;
  readonly shuttingDown: boolean;
  /** Stops the event-loop monitor (the airlock itself is left alone). */
  stop(): void;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Kubernetes-style probes for an airlock: `/livez`, `/readyz`, `/healthz`. */
export function createHealthProbes(
  airlock: HealthSource,
  options: HealthProbeOptions = {},
): HealthProbes {
  const paths = { live: '/livez', ready: '/readyz', health: '/healthz', ...options.paths };
  const maxDelay = options.maxEventLoopDelayMs ?? 1000;
  const cacheMs = options.cacheMs ?? 1000;
  const delayMs = options.shutdownDelayMs ?? 5000;
  const loop = new EventLoopDelay(options.eventLoopWindowMs ?? 10_000);
  const startedAt = Date.now();
  let shuttingDown: Promise<void> | undefined;
  let cached: { at: number; value: Promise<AirlockHealth> } | undefined;

  const health = (): Promise<AirlockHealth> => {
    const now = Date.now();
    if (!cached || now - cached.at >= cacheMs) {
      const value = airlock.health();
      cached = { at: now, value };
      // A failed read must not stay cached.
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return cached.value;
  };
  const json = (status: number, body: unknown): ProbeResponse => ({
    status,
    contentType: JSON_TYPE,
    body: JSON.stringify(body),
  });

  const live = (): ProbeResponse => {
    const delay = loop.read();
    const reasons: string[] = [];
    if (shuttingDown) reasons.push('shutting down');
    if (delay.p99Ms > maxDelay)
      reasons.push(`event loop delay p99 ${delay.p99Ms} ms > ${maxDelay} ms`);
    return json(reasons.length === 0 ? 200 : 503, {
      status: reasons.length === 0 ? 'live' : 'not_live',
      reasons,
      eventLoopDelayMs: delay,
    });
  };

  const ready = async (): Promise<ProbeResponse> => {
    if (shuttingDown) return json(503, { status: 'unready', reasons: ['shutting down'] });
    const h = await health();
    const failing = h.checks.filter((c) => !c.ok && c.critical === true).map((c) => c.name);
    const reasons = [
      ...(h.closing ? ['closing'] : []),
      ...failing.map((n) => `critical check '${n}' failing`),
    ];
    return json(h.ready ? 200 : 503, {
      status: h.ready ? 'ready' : 'unready',
      reasons,
      ...(h.status === 'degraded' ? { degraded: true } : {}),
    });
  };

  const details = async (): Promise<ProbeResponse> => {
    const h = await health();
    const body = {
      status: shuttingDown ? 'unready' : h.status,
      ready: h.ready && !shuttingDown,
      live: live().status === 200,
      shuttingDown: shuttingDown !== undefined,
      closing: h.closing,
      inflight: h.inflight,
      eventLoopDelayMs: loop.read(),
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
      ...(options.version ? { version: options.version } : {}),
      checks: h.checks.map((c) =>
        options.verbose === false ? { name: c.name, ok: c.ok, critical: c.critical === true } : c,
      ),
    };
    return json(body.ready ? 200 : 503, body);
  };

  const probe = async (path: string): Promise<ProbeResponse | undefined> => {
    const p = path.split('?')[0];
    if (p === paths.live) return live();
    if (p === paths.ready) return ready();
    if (p === paths.health) return details();
    return undefined;
  };

  const fail = (error: unknown): ProbeResponse =>
    json(503, {
      status: 'error',
      reasons: [`health check failed: ${(error as Error)?.message ?? String(error)}`],
    });

  return {
    handler(req, res, next) {
      const method = req.method ?? 'GET';
      const answer =
        method === 'GET' || method === 'HEAD' ? probe(req.url ?? '/') : Promise.resolve(undefined);
      answer.then(
        (r) => send(req, res, next, r),
        (error: unknown) => send(req, res, next, fail(error)),
      );
    },
    probe: (path) => probe(path).catch(fail),
    live,
    ready: () => ready().catch(fail),
    details: () => details().catch(fail),
    shutdown() {
      shuttingDown ??= (async () => {
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        await airlock.close();
      })();
      return shuttingDown;
    },
    get shuttingDown() {
      return shuttingDown !== undefined;
    },
    stop: () => loop.stop(),
  };
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  next: ((error?: unknown) => void) | undefined,
  r: ProbeResponse | undefined,
): void {
  if (!r) {
    if (next) {
      next();
      return;
    }
    res.writeHead(404, { 'content-type': JSON_TYPE }).end('{"status":"not_found"}');
    return;
  }
  res.writeHead(r.status, { 'content-type': r.contentType, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : r.body);
}
