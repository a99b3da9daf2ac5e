import { readFile } from 'node:fs/promises';

/**
 * Watches a process's resident memory (Linux `/proc/<pid>/status`) and calls `onExceeded` once it
 * passes `limitMb`. `--max-old-space-size` caps only the V8 heap; Buffers and ArrayBuffers live
 * outside it, so this is what stops `Buffer.alloc` in a loop. It polls, so a fast allocator can
 * overshoot by what it allocates in one interval. Where `/proc` does not exist, it does nothing.
 */
export function watchMemory(
  pid: number,
  limitMb: number,
  intervalMs: number,
  onExceeded: (rssMb: number) => void,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async (): Promise<void> => {
    let status: string;
    try {
      status = await readFile(`/proc/${pid}/status`, 'utf8');
    } catch {
      return; // no /proc, or the process is gone
    }
    if (stopped) return;
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    const rssMb = m ? Number(m[1]) / 1024 : 0;
    if (rssMb > limitMb) {
      stopped = true;
      onExceeded(rssMb);
      return;
    }
    timer = setTimeout(() => void check(), intervalMs);
  };
  timer = setTimeout(() => void check(), intervalMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
