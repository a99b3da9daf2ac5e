import type { StateStore } from '../backends/state-store.js';
import type { AirlockContext } from '../context.js';
import type { CompiledConversationRules } from '../policy/compiled-policy.js';

export type ConversationDenial =
  | { kind: 'max_calls'; max: number }
  | { kind: 'max_calls_per_tool'; max: number; pattern: string }
  | { kind: 'cooldown'; retryAfterMs: number; pattern: string }
  | { kind: 'required_before'; missing: string[] };

export interface ConversationReservation {
  /** Gives back what `reserve` took (the call was denied later). */
  release(): Promise<void>;
  /** Marks the tool as having succeeded in this conversation (for `requiredBefore`). */
  succeeded(): Promise<void>;
}

/**
 * Conversation constraints on the `StateStore`, so with a shared store they hold across workers.
 * Counters use bounded atomic increments (never over the max under concurrency), and every key's
 * TTL slides with activity: a busy conversation is never forgotten mid-way.
 */
export class ConversationTracker {
  constructor(private readonly store: StateStore) {}

  async reserve(
    context: AirlockContext,
    tool: string,
    rules: CompiledConversationRules,
  ): Promise<
    { ok: true; reservation: ConversationReservation } | { ok: false; denial: ConversationDenial }
  > {
    const base = conversationKey(context);
    const ttlMs = rules.ttlMs;
    if (rules.requiredBefore) {
      const done = await Promise.all(
        rules.requiredBefore.map((t) => this.store.get(`${base}:done:${t}`)),
      );
      const missing = rules.requiredBefore.filter((_, i) => done[i] === undefined);
      if (missing.length > 0) return { ok: false, denial: { kind: 'required_before', missing } };
    }
    const undo: (() => Promise<void>)[] = [];
    const release = async (): Promise<void> => {
      for (const u of undo.reverse()) await u();
    };
    if (rules.cooldown) {
      const key = `${base}:cool:${rules.cooldown.pattern === tool ? tool : `${rules.cooldown.pattern}|${tool}`}`;
      const now = await this.store.now();
      const until = now + rules.cooldown.ms;
      if (!(await this.store.setIfAbsent(key, String(until), rules.cooldown.ms))) {
        const current = Number(await this.store.get(key));
        const retryAfterMs = Number.isFinite(current)
          ? Math.max(0, current - now)
          : rules.cooldown.ms;
        return {
          ok: false,
          denial: { kind: 'cooldown', retryAfterMs, pattern: rules.cooldown.pattern },
        };
      }
      undo.push(() => this.store.delete(key));
    }
    if (rules.maxCallsForTool) {
      const key = `${base}:tool:${tool}`;
      const r = await this.store.increment(key, 1, { max: rules.maxCallsForTool.max, ttlMs });
      if (!r.applied) {
        await release();
        return {
          ok: false,
          denial: {
            kind: 'max_calls_per_tool',
            max: rules.maxCallsForTool.max,
            pattern: rules.maxCallsForTool.pattern,
          },
        };
      }
      undo.push(async () => void (await this.store.increment(key, -1, { ttlMs })));
    }
    if (rules.maxCalls !== undefined) {
      const key = `${base}:calls`;
      const r = await this.store.increment(key, 1, { max: rules.maxCalls, ttlMs });
      if (!r.applied) {
        await release();
        return { ok: false, denial: { kind: 'max_calls', max: rules.maxCalls } };
      }
      undo.push(async () => void (await this.store.increment(key, -1, { ttlMs })));
    }
    return {
      ok: true,
      reservation: {
        release,
        succeeded: () => this.store.set(`${base}:done:${tool}`, '1', ttlMs),
      },
    };
  }
}

function conversationKey(context: AirlockContext): string {
  return `conv:${encodeURIComponent(context.workspaceId ?? '_')}:${encodeURIComponent(context.conversationId ?? '_')}`;
}
