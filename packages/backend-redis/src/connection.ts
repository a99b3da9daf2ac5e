import { Redis } from 'ioredis';
import { RedisTimeoutError, RedisUnavailableError, toStoreError } from './errors.js';
import type { RedisBackendOptions, RedisClient, ResolvedOptions } from './options.js';
import { DECIDE_LUA, REFUND_LUA } from './scripts/decide-script.js';
import { INCREMENT_LUA } from './scripts/increment-script.js';

type Arg = string | number;

/** The scripts, as ioredis `defineCommand`s: EVALSHA, and EVAL again after a NOSCRIPT. */
export interface ScriptCommands {
  airlockRlDecide(numKeys: number, ...args: Arg[]): Promise<(number | string)[]>;
  airlockRlRefund(numKeys: number, ...args: Arg[]): Promise<number>;
  airlockIncrement(numKeys: number, ...args: Arg[]): Promise<[number, string]>;
}

export type ScriptedClient = RedisClient & ScriptCommands;

/**
 * One Redis client, set up to fail fast: a dead or hung server must cost milliseconds, never
 * the seconds of ioredis's defaults (offline queue, 20 retries), and never an unhandled `error`
 * event. Every store call goes through `run`, which refuses at once while the client is not
 * ready and, after a timeout, skips Redis for `recheckAfterMs` so a hung server costs one
 * timeout rather than one per call. ioredis reconnects on its own; as soon as the client is
 * ready again, calls go back to Redis.
 */
export class RedisConnection {
  readonly client: ScriptedClient;
  readonly owned: boolean;
  private readonly closeClient: boolean;
  /** Our own timer is needed only for a passed-in client, whose settings we do not control. */
  private readonly ownTimeout: boolean;
  private suspendedUntil = 0;
  /** Counts connections: a timeout only says something about the connection it happened on. */
  private epoch = 0;
  private closed = false;
  private readonly onUserError: ((error: Error) => void) | undefined;
  /** The last error the client reported (for `health()`). */
  lastError: { message: string; at: number } | undefined;

  constructor(
    options: RedisBackendOptions,
    private readonly resolved: ResolvedOptions,
  ) {
    this.owned = options.client === undefined;
    this.closeClient = this.owned || options.closeClient === true;
    this.ownTimeout = !this.owned;
    const client = options.client ?? createFailFastClient(options.url!, resolved, options);
    client.defineCommand('airlockRlDecide', { lua: DECIDE_LUA });
    client.defineCommand('airlockRlRefund', { lua: REFUND_LUA });
    client.defineCommand('airlockIncrement', { lua: INCREMENT_LUA });
    client.on('error', this.onError);
    client.on('ready', this.onReady);
    this.onUserError = options.onError;
    this.client = client as ScriptedClient;
  }

  private readonly onError = (error: Error): void => {
    this.lastError = { message: error?.message ?? String(error), at: Date.now() };
    try {
      this.onUserError?.(error);
    } catch {
      // A throwing error callback must not turn into an unhandled error of its own.
    }
  };

  private readonly onReady = (): void => {
    this.epoch++;
    this.suspendedUntil = 0;
  };

  get status(): string {
    return this.closed ? 'closed' : this.client.status;
  }

  /** Why Redis cannot be asked right now, or `undefined` when it can. */
  unavailable(): string | undefined {
    if (this.closed) return 'the Redis backend is closed';
    const status = this.client.status;
    if (status !== 'ready') {
      this.connectIfLazy();
      return `Redis is not connected (${status})`;
    }
    if (this.suspendedUntil !== 0) {
      if (performance.now() < this.suspendedUntil)
        return 'Redis timed out recently; retrying shortly';
      this.suspendedUntil = 0;
    }
    return undefined;
  }

  /** Runs one command (one round trip), bounded by `commandTimeoutMs`. */
  async run<T>(command: (client: ScriptedClient) => Promise<T>): Promise<T> {
    const reason = this.unavailable();
    if (reason !== undefined) throw new RedisUnavailableError(reason);
    const epoch = this.epoch;
    try {
      const pending = command(this.client);
      return await (this.ownTimeout
        ? withTimeout(pending, this.resolved.commandTimeoutMs)
        : pending);
    } catch (error) {
      const mapped = toStoreError(error, this.resolved.commandTimeoutMs);
      // A command sent before a reconnect can time out after it; that is no news about now.
      if (mapped instanceof RedisTimeoutError && epoch === this.epoch) {
        this.suspendedUntil = performance.now() + this.resolved.recheckAfterMs;
      }
      throw mapped;
    }
  }

  /** Resolves once the client is ready; rejects after `timeoutMs`. */
  ready(timeoutMs = 5000): Promise<void> {
    if (this.closed)
      return Promise.reject(new RedisUnavailableError('the Redis backend is closed'));
    if (this.client.status === 'ready') return Promise.resolve();
    this.connectIfLazy();
    return new Promise((resolve, reject) => {
      const done = (error?: Error): void => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        if (error) reject(error);
        else resolve();
      };
      const onReady = (): void => done();
      const timer = setTimeout(
        () =>
          done(
            new RedisUnavailableError(
              `Redis was not ready within ${timeoutMs} ms (${this.client.status})`,
            ),
          ),
        timeoutMs,
      );
      this.client.on('ready', onReady);
    });
  }

  /** A passed-in client made with `lazyConnect` waits for a first command: start it. */
  private connectIfLazy(): void {
    if (this.client.status === 'wait') this.client.connect().catch(() => {});
  }

  /** Quits cleanly (waiting for pending replies) when the client is ours, else leaves it be. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.off('ready', this.onReady);
    if (!this.closeClient) {
      this.client.off('error', this.onError);
      return;
    }
    // Our error listener stays on: a closing socket may still report an error.
    if (this.client.status !== 'ready') {
      this.client.disconnect();
      return;
    }
    const ended = new Promise<void>((resolve) => this.client.once('end', () => resolve()));
    try {
      // QUIT lets pending replies arrive first; 'end' is when the socket is really gone.
      await withTimeout(
        Promise.all([this.client.quit(), ended]),
        Math.max(1000, this.resolved.commandTimeoutMs),
      );
    } catch {
      this.client.disconnect();
    }
  }
}

function createFailFastClient(
  url: string,
  resolved: ResolvedOptions,
  options: RedisBackendOptions,
): Redis {
  return new Redis(url, {
    ...options.redisOptions,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // A command that timed out must not be sent again after a reconnect: it may have run.
    autoResendUnfulfilledCommands: false,
    commandTimeout: resolved.commandTimeoutMs,
    connectTimeout: resolved.connectTimeoutMs,
    retryStrategy:
      options.redisOptions?.retryStrategy ?? ((times: number) => Math.min(50 * times, 500)),
  });
}

function withTimeout<T>(pending: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisTimeoutError(ms)), ms);
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
