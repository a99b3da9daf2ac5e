import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { FleetCommand, FleetReport } from './limiter-protocol.js';

const WORKER = fileURLToPath(new URL('./limiter-worker.ts', import.meta.url));

export interface FleetRun {
  limiter: 'airlock' | 'rlf';
  prefix: string;
  decisions: number;
  keys: number;
  limit: number;
  concurrency: number;
}

export interface FleetResult {
  decisionsPerSecond: number;
  admitted: number;
  degraded: number;
  seconds: number;
}

/** Worker processes with their own Redis connections, released together from a barrier. */
export class LimiterFleet {
  private runId = 0;

  private constructor(private readonly workers: ChildProcess[]) {}

  static async start(count: number): Promise<LimiterFleet> {
    const workers = Array.from({ length: count }, () =>
      fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    const fleet = new LimiterFleet(workers);
    await Promise.all(workers.map((w) => fleet.next(w, (m) => m.type === 'ready')));
    return fleet;
  }

  async run(run: FleetRun): Promise<FleetResult> {
    const runId = ++this.runId;
    const per = Math.ceil(run.decisions / this.workers.length);
    await Promise.all(
      this.workers.map((w) => {
        const prepared = this.next(w, (m) => m.type === 'prepared' && m.runId === runId);
        w.send({ type: 'prepare', runId, ...run, decisions: per } satisfies FleetCommand);
        return prepared;
      }),
    );
    const done = this.workers.map((w) =>
      this.next(w, (m) => m.type === 'done' && m.runId === runId),
    );
    const started = performance.now();
    for (const w of this.workers) w.send({ type: 'go', runId } satisfies FleetCommand);
    const reports = (await Promise.all(done)) as Extract<FleetReport, { type: 'done' }>[];
    const seconds = (performance.now() - started) / 1000;
    return {
      decisionsPerSecond: (per * this.workers.length) / seconds,
      admitted: reports.reduce((s, r) => s + r.admitted, 0),
      degraded: reports.reduce((s, r) => s + r.degraded, 0),
      seconds,
    };
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null || w.signalCode !== null) return resolve();
            const timer = setTimeout(() => w.kill('SIGKILL'), 5000);
            w.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            w.send({ type: 'exit' } satisfies FleetCommand);
          }),
      ),
    );
  }

  private next(
    worker: ChildProcess,
    match: (m: FleetReport) => boolean,
    timeoutMs = 120_000,
  ): Promise<FleetReport> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      const onMessage = (m: FleetReport): void => {
        if (m.type === 'failed' || match(m)) {
          cleanup();
          if (m.type === 'failed') reject(new Error(`limiter worker failed: ${m.error}`));
          else resolve(m);
        }
      };
      const onExit = (code: number | null): void => {
        cleanup();
        reject(new Error(`limiter worker exited (${code})`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`limiter worker did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('exit', onExit);
    });
  }
}

/** Removes the run's keys from the shared server (SCAN + UNLINK; never FLUSHALL). */
export async function deletePrefix(prefix: string): Promise<void> {
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: 1,
  });
  client.on('error', () => {});
  try {
    let cursor = '0';
    do {
      const [next, found] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) await client.unlink(...found);
    } while (cursor !== '0');
  } finally {
    await client.quit();
  }
}
