import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { WorkerCommand, WorkerReport } from './harness-protocol.js';
import { REDIS_URL } from './redis.js';

const WORKER = fileURLToPath(new URL('../fixtures/exactness-worker.ts', import.meta.url));

export interface RunOptions {
  limiter: 'redis' | 'racy' | 'client-clock';
  mode?: 'tool' | 'increment';
  prefix: string;
  /** Total calls over all workers. */
  calls: number;
  rate?: string;
  max?: number;
  concurrency?: number;
  /** Per worker index: how far its clock is ahead, in ms. */
  skewMs?: Record<number, number>;
  /** Worker indexes released only after the others finished (a worker that calls later). */
  late?: number[];
}

export interface RunResult {
  admitted: number;
  denied: number;
  perWorker: number[];
  errors: string[];
  /** The slowest single call of the run, in ms. */
  slowestMs: number;
  /** Redis time from just before the barrier opened to just after the last call, in ms. */
  spanMs: number;
}

/**
 * K worker processes, each with its own Redis connection, that make their calls at the same
 * moment: every run is prepared in every worker, then released from one barrier.
 */
export class ExactnessHarness {
  private runId = 0;

  private constructor(
    private readonly workers: ChildProcess[],
    private readonly clock: Redis,
  ) {}

  static async start(count: number): Promise<ExactnessHarness> {
    const workers = Array.from({ length: count }, () =>
      fork(WORKER, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, REDIS_URL },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    const clock = new Redis(REDIS_URL);
    clock.on('error', () => {});
    const harness = new ExactnessHarness(workers, clock);
    await Promise.all(workers.map((w) => harness.next(w, (m) => m.type === 'ready', 20_000)));
    return harness;
  }

  async run(options: RunOptions): Promise<RunResult> {
    const runId = ++this.runId;
    const k = this.workers.length;
    const base = Math.floor(options.calls / k);
    const prepared = this.workers.map((w, i) => {
      const cmd: WorkerCommand = {
        type: 'prepare',
        runId,
        limiter: options.limiter,
        mode: options.mode ?? 'tool',
        prefix: options.prefix,
        rate: options.rate ?? '1000/hour',
        max: options.max ?? 1000,
        calls: base + (i < options.calls - base * k ? 1 : 0),
        concurrency: options.concurrency ?? 32,
        skewMs: options.skewMs?.[i] ?? 0,
      };
      const ready = this.next(w, (m) => m.type === 'prepared' && m.runId === runId, 10_000);
      w.send(cmd);
      return ready;
    });
    await Promise.all(prepared);
    // The barrier: nobody starts before everybody is ready.
    const done = this.workers.map((w) =>
      this.next(w, (m) => m.type === 'done' && m.runId === runId, 30_000),
    );
    const startedAt = await this.redisNow();
    const late = new Set(options.late ?? []);
    const early = this.workers.filter((_, i) => !late.has(i));
    for (const w of early) w.send({ type: 'go', runId } satisfies WorkerCommand);
    if (late.size > 0) {
      await Promise.all(done.filter((_, i) => !late.has(i)));
      for (const i of late) this.workers[i]!.send({ type: 'go', runId } satisfies WorkerCommand);
    }
    const reports = (await Promise.all(done)) as Extract<WorkerReport, { type: 'done' }>[];
    const spanMs = (await this.redisNow()) - startedAt;
    return {
      admitted: reports.reduce((s, r) => s + r.admitted, 0),
      denied: reports.reduce((s, r) => s + r.denied, 0),
      perWorker: reports.map((r) => r.admitted),
      errors: reports.flatMap((r) => r.errors),
      slowestMs: Math.max(...reports.map((r) => r.slowestMs)),
      spanMs,
    };
  }

  private async redisNow(): Promise<number> {
    const [seconds, micros] = await this.clock.time();
    return Number(seconds) * 1000 + Number(micros) / 1000;
  }

  async stop(): Promise<void> {
    await this.clock.quit();
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
            w.send({ type: 'exit' } satisfies WorkerCommand);
          }),
      ),
    );
  }

  /** The next message of `worker` that matches, or an error on `failed`, exit or timeout. */
  private next(
    worker: ChildProcess,
    match: (m: WorkerReport) => boolean,
    timeoutMs: number,
  ): Promise<WorkerReport> {
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      const onMessage = (m: WorkerReport): void => {
        if (m.type === 'failed') {
          cleanup();
          reject(new Error(`worker failed: ${m.error}`));
        } else if (match(m)) {
          cleanup();
          resolve(m);
        }
      };
      const onExit = (code: number | null): void => {
        cleanup();
        reject(new Error(`worker exited (${code}) before answering`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`worker did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      worker.on('message', onMessage);
      worker.on('exit', onExit);
    });
  }
}

/**
 * Runs until a run is short enough that no allowance can have refilled (`intervalMs`, Redis
 * time), then asserts it exact. A slower run (a starved machine) is still checked against the
 * most a correct limiter could admit in its time, and retried; a few are allowed.
 */
export async function exactRun(
  harness: ExactnessHarness,
  options: Omit<RunOptions, 'prefix'>,
  prefix: () => string,
  limit: number,
  intervalMs: number,
): Promise<RunResult & { slowRuns: number }> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const result = await harness.run({ ...options, prefix: prefix() });
    if (result.spanMs < intervalMs) {
      assertExact(result, limit);
      return { ...result, slowRuns: attempt };
    }
    assertAtMost(result, limit + Math.ceil(result.spanMs / intervalMs));
  }
  throw new Error(
    `4 runs in a row took longer than ${intervalMs} ms: too slow a machine to test exactness`,
  );
}

function assertAtMost(result: RunResult, most: number): void {
  if (result.errors.length > 0) throw new Error(`calls failed: ${result.errors.join('; ')}`);
  if (result.admitted > most)
    throw new Error(
      `admitted ${result.admitted}, more than ${most} possible in ${result.spanMs} ms`,
    );
}

/** The harness's verdict: throws unless exactly `limit` calls were admitted. */
export function assertExact(result: RunResult, limit: number): void {
  if (result.errors.length > 0) throw new Error(`calls failed: ${result.errors.join('; ')}`);
  if (result.admitted !== limit) {
    throw new Error(
      `admitted ${result.admitted} for a limit of ${limit} (per worker: ${result.perWorker.join(', ')})`,
    );
  }
}
