import { UNIT_MS } from './duration.js';

/** A parsed rate: `limit` calls per `periodMs`. */
export interface Rate {
  limit: number;
  periodMs: number;
  /** The text it was parsed from, for messages. */
  text: string;
}

const RATE = /^(\d+)\s*\/\s*(\d+)?\s*(ms|s|sec|second|m|min|minute|h|hr|hour|d|day)s?$/i;

/**
 * Parses `"N/second|minute|hour|day"`, also `"100/15m"` and `"5/s"`. Zero, negative or fractional
 * counts and unknown units are rejected with a message naming the accepted forms.
 */
export function parseRate(text: string): Rate {
  const m = typeof text === 'string' ? RATE.exec(text.trim()) : null;
  const limit = m ? Number(m[1]) : Number.NaN;
  const multiple = m?.[2] !== undefined ? Number(m[2]) : 1;
  if (!m || !Number.isSafeInteger(limit) || limit < 1 || multiple < 1) {
    throw new TypeError(
      `invalid rate ${JSON.stringify(text)}: expected "N/second", "N/minute", "N/hour", "N/day" or "N/15m" with N >= 1`,
    );
  }
  return { limit, periodMs: multiple * UNIT_MS[m[3]!.toLowerCase()]!, text: text.trim() };
}
