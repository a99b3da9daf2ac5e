import { availableParallelism, tmpdir } from 'node:os';
import {
  type HealthReport,
  type SandboxLanguage,
  type SandboxProvider,
  type SandboxRunRequest,
  type SandboxRunResult,
  SandboxUnavailableError,
} from '@airlock/core';
import { detectCapabilities, type NodeCapabilities } from './node-flags.js';
import { checkOptions, type NodeSandboxOptions, type NodeSandboxStats } from './options.js';
import { type ProcessConfig, type RunLimits, SandboxProcess } from './sandbox-process.js';

const MEMORY_CHECK_MS = 20;

/**
 * The local sandbox: JavaScript in Node child processes locked down by Node's permission model,
 * one fresh process per call, a warm pool of started processes for low latency. See the README
 * for what it isolates and what it does not.
 */
export class NodeSandbox implements SandboxProvider {
  readonly name = 'sandbox-node';
  readonly languages: readonly SandboxLanguage[] = ['javascript'];
  private readonly opts: Required<Omit<NodeSandboxOptions, 'uid' | 'gid'>> &
    Pick<NodeSandboxOptions, 'uid' | 'gid'>;
  private caps: Promise<NodeCapabilities> | undefined;
  private readonly idle: SandboxProcess[] = [];
  private starting = 0;
  private active = 0;
  private readonly queue: {
    resolve: () => void;
    reject: (e: Error) => void;
    timer: NodeJS.Timeout;
  }[] = [];
  private closed = false;
  private counts = { spawned: 0, runs: 0, warmRuns: 0 };
  private lastSpawnError: string | undefined;
  private readonly all = new Set<SandboxProcess>();
  private readonly idleWaiters: ((proc: SandboxProcess | undefined) => void)[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(options: NodeSandboxOptions = {}) {
    const memoryMb = options.memoryMb ?? 128;
    this.opts = {
      poolSize: options.poolSize ?? 2,
      maxConcurrent: options.maxConcurrent ?? Math.max(2, availableParallelism()),
      maxQueue: options.maxQueue ?? 100,
      acquireTimeoutMs: options.acquireTimeoutMs ?? 10_000,
      memoryMb,
      maxRssMb: options.maxRssMb ?? memoryMb + 128,
      timeoutMs: options.timeoutMs ?? 10_000,
      maxOutputBytes: options.maxOutputBytes ?? 1024 * 1024,
      maxResultBytes: options.maxResultBytes ?? 4 * 1024 * 1024,
      nodePath: options.nodePath ?? process.execPath,
      tmpDir: options.tmpDir ?? tmpdir(),
      niceness: options.niceness ?? 10,
      network: options.network ?? 'host',
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    };
    checkOptions(this.opts);
    if (this.opts.poolSize > 0) this.refill();
  }

  stats(): NodeSandboxStats {
    return {
      ...this.counts,
      idle: this.idle.length,
      active: this.active,
      queued: this.queue.length,
    };
  }

  /** Resolves once the warm pool is full (useful before the first call, and in benchmarks). */
  async warmUp(): Promise<void> {
    this.refill();
    const deadline = performance.now() + 10_000;
    while (this.idle.length < this.opts.poolSize && performance.now() < deadline) {
      if (this.starting === 0) {
        if (this.lastSpawnError) break;
        this.refill();
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    if (this.idle.length < this.opts.poolSize && this.lastSpawnError) {
      throw new SandboxUnavailableError(
        `sandbox-node cannot start processes: ${this.lastSpawnError}`,
      );
    }
  }

  async run(request: SandboxRunRequest): Promise<SandboxRunResult> {
    const t0 = performance.now();
    if (this.closed)
      throw new SandboxUnavailableError('sandbox-node is closed', { retryable: false });
    if (request.language !== 'javascript') {
      throw new SandboxUnavailableError(
        `sandbox-node runs javascript only, not ${request.language}`,
        { retryable: false },
      );
    }
    await this.acquireSlot();
    let proc: SandboxProcess | undefined;
    try {
      const memoryMb = request.limits?.memoryMb ?? this.opts.memoryMb;
      const warm = this.takeIdle(memoryMb);
      proc = warm ?? (await this.startedForUs(memoryMb));
      if (!proc) {
        proc = await this.spawn(memoryMb);
        try {
          await proc.ready;
        } catch {
          throw new SandboxUnavailableError(
            `sandbox-node could not start a process${this.lastSpawnError ? `: ${this.lastSpawnError}` : ''}`,
          );
        }
      }
      if (warm) this.counts.warmRuns++;
      this.refill();
      const startMs = performance.now() - t0;
      const limits: RunLimits = {
        timeoutMs: request.limits?.timeoutMs ?? this.opts.timeoutMs,
        maxOutputBytes: request.limits?.maxOutputBytes ?? this.opts.maxOutputBytes,
        maxResultBytes: this.opts.maxResultBytes,
        maxRssMb:
          request.limits?.memoryMb !== undefined
            ? request.limits.memoryMb + 128
            : this.opts.maxRssMb,
        memoryCheckMs: MEMORY_CHECK_MS,
      };
      const result = await proc.run(
        {
          code: request.code,
          args: request.args ?? {},
          context: request.context ?? {},
          env: request.env ?? {},
          files: request.files,
          signal: request.signal,
        },
        limits,
      );
      result.timings = { startMs, runMs: result.timings.runMs, totalMs: performance.now() - t0 };
      return result;
    } finally {
      this.counts.runs++;
      if (proc) this.dispose(proc);
      this.releaseSlot();
    }
  }

  async health(): Promise<HealthReport> {
    let ok = !this.closed;
    const details: Record<string, unknown> = { ...this.stats(), network: this.opts.network };
    try {
      const caps = await this.capabilities();
      details.node = caps.version;
      details.permissionFlag = caps.permissionFlag;
    } catch (error) {
      ok = false;
      details.error = (error as Error).message;
    }
    if (this.lastSpawnError && this.idle.length === 0) {
      ok = false;
      details.lastSpawnError = this.lastSpawnError;
    }
    return { name: this.name, ok, critical: false, details };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.queue.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new SandboxUnavailableError('sandbox-node is closed', { retryable: false }));
    }
    for (const waiter of this.idleWaiters.splice(0)) waiter(undefined);
    // Processes still starting finish first (they see `closed` and dispose of themselves), so
    // no directory is left behind once close() resolves.
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    await Promise.all([...this.all].map((p) => p.dispose()));
    this.idle.length = 0;
  }

  private capabilities(): Promise<NodeCapabilities> {
    this.caps ??= detectCapabilities(this.opts.nodePath);
    return this.caps;
  }

  private config(caps: NodeCapabilities): ProcessConfig {
    return {
      nodePath: this.opts.nodePath,
      caps,
      tmpRoot: this.opts.tmpDir,
      niceness: this.opts.niceness,
      network: this.opts.network,
      ...(this.opts.uid !== undefined ? { uid: this.opts.uid } : {}),
      ...(this.opts.gid !== undefined ? { gid: this.opts.gid } : {}),
    };
  }

  private async spawn(memoryMb: number): Promise<SandboxProcess> {
    let caps: NodeCapabilities;
    try {
      caps = await this.capabilities();
    } catch (error) {
      this.lastSpawnError = (error as Error).message;
      throw new SandboxUnavailableError(`sandbox-node cannot run: ${(error as Error).message}`, {
        retryable: false,
        cause: error,
      });
    }
    let proc: SandboxProcess;
    try {
      proc = await SandboxProcess.start(
        this.config(caps),
        memoryMb,
        () => this.opts.maxResultBytes,
      );
    } catch (error) {
      this.lastSpawnError = (error as Error).message;
      throw new SandboxUnavailableError(
        `sandbox-node could not start a process: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.counts.spawned++;
    this.all.add(proc);
    proc.child.once('close', () => this.all.delete(proc));
    proc.child.once('error', (error) => {
      this.lastSpawnError = error.message;
    });
    return proc;
  }

  /**
   * When the pool is empty but a replacement is already starting, waiting for it is faster than
   * starting one more process on the same CPUs (calls back to back would double the work).
   */
  private startedForUs(memoryMb: number): Promise<SandboxProcess | undefined> {
    if (memoryMb !== this.opts.memoryMb || this.starting <= this.idleWaiters.length) {
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private takeIdle(memoryMb: number): SandboxProcess | undefined {
    for (let i = 0; i < this.idle.length; i++) {
      const p = this.idle[i]!;
      if (!p.alive) {
        this.idle.splice(i--, 1);
        void p.dispose();
        continue;
      }
      if (p.memoryMb === memoryMb) {
        this.idle.splice(i, 1);
        return p;
      }
    }
    return undefined;
  }

  /** Starts processes in the background until the pool is full again. */
  private refill(): void {
    while (!this.closed && this.idle.length + this.starting < this.opts.poolSize) {
      this.starting++;
      const start = this.spawn(this.opts.memoryMb)
        .then(async (proc) => {
          try {
            await proc.ready;
            this.lastSpawnError = undefined;
            const waiter = this.idleWaiters.shift();
            if (waiter) {
              waiter(proc);
            } else if (this.closed) {
              await proc.dispose();
            } else {
              proc.setRef(false); // a waiting process must not keep the host alive
              this.idle.push(proc);
            }
          } catch {
            await proc.dispose();
            this.idleWaiters.shift()?.(undefined); // that caller starts its own
          }
        })
        .catch(() => {
          // Recorded in lastSpawnError; a waiting caller starts its own and reports it.
          this.idleWaiters.shift()?.(undefined);
        })
        .finally(() => {
          this.starting--;
        });
      this.track(start);
      if (this.lastSpawnError) break; // do not spin on a binary that cannot start
    }
  }

  /** Kills a used process and removes its directory; `close()` waits for these. */
  private dispose(proc: SandboxProcess): void {
    this.track(proc.dispose());
  }

  private track(work: Promise<unknown>): void {
    const p = work.then(
      () => {},
      () => {},
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private acquireSlot(): Promise<void> {
    if (this.active < this.opts.maxConcurrent) {
      this.active++;
      return Promise.resolve();
    }
    if (this.queue.length >= this.opts.maxQueue) {
      return Promise.reject(
        new SandboxUnavailableError(
          `sandbox-node is busy: ${this.queue.length} calls already waiting`,
          { retryAfterMs: 1000 },
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        reject,
        timer: setTimeout(() => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          reject(
            new SandboxUnavailableError(
              `sandbox-node had no free slot within ${this.opts.acquireTimeoutMs} ms`,
              { retryAfterMs: 1000 },
            ),
          );
        }, this.opts.acquireTimeoutMs),
      };
      this.queue.push(waiter);
    });
  }

  private releaseSlot(): void {
    const next = this.queue.shift();
    if (next) next.resolve();
    else this.active--;
  }
}
