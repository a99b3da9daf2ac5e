import { type CorpusCase, PII_CORPUS } from '../../corpus/pii-corpus.js';
import type { Masker } from './maskers.js';

export interface TypeStats {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/**
 * Recall and precision per type of a scanner on the corpus. A positive counts as found when a
 * finding of its type covers its whole span; any other finding is a false positive.
 */
export function scoreScanner(
  scan: (text: string) => { type: string; start: number; end: number }[],
  cases: readonly CorpusCase[] = PII_CORPUS,
): { perType: Record<string, TypeStats>; misses: string[] } {
  const raw: Record<string, { tp: number; fp: number; fn: number }> = {};
  const at = (t: string) => (raw[t] ??= { tp: 0, fp: 0, fn: 0 });
  const misses: string[] = [];
  for (const c of cases) {
    const found = scan(c.text);
    const used = new Set<number>();
    for (const [type, value] of c.expect) {
      const s = c.text.indexOf(value);
      const e = s + value.length;
      const hit = found.findIndex(
        (f, i) => !used.has(i) && f.type === type && f.start <= s && f.end >= e,
      );
      if (hit >= 0) {
        used.add(hit);
        at(type).tp++;
      } else {
        at(type).fn++;
        misses.push(`missed ${type} ${JSON.stringify(value)} in ${c.id}`);
      }
    }
    found.forEach((f, i) => {
      if (used.has(i)) return;
      at(f.type).fp++;
      misses.push(`false ${f.type} ${JSON.stringify(c.text.slice(f.start, f.end))} in ${c.id}`);
    });
  }
  const perType: Record<string, TypeStats> = {};
  for (const [t, s] of Object.entries(raw).sort(([a], [b]) => (a < b ? -1 : 1))) {
    perType[t] = {
      ...s,
      precision: s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp),
      recall: s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn),
    };
  }
  return { perType, misses };
}

/**
 * The lenient masker metric (any library can be scored by it): a positive value is masked when it
 * no longer appears verbatim in the output, whatever it was replaced by; a negative is touched
 * when the output differs from the input at all.
 */
export function scoreMasker(masker: Masker, cases: readonly CorpusCase[] = PII_CORPUS) {
  let values = 0;
  let masked = 0;
  let negatives = 0;
  let touched = 0;
  for (const c of cases) {
    const out = masker.mask(c.text);
    if (c.expect.length === 0) {
      negatives++;
      if (out !== c.text) touched++;
      continue;
    }
    for (const [, value] of c.expect) {
      values++;
      if (!out.includes(value)) masked++;
    }
  }
  return { values, masked, negatives, touched };
}
