import type { BudgetPeriod } from './budget-options.js';

const DAY_MS = 86_400_000;

/** The calendar window (UTC) that `now` falls in: its name in keys, and when it ends. */
export function periodWindow(
  period: BudgetPeriod,
  now: number,
): { stamp: string; endsAt: number | undefined } {
  const d = new Date(now);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  if (period === 'day') {
    const start = Date.UTC(y, m, d.getUTCDate());
    return { stamp: new Date(start).toISOString().slice(0, 10), endsAt: start + DAY_MS };
  }
  if (period === 'month') {
    return { stamp: `${y}-${String(m + 1).padStart(2, '0')}`, endsAt: Date.UTC(y, m + 1, 1) };
  }
  return { stamp: 'all', endsAt: undefined };
}

/** Keys live a day past their window, so a late settle still finds its counter. */
export function ttlUntil(endsAt: number | undefined, now: number): number | undefined {
  return endsAt === undefined ? undefined : Math.max(1, endsAt - now) + DAY_MS;
}
