import { type ChildProcess, spawn } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { SandboxFailure, SandboxRunResult } from '@airlock/core';
import { watchMemory } from './memory-watch.js';
import { type NodeCapabilities, sandboxArgs } from './node-flags.js';
import { OutputCollector } from './output-collector.js';
import { RUNNER_SOURCE } from './runner-source.js';

/** How every process of a pool is started. */
export interface ProcessConfig {
  nodePath: string;
  caps: NodeCapabilities;
  tmpRoot: string;
  niceness: number;
  network: 'host' | 'none';
  uid?: number;
  gid?: number;
}

/** The limits of one run. */
export interface RunLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  maxResultBytes: number;
  maxRssMb: number;
  memoryCheckMs: number;
}

export interface RunInput {
  code: string;
  args: unknown;
  context: Record<string, unknown>;
  env: Record<string, string>;
  files: Record<string, string> | undefined;
  signal: AbortSignal | undefined;
}

const OOM = /heap out of memory|Reached heap limit|Allocation failed/;

/**
 * One sandbox process with its own temporary directory. It runs exactly one request and is then
 * disposed of (killed, directory removed): nothing the code left behind reaches the next call.
 */
export class SandboxProcess {
  /** Resolves when the runner has loaded and waits for its request. */
  readonly ready: Promise<void>;
  private readonly lines: string[] = [];
  private lineWaiter: (() => void) | undefined;
  private pending = '';
  private resultBytes = 0;
  private exited = false;
  private readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    readonly dir: string,
    readonly memoryMb: number,
    private readonly maxResultBytes: () => number,
  ) {
    const results = child.stdio[3] as Readable;
    results.on('data', (chunk: Buffer) => this.onResultData(chunk));
    this.closed = new Promise((resolvePromise) => {
      child.once('close', (code, signal) => {
        this.exited = true;
        this.lineWaiter?.();
        resolvePromise({ code, signal });
      });
      child.once('error', () => {
        this.exited = true;
        this.lineWaiter?.();
        resolvePromise({ code: null, signal: null });
      });
    });
    this.ready = (async () => {
      const first = await this.nextLine();
      if (first !== 'READY') throw new Error('the sandbox process did not start');
    })();
    this.ready.catch(() => {}); // observed by whoever awaits it; never unhandled
  }

  /** Creates the directory and starts the process (not yet ready). */
  static async start(
    config: ProcessConfig,
    memoryMb: number,
    maxResultBytes: () => number,
  ): Promise<SandboxProcess> {
    const dir = await mkdtemp(join(config.tmpRoot, 'airlock-sbx-'));
    if (config.uid !== undefined) await chown(dir, config.uid, config.gid ?? config.uid);
    const nodeArgs = sandboxArgs(config.caps, dir, memoryMb, RUNNER_SOURCE);
    const [command, args] =
      config.network === 'none'
        ? ['unshare', ['--net', '--map-root-user', config.nodePath, ...nodeArgs]]
        : [config.nodePath, nodeArgs];
    const child = spawn(command as string, args as string[], {
      cwd: dir,
      env: {}, // nothing of the host's environment (API keys!) reaches the code
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
      ...(config.uid !== undefined ? { uid: config.uid, gid: config.gid ?? config.uid } : {}),
    });
    if (child.pid !== undefined && config.niceness > 0) {
      try {
        setPriority(child.pid, config.niceness);
      } catch {
        // Not allowed here: the process runs at normal priority.
      }
    }
    return new SandboxProcess(child, dir, memoryMb, maxResultBytes);
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Idle processes must not keep the host's event loop alive. */
  setRef(on: boolean): void {
    const method = on ? 'ref' : 'unref';
    this.child[method]();
    for (const stream of this.child.stdio)
      (stream as unknown as { [k: string]: (() => void) | undefined } | null)?.[method]?.();
  }

  async run(input: RunInput, limits: RunLimits): Promise<SandboxRunResult> {
    const started = performance.now();
    this.setRef(true);
    if (input.files) await writeFiles(this.dir, input.files);
    const output = new OutputCollector(limits.maxOutputBytes, OOM);
    this.child.stdout!.on('data', (c: Buffer) => output.push('stdout', c));
    this.child.stderr!.on('data', (c: Buffer) => output.push('stderr', c));
    let killedFor: SandboxFailure | undefined;
    const kill = (reason: SandboxFailure): void => {
      if (killedFor || this.exited) return;
      killedFor = reason;
      this.child.kill('SIGKILL');
    };
    this.onResultTooLarge = () => kill('output_limit');
    const timer = setTimeout(() => kill('timeout'), limits.timeoutMs);
    const stopWatch =
      this.child.pid !== undefined
        ? watchMemory(this.child.pid, limits.maxRssMb, limits.memoryCheckMs, () => kill('memory'))
        : () => {};
    const onAbort = (): void => kill('aborted');
    if (input.signal?.aborted) onAbort();
    else input.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const stdin = this.child.stdin as Writable;
      stdin.on('error', () => {}); // the process may die before reading: that shows in the outcome
      stdin.end(
        JSON.stringify({
          code: input.code,
          args: input.args,
          context: input.context,
          env: input.env,
        }),
      );
      const streamsEnded = Promise.all([ended(this.child.stdout!), ended(this.child.stderr!)]);
      const line = await this.nextLine();
      // With a result, the output is complete once both streams ended: the process exiting
      // (a few ms more) is not waited for. Without one, the exit says what happened.
      if (line !== undefined) await Promise.race([streamsEnded, this.closed]);
      const exit = line === undefined || this.exited ? await this.closed : undefined;
      const runMs = performance.now() - started;
      return outcome(line, exit, killedFor, output, runMs);
    } finally {
      clearTimeout(timer);
      stopWatch();
      input.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Kills the process if it still runs and removes its directory. */
  async dispose(): Promise<void> {
    if (!this.exited) {
      this.child.kill('SIGKILL');
      // Remove the directory only once the process is gone, or it could still write into it.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.closed, new Promise((r) => (timer = setTimeout(r, 2_000)))]);
      clearTimeout(timer);
    }
    await rm(this.dir, { recursive: true, force: true, maxRetries: 2 }).catch(() => {});
  }

  private onResultTooLarge: () => void = () => {};

  private onResultData(chunk: Buffer): void {
    this.resultBytes += chunk.length;
    if (this.resultBytes > this.maxResultBytes() + 16) {
      this.onResultTooLarge();
      return;
    }
    this.pending += chunk.toString('utf8');
    let nl = this.pending.indexOf('\n');
    while (nl >= 0) {
      this.lines.push(this.pending.slice(0, nl));
      this.pending = this.pending.slice(nl + 1);
      nl = this.pending.indexOf('\n');
    }
    this.lineWaiter?.();
  }

  /** The next line on the results pipe, or undefined once the process is gone. */
  private async nextLine(): Promise<string | undefined> {
    while (this.lines.length === 0 && !this.exited) {
      await new Promise<void>((r) => {
        this.lineWaiter = r;
      });
      this.lineWaiter = undefined;
    }
    return this.lines.shift();
  }
}

function ended(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
}

function outcome(
  line: string | undefined,
  exited: { code: number | null; signal: NodeJS.Signals | null } | undefined,
  killedFor: SandboxFailure | undefined,
  output: OutputCollector,
  runMs: number,
): SandboxRunResult {
  // Still running after handing over its result: it exits with the code it reported.
  const exit = exited ?? { code: line?.startsWith('{"ok":true') ? 0 : 1, signal: null };
  const base = {
    stdout: output.text('stdout'),
    stderr: output.text('stderr'),
    exitCode: exit.code,
    ...(output.truncated ? { outputTruncated: true } : {}),
    timings: { startMs: 0, runMs, totalMs: runMs },
  };
  if (killedFor) return { ...base, ok: false, failure: killedFor };
  let message:
    | {
        ok?: unknown;
        result?: unknown;
        failure?: unknown;
        error?: { name?: unknown; message?: unknown };
      }
    | undefined;
  if (line !== undefined) {
    try {
      message = JSON.parse(line);
    } catch {
      message = undefined;
    }
  }
  if (message?.ok === true)
    return { ...base, ok: true, ...('result' in message ? { result: message.result } : {}) };
  if (message && message.ok === false) {
    const error = message.error
      ? {
          name: String(message.error.name ?? 'Error'),
          message: String(message.error.message ?? ''),
        }
      : undefined;
    return {
      ...base,
      ok: false,
      failure: (message.failure as SandboxFailure) ?? 'error',
      ...(error ? { error } : {}),
    };
  }
  if (output.matched) return { ...base, ok: false, failure: 'memory' };
  // The code ended the process itself (process.exit) without returning a result.
  if (exit.code === 0) return { ...base, ok: true };
  return { ...base, ok: false, failure: exit.signal ? 'crashed' : 'error' };
}

/** Writes the request's files into the call's directory; a path that leaves it is refused. */
async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const target = resolve(dir, name);
    if (isAbsolute(name) || !target.startsWith(dir + sep))
      throw new Error(`file '${name}' would be outside the sandbox directory`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}
