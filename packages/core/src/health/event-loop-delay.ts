/**
 * Event-loop delay over a rolling window, measured by a timer that notes how late it fires.
 * (`perf_hooks.monitorEventLoopDelay` was not used: on Node 20 a histogram created after another
 * was disabled could stop recording stalls.) The timer is unref'd, so it never keeps the process
 * alive; it costs one callback per `resolutionMs`.
 */
export class EventLoopDelay {
  private readonly timer: NodeJS.Timeout;
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;
  private last = performance.now();

  constructor(
    windowMs = 10_000,
    private readonly resolutionMs = 20,
  ) {
    this.samples = new Float64Array(Math.max(2, Math.ceil(windowMs / resolutionMs)));
    this.timer = setInterval(() => this.tick(), resolutionMs);
    this.timer.unref();
  }

  private tick(): void {
    const now = performance.now();
    this.record(Math.max(0, now - this.last - this.resolutionMs));
    this.last = now;
  }

  private record(delayMs: number): void {
    this.samples[this.next] = delayMs;
    this.next = (this.next + 1) % this.samples.length;
    if (this.filled < this.samples.length) this.filled++;
  }

  /** p99 and max delay over the window, in ms. A stall still going on counts too. */
  read(): { p99Ms: number; maxMs: number } {
    const pending = Math.max(0, performance.now() - this.last - this.resolutionMs);
    const values = Array.from(this.samples.subarray(0, this.filled));
    values.push(pending);
    values.sort((a, b) => a - b);
    const p99 = values[Math.min(values.length - 1, Math.ceil(values.length * 0.99) - 1)]!;
    const round = (v: number): number => Math.round(v * 100) / 100;
    return { p99Ms: round(p99), maxMs: round(values[values.length - 1]!) };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
