import type { Clock } from '../backends/clock.js';
import type { StateStore } from '../backends/state-store.js';
import type { AirlockContext } from '../context.js';
import { parseDuration } from '../policy/duration.js';
import {
  BUDGET_SCOPES,
  type BudgetDimension,
  type BudgetLimits,
  type BudgetOptions,
  type BudgetPeriod,
  type BudgetScope,
} from './budget-options.js';
import { periodWindow, ttlUntil } from './budget-period.js';
import { toMicros } from './pricing.js';

/** Amounts in stored units: tokens, millionths of a currency unit, calls. */
export interface BudgetAmounts {
  tokens: number;
  costMicros: number;
  calls: number;
}

/** One limited counter: a dimension of a scope's budget in the current period. */
export interface BudgetLine {
  scope: BudgetScope;
  /** The scope's id as keys show it: `ws=acme/user=u1`. */
  id: string;
  dimension: BudgetDimension;
  key: string;
  /** In stored units (micro-units for cost). */
  limit: number;
  period: BudgetPeriod | 'conversation';
  /** When the counter starts again from zero (absent for `total` and conversations). */
  resetsAt: number | undefined;
  ttlMs: number | undefined;
}

/** A line that crossed the warning fraction. */
export interface BudgetCrossing {
  line: BudgetLine;
  used: number;
}

/** Why a reservation was refused: the first line without room. */
export interface BudgetDenial {
  line: BudgetLine;
  used: number;
  requested: number;
}

export interface BudgetReservation {
  /** The idempotency key: `release` and `settle` act once per key, whichever comes first. */
  readonly key: string;
  readonly estimate: BudgetAmounts;
  /** Gives the reservation back (the call was denied by a later limit). */
  release(): Promise<void>;
  /** Replaces the estimate with what the call really used. A repeated settle does nothing. */
  settle(actual: BudgetAmounts): Promise<BudgetCrossing[]>;
}

export type ReserveResult =
  | { ok: true; reservation: BudgetReservation; crossings: BudgetCrossing[] }
  | { ok: false; denial: BudgetDenial };

const DIMENSIONS: readonly BudgetDimension[] = ['tokens', 'cost', 'calls'];
const DONE_TTL_MS = 7 * 86_400_000;

const enc = (v: string | undefined): string => (v === undefined ? '_' : encodeURIComponent(v));

/**
 * Budgets kept in the `StateStore`: reserve before a call, settle after it. Each line is one
 * counter of used + reserved amounts changed only by bounded atomic increments, so concurrent
 * calls on any number of processes sharing the store never push a counter past its limit at
 * reservation. A reservation whose process died before settling stays counted (fail closed).
 */
export class BudgetLedger {
  private readonly period: BudgetPeriod;
  private readonly conversationTtlMs: number;
  readonly warnAt: number;

  constructor(
    private readonly store: StateStore,
    private readonly options: BudgetOptions,
    private readonly clock: Clock,
  ) {
    this.period = options.period ?? 'month';
    this.conversationTtlMs = parseDuration(
      options.conversationTtl ?? '24h',
      'budgets.conversationTtl',
    );
    this.warnAt = options.warnAt ?? 0.8;
  }

  /** Output tokens to reserve for a call before it runs. */
  estimateOutputTokens(tool: string, context: AirlockContext): number {
    const e = this.options.estimateOutputTokens;
    const n = typeof e === 'function' ? e(tool, context) : (e ?? 0);
    return Number.isFinite(n) && n > 0 ? Math.ceil(n) : 0;
  }

  /** The limited counters that apply to a call with this context, now. */
  linesFor(context: AirlockContext): BudgetLine[] {
    const lines: BudgetLine[] = [];
    const now = this.clock.now();
    for (const scope of BUDGET_SCOPES) {
      const source = this.options[scope];
      if (source === undefined) continue;
      if (scope === 'conversation' && context.conversationId === undefined) continue;
      const limits: BudgetLimits | undefined =
        typeof source === 'function' ? source(context) : source;
      if (!limits) continue;
      const id = scopeId(scope, context);
      const window = scope === 'conversation' ? undefined : periodWindow(this.period, now);
      for (const dimension of DIMENSIONS) {
        const raw = limits[dimension];
        if (raw === undefined || !Number.isFinite(raw) || raw < 0) continue;
        lines.push({
          scope,
          id,
          dimension,
          key: `budget:${scope}:${id}:${window ? window.stamp : 'conv'}:${dimension}`,
          limit: dimension === 'cost' ? toMicros(raw) : Math.floor(raw),
          period: window ? this.period : 'conversation',
          resetsAt: window?.endsAt,
          ttlMs: window ? ttlUntil(window.endsAt, now) : this.conversationTtlMs,
        });
      }
    }
    return lines;
  }

