/** The local sandbox's options, and their checks (bad values fail when the sandbox is made). */

export interface NodeSandboxOptions {
  /** Fresh processes kept started and waiting, so a call does not pay Node's start-up. Default 2. */
  poolSize?: number;
  /** Runs at once; more wait in line. Default: the number of CPUs (at least 2). */
  maxConcurrent?: number;
  /** Calls waiting for a free slot beyond which new calls are refused. Default 100. */
  maxQueue?: number;
  /** How long a call may wait for a slot. Default 10 s. */
  acquireTimeoutMs?: number;
  /** V8 heap limit of each process (`--max-old-space-size`). Default 128 MB. */
  memoryMb?: number;
  /** Resident memory at which a process is killed (Buffers live outside the heap). Default memoryMb + 128. */
  maxRssMb?: number;
  /** Wall-clock limit of one run when the request gives none. Default 10 s. */
  timeoutMs?: number;
  /** Bytes of stdout + stderr kept. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Bytes of the JSON result accepted. Default 4 MiB. */
  maxResultBytes?: number;
  /** The Node binary. Default: the one running the host. */
  nodePath?: string;
  /** Where the per-call directories are made. Default `os.tmpdir()`. */
  tmpDir?: string;
  /** CPU priority of sandbox processes (0-19, higher is nicer to the host). Default 10. */
  niceness?: number;
  /**
   * `none` runs each process in its own empty network namespace (Linux, `unshare --net
   * --map-root-user`; needs unprivileged user namespaces or root): no network at all. Default
   * `host`: the code can reach the network like the host. See the README.
   */
  network?: 'host' | 'none';
  /** Run sandbox processes as this OS user (the host must be allowed to, e.g. run as root). */
  uid?: number;
  gid?: number;
}

/** What the pool has done, for tests and health pages. */
export interface NodeSandboxStats {
  /** Processes started so far. */
  spawned: number;
  /** Runs finished (any outcome). */
  runs: number;
  /** Runs that got a process from the warm pool. */
  warmRuns: number;
  idle: number;
  active: number;
  queued: number;
}

/** Throws a TypeError naming the first bad option. */
export function checkOptions(o: NodeSandboxOptions): void {
  const int = (v: number | undefined, name: string, min: number): void => {
    if (v !== undefined && !(Number.isInteger(v) && v >= min))
      throw new TypeError(`nodeSandbox: ${name} must be an integer >= ${min}, got ${v}`);
  };
  int(o.poolSize, 'poolSize', 0);
  int(o.maxConcurrent, 'maxConcurrent', 1);
  int(o.maxQueue, 'maxQueue', 0);
  int(o.acquireTimeoutMs, 'acquireTimeoutMs', 1);
  int(o.memoryMb, 'memoryMb', 16);
  int(o.maxRssMb, 'maxRssMb', 32);
  int(o.timeoutMs, 'timeoutMs', 1);
  int(o.maxOutputBytes, 'maxOutputBytes', 0);
  int(o.maxResultBytes, 'maxResultBytes', 2);
  if (
    o.niceness !== undefined &&
    !(Number.isInteger(o.niceness) && o.niceness >= 0 && o.niceness <= 19)
  ) {
    throw new TypeError(`nodeSandbox: niceness must be an integer from 0 to 19, got ${o.niceness}`);
  }
  if (o.network !== undefined && o.network !== 'host' && o.network !== 'none') {
    throw new TypeError(
      `nodeSandbox: network must be 'host' or 'none', got ${JSON.stringify(o.network)}`,
    );
  }
}
