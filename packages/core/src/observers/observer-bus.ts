import type {
  AirlockEvent,
  AirlockObserver,
  CallEndEvent,
  CallErrorEvent,
  CallScope,
  CallStartEvent,
} from './observer.js';

type Method = 'onCallStart' | 'onCallEnd' | 'onError' | 'onEvent';
type Payload<M extends Method> = M extends 'onCallStart'
  ? CallStartEvent
  : M extends 'onCallEnd'
    ? CallEndEvent
    : M extends 'onError'
      ? CallErrorEvent
      : AirlockEvent;

interface Delivery {
  method: Method;
  payload: unknown;
  targets: readonly AirlockObserver[];
  scopes: readonly CallScope[] | undefined;
}

/** Deliveries queued past this are sent in a microtask rather than waiting for the event
 *  loop: a loop of synchronous calls that never yields must not grow the queue without end. */
const HIGH_WATER = 10_000;
/** Call scopes kept at most (a call whose end never came would otherwise stay forever). */
const MAX_OPEN_SCOPES = 100_000;

/**
 * Fans events out to observers without letting them touch the call. Deliveries are queued and
 * sent from `setImmediate`, after the caller has resumed with its result: a slow observer costs
 * the process CPU, never the call's latency. Failures are caught and reported to
 * `onObserverError`; pending async work is tracked so `flush()` can wait for it at shutdown.
 *
 * The exception is `startCall`, run synchronously in the caller's async context so a tracer can
 * start its span under the caller's active span; the `CallScope` it returns gets the call's
 * later events through the same queue.
 */
export class ObserverBus {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly byMethod: Record<Method, AirlockObserver[]>;
  private readonly starters: AirlockObserver[];
  private readonly scopes = new Map<string, CallScope[]>();
  private queue: Delivery[] = [];
  private scheduled = false;
  private microtaskScheduled = false;

  constructor(
    readonly observers: readonly AirlockObserver[],
    private readonly onObserverError: (
      observer: AirlockObserver,
      error: unknown,
    ) => void = () => {},
  ) {
    this.byMethod = {
      onCallStart: observers.filter((o) => typeof o.onCallStart === 'function'),
      onCallEnd: observers.filter((o) => typeof o.onCallEnd === 'function'),
      onError: observers.filter((o) => typeof o.onError === 'function'),
      onEvent: observers.filter((o) => typeof o.onEvent === 'function'),
    };
    this.starters = observers.filter((o) => typeof o.startCall === 'function');
  }

  /** True when someone listens to `method`: lets callers skip building payloads. */
  wants(method: Method): boolean {
    return this.byMethod[method].length > 0 || this.starters.length > 0;
  }

  /** Number of call scopes opened by `startCall` and not yet ended. */
  get openScopes(): number {
    return this.scopes.size;
  }

  emit<M extends Method>(method: M, payload: Payload<M>): void {
    let scopes: CallScope[] | undefined;
    if (this.starters.length > 0) {
      const callId = (payload as { callId?: string }).callId;
      if (method === 'onCallStart') this.start(payload as CallStartEvent);
      else if (callId !== undefined) {
        scopes = this.scopes.get(callId);
        if (scopes && method === 'onCallEnd') this.scopes.delete(callId);
      }
    }
    const targets = this.byMethod[method];
    if (targets.length === 0 && !scopes) return;
    this.queue.push({ method, payload, targets, scopes });
    this.schedule();
  }

  /** Runs every `startCall` now, in the caller's context, and keeps the scopes they return. */
  private start(event: CallStartEvent): void {
    let opened: CallScope[] | undefined;
    for (const observer of this.starters) {
      try {
        const scope = observer.startCall!(event);
        if (scope && typeof scope.end === 'function') {
          opened ??= [];
          opened.push(scope);
        }
      } catch (error) {
        this.report(observer, error);
      }
    }
    if (!opened) return;
    if (this.scopes.size >= MAX_OPEN_SCOPES) {
      const oldest = this.scopes.keys().next().value;
      if (oldest !== undefined) this.scopes.delete(oldest);
    }
    this.scopes.set(event.callId, opened);
  }

  private schedule(): void {
    if (this.queue.length >= HIGH_WATER) {
      if (!this.microtaskScheduled) {
        this.microtaskScheduled = true;
        queueMicrotask(() => {
          this.microtaskScheduled = false;
          this.drain();
        });
      }
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      for (const d of batch) {
        for (const observer of d.targets) this.deliver(observer, d.method, d.payload);
        if (d.scopes) for (const scope of d.scopes) this.deliverToScope(scope, d.method, d.payload);
      }
    }
  }

  private deliver(observer: AirlockObserver, method: Method, payload: unknown): void {
    try {
      const result = (observer[method] as (p: unknown) => unknown).call(observer, payload);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        const tracked = (result as Promise<unknown>).then(undefined, (error: unknown) =>
          this.report(observer, error),
        );
        this.pending.add(tracked);
        void tracked.finally(() => this.pending.delete(tracked));
      }
    } catch (error) {
      this.report(observer, error);
    }
  }

  private deliverToScope(scope: CallScope, method: Method, payload: unknown): void {
    try {
      if (method === 'onCallEnd') scope.end(payload as CallEndEvent);
      else if (method === 'onEvent') scope.onEvent?.(payload as AirlockEvent);
      else if (method === 'onError') scope.onError?.(payload as CallErrorEvent);
    } catch (error) {
      this.report({ name: 'call scope' }, error);
    }
  }

  private report(observer: AirlockObserver, error: unknown): void {
    try {
      this.onObserverError(observer, error);
    } catch {
      // The error reporter itself failed: nothing more can be done without risking the call.
    }
  }

  /**
   * Delivers everything queued, waits for async observers, then each observer's `flush`. Stops
   * waiting after `timeoutMs` (an observer that never settles must not hang shutdown) and
   * resolves `false` if it had to.
   */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref?.();
    });
    const work = (async (): Promise<true> => {
      this.drain();
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      await Promise.allSettled(
        this.observers.map(async (o) => {
          try {
            await o.flush?.();
          } catch (error) {
            this.report(o, error);
          }
        }),
      );
      this.drain();
      return true;
    })();
    try {
      return await Promise.race([work, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
