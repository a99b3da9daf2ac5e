import type { TokenCounter } from './token-counter.js';

export interface TruncateLimits {
  maxChars?: number;
  maxTokens?: number;
  countTokens: TokenCounter;
}

export interface TruncateResult<T = unknown> {
  value: T;
  truncated: boolean;
  /** Size of the output as the model would see it: the string, or the JSON text. */
  originalChars: number;
  keptChars: number;
}

/**
 * Cuts output to the limits. The result is never longer than `maxChars` (or `maxTokens` by the
 * counter), a marker says how much was cut, and non-string output stays a JSON value of the same
 * shape where any shape fits (long strings are shortened, long arrays and objects lose their
 * tail). The size of a non-string value is the length of its JSON text.
 */
export function truncateOutput<T>(value: T, limits: TruncateLimits): TruncateResult<T | string> {
  if (typeof value === 'string') return truncateText(value, limits);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return { value, truncated: false, originalChars: 0, keptChars: 0 };
  if (fits(text, limits))
    return { value, truncated: false, originalChars: text.length, keptChars: text.length };
  return truncateJson(value, text, limits);
}

function fits(text: string, limits: TruncateLimits): boolean {
  if (limits.maxChars !== undefined && text.length > limits.maxChars) return false;
  if (limits.maxTokens !== undefined && limits.countTokens(text) > limits.maxTokens) return false;
  return true;
}

/** Markers from most to least informative; the longest one that fits is used. */
function markers(cut: number, total: number): string[] {
  return [`\n…[truncated ${cut} of ${total} chars]`, `…[+${cut} chars]`, `…[+${cut}]`, '…', ''];
}

export function truncateText(text: string, limits: TruncateLimits): TruncateResult<string> {
  const total = text.length;
  if (fits(text, limits))
    return { value: text, truncated: false, originalChars: total, keptChars: total };
  // Largest kept prefix for which prefix + marker fits; each marker shape is tried in turn.
  for (const shape of [0, 1, 2, 3, 4]) {
    const build = (keep: number): string => {
      const k = safeCut(text, keep);
      return text.slice(0, k) + markers(total - k, total)[shape]!;
    };
    if (!fits(build(0), limits)) continue;
    let lo = 0;
    let hi = total - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(build(mid), limits)) lo = mid;
      else hi = mid - 1;
    }
    const out = build(lo);
    return { value: out, truncated: true, originalChars: total, keptChars: out.length };
  }
  return { value: '', truncated: true, originalChars: total, keptChars: 0 };
}

/** Never split a surrogate pair: cutting between its halves would leave invalid UTF-16. */
function safeCut(text: string, keep: number): number {
  if (keep > 0 && keep < text.length) {
    const code = text.charCodeAt(keep - 1);
    if (code >= 0xd800 && code <= 0xdbff) return keep - 1;
  }
  return keep;
}

function truncateJson<T>(
  value: T,
  text: string,
  limits: TruncateLimits,
): TruncateResult<T | string> {
  const original = text.length;
  let lo = 0;
  let hi = Math.max(original, 1);
  let best: { value: unknown; text: string } | undefined;
  const attempt = (cap: number): { value: unknown; text: string } | undefined => {
    const shrunk = shrink(value, cap, Math.max(0, Math.ceil(cap / 20)), 0);
    const json = JSON.stringify(shrunk) ?? 'null';
    return fits(json, limits) ? { value: shrunk, text: json } : undefined;
  };
  best = attempt(0);
  if (!best) {
    // Not even the skeleton fits: fall back to the JSON text cut as plain text.
    const cut = truncateText(text, limits);
    return { value: cut.value, truncated: true, originalChars: original, keptChars: cut.keptChars };
  }
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const r = attempt(mid);
    if (r) {
      best = r;
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return {
    value: best.value as T,
    truncated: true,
    originalChars: original,
    keptChars: best.text.length,
  };
}

/** A copy with strings cut to `strCap` chars and arrays/objects cut to `itemCap` entries. */
function shrink(value: unknown, strCap: number, itemCap: number, depth: number): unknown {
  if (typeof value === 'string') {
    if (value.length <= strCap) return value;
    const kept = safeCut(value, strCap);
    const marked = `${value.slice(0, kept)}…[+${value.length - kept} chars]`;
    return marked.length < value.length ? marked : value;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return shrink((value as { toJSON: () => unknown }).toJSON(), strCap, itemCap, depth);
  }
  if (Array.isArray(value)) {
    const kept = value.slice(0, itemCap).map((v) => shrink(v, strCap, itemCap, depth + 1));
    if (value.length > itemCap) kept.push(`…[+${value.length - itemCap} items]`);
    return kept;
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value).filter(
    (k) => (value as Record<string, unknown>)[k] !== undefined,
  );
  for (const key of keys.slice(0, Math.max(itemCap, 1))) {
    const v = shrink((value as Record<string, unknown>)[key], strCap, itemCap, depth + 1);
    Object.defineProperty(out, key, {
      value: v,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (keys.length > Math.max(itemCap, 1)) out['…'] = `+${keys.length - Math.max(itemCap, 1)} keys`;
  return out;
}
