import type { Clock } from '../backends/clock.js';
import type { AirlockContext } from '../context.js';
import { CompiledPolicy } from './compiled-policy.js';
import type { SecurityPolicy } from './schema.js';

/** Picks a policy per call: per workspace or tenant, from a database, a file, a flag service. */
export type PolicyResolver = (context: AirlockContext) => SecurityPolicy | Promise<SecurityPolicy>;

export interface PolicyCacheOptions {
  /** How long a resolved policy is reused. Default 60 s. */
  ttlMs?: number;
  /** The cache key of a context. Default: its workspaceId. */
  key?: (context: AirlockContext) => string;
  /** Most entries kept. Default 1000. */
  maxEntries?: number;
}

/** Where the pipeline gets the compiled policy of a call: a fixed one or a cached resolver. */
export class PolicySource {
  private readonly fixed: CompiledPolicy | undefined;
  private readonly cache = new Map<string, { policy: CompiledPolicy; expiresAt: number }>();
  private readonly inflight = new Map<string, Promise<CompiledPolicy>>();

  constructor(
    policy: SecurityPolicy | PolicyResolver | undefined,
    private readonly clock: Clock,
    private readonly cacheOptions: PolicyCacheOptions = {},
  ) {
    this.resolver = typeof policy === 'function' ? policy : undefined;
    this.fixed = typeof policy === 'function' ? undefined : CompiledPolicy.compile(policy ?? {});
  }

  private readonly resolver: PolicyResolver | undefined;

  /** The fixed policy, when there is no resolver: lets the pipeline stay synchronous. */
  get static(): CompiledPolicy | undefined {
    return this.fixed;
  }

  /** Resolves (and caches) the policy for `context`. Rejects with a readable message. */
  async resolve(context: AirlockContext): Promise<CompiledPolicy> {
    if (this.fixed) return this.fixed;
    const key = (this.cacheOptions.key ?? defaultKey)(context);
    const now = this.clock.now();
    const hit = this.cache.get(key);
    if (hit && hit.expiresAt > now) return hit.policy;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.load(context, key);
      this.inflight.set(key, pending);
      void pending.then(
        () => this.inflight.delete(key),
        () => this.inflight.delete(key),
      );
    }
    return pending;
  }

  /** Drops cached policies (all, or one key), so the next call resolves again. */
  invalidate(key?: string): void {
    if (key === undefined) this.cache.clear();
    else this.cache.delete(key);
  }

  private async load(context: AirlockContext, key: string): Promise<CompiledPolicy> {
    const raw = await this.resolver!(context);
    const policy = CompiledPolicy.compile(raw, 'resolved policy');
    const max = this.cacheOptions.maxEntries ?? 1000;
    if (this.cache.size >= max) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, {
      policy,
      expiresAt: this.clock.now() + (this.cacheOptions.ttlMs ?? 60_000),
    });
    return policy;
  }
}

function defaultKey(context: AirlockContext): string {
  return context.workspaceId ?? '';
}
