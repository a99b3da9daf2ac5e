/**
 * Tool-name globs: `*` matches any run of characters, `?` one character, everything else itself.
 * Matching is iterative (no regex), linear in practice and never exponential.
 */
export function globMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p++;
      starN = n;
    } else if (pc !== undefined && (pc === '?' || pc === name[n])) {
      p++;
      n++;
    } else if (starP !== -1) {
      p = starP + 1;
      n = ++starN;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** How specific a glob is: an exact name beats any wildcard, then more literal characters win. */
export function globSpecificity(pattern: string): number {
  let literal = 0;
  let wild = 0;
  for (const ch of pattern) {
    if (ch === '*' || ch === '?') wild++;
    else literal++;
  }
  return wild === 0 ? 1_000_000 + literal : literal * 100 - wild;
}

/** The value of the most specific glob in `map` that matches `name`, if any. */
export function mostSpecific<T>(
  entries: readonly (readonly [string, T])[],
  name: string,
): { pattern: string; value: T } | undefined {
  let best: { pattern: string; value: T } | undefined;
  let bestScore = -Infinity;
  for (const [pattern, value] of entries) {
    if (!globMatch(pattern, name)) continue;
    const score = globSpecificity(pattern);
    if (score > bestScore || (score === bestScore && best && pattern < best.pattern)) {
      best = { pattern, value };
      bestScore = score;
    }
  }
  return best;
}
