import type { RateLimitStore } from './backends/rate-limit-store.js';
import type { StateStore } from './backends/state-store.js';
import type { AirlockObserver } from './observers/observer.js';
import type { HealthReport, SandboxProvider } from './sandbox/sandbox-provider.js';
import type { Recognizer } from './sanitizer/recognizer.js';

/**
 * What a plugin may contribute. Plugins are composed once, at `createAirlock`; core only ever
 * talks to them through these interfaces.
 */
export interface AirlockPlugin {
  name: string;
  /** Recognizers for the sanitizer (the pii-* packs). */
  recognizers?: readonly Recognizer[];
  /** Replaces the in-memory rate-limit store (backend-redis). */
  rateLimitStore?: RateLimitStore;
  /** Replaces the in-memory state store: breakers, budgets, conversations, PII tokens. */
  stateStore?: StateStore;
  observers?: readonly AirlockObserver[];
  sandbox?: SandboxProvider;
  /** Feeds `airlock.health()` for readiness probes. */
  health?(): Promise<HealthReport>;
  /** Called by `airlock.close()`, after in-flight calls drained and observers flushed. */
  close?(): Promise<void>;
}

/** Identity helper that type-checks a plugin object. */
export function definePlugin<P extends AirlockPlugin>(plugin: P): P {
  return plugin;
}
