/**
 * Counts calls and failures over a sliding window, in `buckets` slices so memory stays constant
 * whatever the traffic. A slice older than the window is cleared when its slot is reused.
 */
export class FailureWindow {
  private readonly bucketMs: number;
  private readonly starts: number[];
  private readonly calls: number[];
  private readonly failures: number[];

  constructor(
    readonly windowMs: number,
    readonly buckets = 10,
  ) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / buckets));
    this.starts = new Array<number>(buckets).fill(Number.NEGATIVE_INFINITY);
    this.calls = new Array<number>(buckets).fill(0);
    this.failures = new Array<number>(buckets).fill(0);
  }

  add(now: number, failed: boolean): void {
    const index = Math.floor(now / this.bucketMs);
    const slot = ((index % this.buckets) + this.buckets) % this.buckets;
    const start = index * this.bucketMs;
    if (this.starts[slot] !== start) {
      this.starts[slot] = start;
      this.calls[slot] = 0;
      this.failures[slot] = 0;
    }
    this.calls[slot]!++;
    if (failed) this.failures[slot]!++;
  }

  /** Calls and failures in the window ending at `now`. */
  totals(now: number): { calls: number; failures: number } {
    const oldest = now - this.windowMs;
    let calls = 0;
    let failures = 0;
    for (let i = 0; i < this.buckets; i++) {
      if (this.starts[i]! + this.bucketMs > oldest && this.starts[i]! <= now) {
        calls += this.calls[i]!;
        failures += this.failures[i]!;
      }
    }
    return { calls, failures };
  }

  reset(): void {
    this.starts.fill(Number.NEGATIVE_INFINITY);
    this.calls.fill(0);
    this.failures.fill(0);
  }
}