  /**
   * Takes `estimate` from every line, or from none: a line without room undoes the others. A
   * line already used up refuses even a zero estimate.
   */
  async reserve(
    lines: readonly BudgetLine[],
    estimate: BudgetAmounts,
    key: string,
  ): Promise<ReserveResult> {
    const settled = await Promise.allSettled(
      lines.map((line) => {
        const delta = amountOf(estimate, line.dimension);
        const max = delta === 0 ? line.limit - 1 : line.limit;
        return this.store.increment(line.key, delta, {
          max,
          ...(line.ttlMs ? { ttlMs: line.ttlMs } : {}),
        });
      }),
    );
    const undoApplied = () =>
      Promise.allSettled(
        lines.map((line, i) => {
          const s = settled[i]!;
          return s.status === 'fulfilled' && s.value.applied
            ? this.add(line, -amountOf(estimate, line.dimension))
            : undefined;
        }),
      );
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) {
      // The store failed part-way: give back what was taken, then let the caller fail closed.
      await undoApplied();
      throw (failed as PromiseRejectedResult).reason;
    }
    const results = settled.map(
      (s) => (s as PromiseFulfilledResult<{ applied: boolean; value: number }>).value,
    );
    const refused = results.findIndex((r) => !r.applied);
    if (refused !== -1) {
      await undoApplied();
      const line = lines[refused]!;
      return {
        ok: false,
        denial: {
          line,
          used: results[refused]!.value,
          requested: amountOf(estimate, line.dimension),
        },
      };
    }
    const crossings: BudgetCrossing[] = [];
    lines.forEach((line, i) => {
      const c = this.crossing(line, results[i]!.value, amountOf(estimate, line.dimension));
      if (c) crossings.push(c);
    });
    return { ok: true, reservation: this.reservation(lines, estimate, key), crossings };
  }

  /** Current use of every line that applies to `context` (for dashboards and tests). */
  async usage(context: AirlockContext): Promise<{ line: BudgetLine; used: number }[]> {
    const lines = this.linesFor(context);
    const values = await Promise.all(lines.map((l) => this.store.get(l.key)));
    return lines.map((line, i) => ({ line, used: Number(values[i] ?? 0) }));
  }

  private reservation(
    lines: readonly BudgetLine[],
    estimate: BudgetAmounts,
    key: string,
  ): BudgetReservation {
    const claim = (): Promise<boolean> =>
      this.store.setIfAbsent(`budget:done:${key}`, '1', DONE_TTL_MS);
    return {
      key,
      estimate,
      release: async () => {
        if (!(await claim())) return;
        await Promise.all(lines.map((line) => this.add(line, -amountOf(estimate, line.dimension))));
      },
      settle: async (actual) => {
        if (!(await claim())) return [];
        const crossings: BudgetCrossing[] = [];
        await Promise.all(
          lines.map(async (line) => {
            const delta = amountOf(actual, line.dimension) - amountOf(estimate, line.dimension);
            const value = await this.add(line, delta);
            const c = value === undefined ? undefined : this.crossing(line, value, delta);
            if (c) crossings.push(c);
          }),
        );
        return crossings;
      },
    };
  }

  private async add(line: BudgetLine, delta: number): Promise<number | undefined> {
    if (delta === 0) return undefined;
    const r = await this.store.increment(line.key, delta, line.ttlMs ? { ttlMs: line.ttlMs } : {});
    return r.value;
  }

  /** Only the increment that moved a counter over the fraction reports it: exactly once. */
  private crossing(line: BudgetLine, value: number, delta: number): BudgetCrossing | undefined {
    if (delta <= 0 || line.limit <= 0) return undefined;
    const threshold = this.warnAt * line.limit;
    return value - delta < threshold && value >= threshold ? { line, used: value } : undefined;
  }
}

function scopeId(scope: BudgetScope, context: AirlockContext): string {
  const ws = `ws=${enc(context.workspaceId)}`;
  if (scope === 'workspace') return ws;
  if (scope === 'user') return `${ws}/user=${enc(context.userId)}`;
  return `${ws}/conv=${enc(context.conversationId)}`;
}

export function amountOf(amounts: BudgetAmounts, dimension: BudgetDimension): number {
  return dimension === 'tokens'
    ? amounts.tokens
    : dimension === 'cost'
      ? amounts.costMicros
      : amounts.calls;
}
