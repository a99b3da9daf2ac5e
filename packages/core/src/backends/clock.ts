/** A source of time in milliseconds. Injected everywhere time matters, so tests control it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private time = 0) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('advance: ms must be a finite number >= 0');
    this.time += ms;
  }
  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('set: ms must be a finite number');
    this.time = ms;
  }
}
