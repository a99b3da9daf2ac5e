import {
  assertRateLimitRequests,
  type RateLimitDecision,
  type RateLimitKeyResult,
  type RateLimitRequest,
  type RateLimitStore,
  summarizeRateLimitResults,
} from '@airlock/core';
import type { RedisConnection } from './connection.js';
import { RedisUnavailableError } from './errors.js';
import type { FailModeDecider } from './fail-mode.js';
import type { KeyLayout } from './key-layout.js';
import { deleteByPattern } from './scan.js';

/** The keys and arguments of one script call: the limits of one hash-tag slot. */
interface Group {
  indexes: number[];
  keys: string[];
  args: (string | number)[];
}

interface GroupOutcome {
  allowed: boolean;
  now: string;
  results: RateLimitKeyResult[];
}

/**
 * Rate limits on Redis: one script decides every limit of a call, with Redis's clock, checking
 * all before consuming any (see scripts/decide-script.ts). On a Redis Cluster the limits of
 * different partitions live in different slots, which one script cannot touch; there each slot
 * is decided in turn and, if a later one denies, the earlier ones are refunded. A refund can
 * make a concurrent call see less allowance for a moment (under-admission), never more.
 *
 * When Redis cannot answer, each limit's fail mode decides (`FailModeDecider`) and the
 * decision carries `degraded`.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly name = 'redis';
  /** Whether any limit decided here asked to fail closed (it makes the backend critical). */
  sawClosedLimit = false;

  constructor(
    private readonly connection: RedisConnection,
    private readonly layout: KeyLayout,
    private readonly failModes: FailModeDecider,
    private readonly split: boolean,
  ) {}

  async decide(requests: readonly RateLimitRequest[], cost = 1): Promise<RateLimitDecision> {
    assertRateLimitRequests(requests, cost);
    if (requests.length === 0) return summarizeRateLimitResults([], true);
    if (!this.sawClosedLimit) this.noteClosed(requests);
    const reason = this.connection.unavailable();
    if (reason !== undefined) return this.failModes.decide(requests, cost, reason);
    try {
      return this.split
        ? await this.decideSplit(requests, cost)
        : await this.decideAll(requests, cost);
    } catch (error) {
      // Only "Redis did not answer" is the fail mode's to decide; anything else (a bug, a
      // script error) is thrown, so core fails the call closed and reports it loudly.
      if (!(error instanceof RedisUnavailableError)) throw error;
      return this.failModes.decide(requests, cost, error.message);
    }
  }

  async reset(): Promise<void> {
    this.failModes.reset();
    await deleteByPattern(this.connection, this.layout.rateLimitPattern);
  }

  private noteClosed(requests: readonly RateLimitRequest[]): void {
    for (const r of requests) if (this.failModes.modeOf(r) === 'closed') this.sawClosedLimit = true;
  }

  /** A single server: one script for every limit, whatever its partition (the hot path). */
  private async decideAll(
    requests: readonly RateLimitRequest[],
    cost: number,
  ): Promise<RateLimitDecision> {
    const n = requests.length;
    const args: (string | number)[] = new Array(2 + n * 4);
    args[0] = n;
    args[1 + n] = cost;
    for (let i = 0; i < n; i++) {
      const r = requests[i]!;
      args[1 + i] = this.layout.rateLimitKey(this.layout.tag(r.partition), r.algorithm, r.key);
      const a = 2 + n + i * 3;
      args[a] = r.algorithm === 'strict' ? 's' : 'g';
      args[a + 1] = r.limit;
      args[a + 2] = r.periodMs;
    }
    const reply = await this.connection.run((c) =>
      c.airlockRlDecide(...(args as [number, ...string[]])),
    );
    const results: RateLimitKeyResult[] = new Array(n);
    for (let i = 0; i < n; i++) results[i] = toResult(requests[i]!.key, reply, 2 + i * 4);
    return summarizeRateLimitResults(results, reply[0] === 1);
  }

  /** A Cluster: one script per slot, in order; a denial refunds the slots already committed. */
  private async decideSplit(
    requests: readonly RateLimitRequest[],
    cost: number,
  ): Promise<RateLimitDecision> {
    const groups = new Map<string, Group>();
    for (let i = 0; i < requests.length; i++) {
      const tag = this.layout.tag(requests[i]!.partition);
      let group = groups.get(tag);
      if (!group) {
        group = { indexes: [], keys: [], args: [cost] };
        groups.set(tag, group);
      }
      this.add(group, requests[i]!, i);
    }
    const committed: { group: Group; now: string }[] = [];
    const results: RateLimitKeyResult[] = [];
    // Best effort: a refund that fails leaves the allowance used (under-admission, never over).
    const refundAll = () => Promise.allSettled(committed.map((c) => this.refund(c.group, c.now)));
    for (const group of groups.values()) {
      let outcome: GroupOutcome;
      try {
        outcome = await this.run(group, requests);
      } catch (error) {
        await refundAll();
        throw error;
      }
      results.push(...outcome.results);
      if (!outcome.allowed) {
        await refundAll();
        return summarizeRateLimitResults(results, false);
      }
      committed.push({ group, now: outcome.now });
    }
    return summarizeRateLimitResults(results, true);
  }

  private add(group: Group, request: RateLimitRequest, index: number): void {
    const tag = this.layout.tag(request.partition);
    group.indexes.push(index);
    group.keys.push(this.layout.rateLimitKey(tag, request.algorithm, request.key));
    group.args.push(request.algorithm === 'strict' ? 's' : 'g', request.limit, request.periodMs);
  }

  private async run(group: Group, requests: readonly RateLimitRequest[]): Promise<GroupOutcome> {
    const reply = await this.connection.run((c) =>
      c.airlockRlDecide(group.keys.length, ...group.keys, ...group.args),
    );
    const results: RateLimitKeyResult[] = new Array(group.indexes.length);
    for (let j = 0; j < group.indexes.length; j++) {
      results[j] = toResult(requests[group.indexes[j]!]!.key, reply, 2 + j * 4);
    }
    return { allowed: reply[0] === 1, now: String(reply[1]), results };
  }

  private async refund(group: Group, now: string): Promise<void> {
    const [cost, ...perKey] = group.args;
    await this.connection.run((c) =>
      c.airlockRlRefund(group.keys.length, ...group.keys, cost!, now, ...perKey),
    );
  }
}

/** One key's four numbers in the script's reply, from offset `o`. */
function toResult(key: string, reply: (number | string)[], o: number): RateLimitKeyResult {
  return {
    key,
    allowed: reply[o] === 1,
    remaining: Number(reply[o + 1]),
    resetMs: Number(reply[o + 2]),
    retryAfterMs: Number(reply[o + 3]),
  };
}
