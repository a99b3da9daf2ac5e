import type {
  AirlockEvent,
  AirlockObserver,
  CallEndEvent,
  CallErrorEvent,
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

/**
 * Fans events out to observers without letting them touch the call: each delivery runs in a
 * microtask, failures are caught and reported to `onObserverError`, and pending async work is
 * tracked so `flush()` can wait for it at shutdown.
 */
export class ObserverBus {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly byMethod: Record<Method, AirlockObserver[]>;

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
  }

  /** True when someone listens to `method`: lets callers skip building payloads. */
  wants(method: Method): boolean {
    return this.byMethod[method].length > 0;
  }

  emit<M extends Method>(method: M, payload: Payload<M>): void {
    const targets = this.byMethod[method];
    if (targets.length === 0) return;
    queueMicrotask(() => {
      for (const observer of targets) this.deliver(observer, method, payload);
    });
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

  private report(observer: AirlockObserver, error: unknown): void {
    try {
      this.onObserverError(observer, error);
    } catch {
      // The error reporter itself failed: nothing more can be done without risking the call.
    }
  }

  /** Waits for queued deliveries and in-flight async observers, then each observer's `flush`. */
  async flush(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
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
  }
}
