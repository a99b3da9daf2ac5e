import type { ExplainedCandidate, Finding } from './recognizer.js';

/**
 * Resolves overlapping candidates deterministically:
 * 1. overlapping candidates of one type merge into one span (masking the union is the safe
 *    choice), keeping the best score and its explanation;
 * 2. across types, the higher score wins, then a checksum-validated one (a JWT over the bearer
 *    token it is), then the longer span, then the earlier one, then the type id: a validated GSTIN beats the PAN inside it, a password beats the email-shaped
 *    `pass@host` it contains.
 * `dropped` receives the candidates that lost (for `explain`).
 */
export function resolveOverlaps(
  text: string,
  candidates: Finding[],
  dropped?: ExplainedCandidate[],
): Finding[] {
  if (candidates.length <= 1) return candidates;
  const merged = mergeSameType(text, candidates, dropped);
  if (merged.length <= 1) return merged;
  // Only findings that overlap each other compete: sweep by start into groups, resolve each.
  merged.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  let group: Finding[] = [];
  let groupEnd = -1;
  for (const f of merged) {
    if (group.length > 0 && f.start >= groupEnd) {
      resolveGroup(group, kept, dropped);
      group = [];
    }
    group.push(f);
    groupEnd = group.length === 1 ? f.end : Math.max(groupEnd, f.end);
  }
  resolveGroup(group, kept, dropped);
  return kept;
}

/** Greedy by rank inside one group of mutually reachable overlaps; appends winners in order. */
function resolveGroup(
  group: Finding[],
  kept: Finding[],
  dropped: ExplainedCandidate[] | undefined,
): void {
  if (group.length === 1) {
    kept.push(group[0]!);
    return;
  }
  const ranked = [...group].sort(
    (a, b) =>
      b.score - a.score ||
      validated(b) - validated(a) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start ||
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
  const base = ranked.reduce((m, f) => Math.min(m, f.start), Number.POSITIVE_INFINITY);
  const span = ranked.reduce((m, f) => Math.max(m, f.end), 0) - base;
  // Which characters a winner already holds: linear in the group's span, whatever its size.
  const taken = new Uint8Array(span);
  const winners: Finding[] = [];
  for (const f of ranked) {
    let free = true;
    for (let i = f.start - base; i < f.end - base && free; i++) free = taken[i] === 0;
    if (free) {
      taken.fill(1, f.start - base, f.end - base);
      winners.push(f);
    } else if (dropped) dropped.push(asDropped(f));
  }
  winners.sort((a, b) => a.start - b.start);
  for (const w of winners) kept.push(w);
}

function mergeSameType(
  text: string,
  candidates: Finding[],
  dropped: ExplainedCandidate[] | undefined,
): Finding[] {
  const byStart = [...candidates].sort(
    (a, b) =>
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || a.start - b.start || b.end - a.end,
  );
  const out: Finding[] = [];
  let cur: Finding | undefined;
  for (const f of byStart) {
    if (cur && cur.type === f.type && f.start < cur.end) {
      if (f.end > cur.end) {
        const best = f.score > cur.score ? f : cur;
        cur = { ...best, start: cur.start, end: f.end, value: text.slice(cur.start, f.end) };
      } else if (f.score > cur.score) {
        cur = { ...f, start: cur.start, end: cur.end, value: cur.value };
      } else if (dropped) {
        dropped.push(asDropped(f));
      }
      continue;
    }
    if (cur) out.push(cur);
    cur = f;
  }
  if (cur) out.push(cur);
  return out;
}

function validated(f: Finding): number {
  return f.explanation?.validation === 'valid' ? 1 : 0;
}

function asDropped(f: Finding): ExplainedCandidate {
  return { ...f, explanation: f.explanation!, kept: false, dropped: 'overlap' };
}
