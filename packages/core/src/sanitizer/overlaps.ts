import type { ExplainedCandidate, Finding } from './recognizer.js';

/**
 * Resolves overlapping candidates deterministically:
 * 1. overlapping candidates of one type merge into one span (masking the union is the safe
 *    choice), keeping the best score and its explanation;
 * 2. across types, the higher score wins, then the longer span, then the earlier one, then the
 *    type id: a validated GSTIN beats the PAN inside it, a password beats the email-shaped
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
  const ranked = [...merged].sort(
    (a, b) =>
      b.score - a.score ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start ||
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
  const kept: Finding[] = [];
  for (const f of ranked) {
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
    else if (dropped) dropped.push(asDropped(f));
  }
  return kept.sort((a, b) => a.start - b.start);
}

function mergeSameType(
  text: string,
  candidates: Finding[],
  dropped: ExplainedCandidate[] | undefined,
): Finding[] {
  const byStart = [...candidates].sort(
    (a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || a.start - b.start || b.end - a.end,
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

function asDropped(f: Finding): ExplainedCandidate {
  return { ...f, explanation: f.explanation!, kept: false, dropped: 'overlap' };
}
