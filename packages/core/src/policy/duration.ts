const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
};

const DURATION = /^(\d+)\s*(ms|s|sec|second|m|min|minute|h|hr|hour|d|day)s?$/i;

/** Parses `"30s"`, `"5m"`, `"1h"`, `"2 days"` or a number of milliseconds. */
export function parseDuration(value: string | number, field = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new TypeError(`${field}: expected milliseconds >= 0, got ${value}`);
    }
    return value;
  }
  const m = typeof value === 'string' ? DURATION.exec(value.trim()) : null;
  if (!m) {
    throw new TypeError(
      `${field}: expected a duration like "30s", "5m", "1h" or "1d", got ${JSON.stringify(value)}`,
    );
  }
  return Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!;
}

export { UNIT_MS };
