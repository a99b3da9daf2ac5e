import { type Clock, systemClock, withTimeout } from '@airlock/core';

export interface WarmPoolOptions<T> {
  /** Items kept created and waiting. 0 turns the pool off (every acquire creates). */
  size: number;
  /** An idle item older than this is destroyed instead of handed out. */
  maxAgeMs: number;
  create: () => Promise<T>;
  destroy: (item: T) => Promise<void>;
  clock?: Clock;
  /** Told about failures of background creation (they never reject anything). */
  onBackgroundError?: (error: unknown) => void;
}

/**
 * A pool of ready-made items (cloud sandboxes), each handed out once: the caller destroys it
 * after use, and the pool creates a replacement in the background. Nothing is ever handed out
 * twice, so no state can pass from one call (one tenant) to the next.
 */
export class WarmPool<T> {
  private readonly idle: { item: T; createdAt: number }[] = [];
  private creating = 0;
  private closed = false;
  private readonly clock: Clock;

  constructor(private readonly options: WarmPoolOptions<T>) {
    this.clock = options.clock ?? systemClock;
  }

  get size(): { idle: number; creating: number } {
    return { idle: this.idle.length, creating: this.creating };
  }

  /** A fresh item: a warm one if there is one young enough, otherwise a new one. */
  async acquire(timeoutMs: number): Promise<{ item: T; warm: boolean }> {
    if (this.closed) throw new Error('the pool is closed');
    const now = this.clock.now();
    while (this.idle.length > 0) {
      const entry = this.idle.shift()!;
      if (now - entry.createdAt <= this.options.maxAgeMs) {
        this.refill();
        return { item: entry.item, warm: true };
      }
      void this.destroyQuietly(entry.item); // too old: it may expire while in use
    }
    this.refill();
    const pending = this.options.create();
    try {
      return { item: await withTimeout(pending, timeoutMs), warm: false };
    } catch (error) {
      // Given up on, but it may still arrive: destroy it then rather than leak it.
      pending.then(
        (item) => this.destroyQuietly(item),
        () => {},
      );
      throw error;
    }
  }

  /** Creates items in the background until the pool is full. */
  refill(): void {
    while (!this.closed && this.idle.length + this.creating < this.options.size) {
      this.creating++;
      this.options
        .create()
        .then(
          (item) => {
            if (this.closed) void this.destroyQuietly(item);
            else this.idle.push({ item, createdAt: this.clock.now() });
          },
          (error: unknown) => {
            try {
              this.options.onBackgroundError?.(error);
            } catch {
              // a failing reporter changes nothing
            }
          },
        )
        .finally(() => {
          this.creating--;
        });
    }
  }

  /** Destroys every idle item; items in use are the caller's to destroy. */
  async close(): Promise<void> {
    this.closed = true;
    const items = this.idle.splice(0).map((e) => e.item);
    await Promise.all(items.map((i) => this.destroyQuietly(i)));
  }

  private async destroyQuietly(item: T): Promise<void> {
    try {
      await this.options.destroy(item);
    } catch (error) {
      try {
        this.options.onBackgroundError?.(error);
      } catch {
        // nothing more to do
      }
    }
  }
}
