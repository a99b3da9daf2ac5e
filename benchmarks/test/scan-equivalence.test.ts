import {
  DEFAULT_RECOGNIZERS,
  defineRecognizer,
  type Recognizer,
  SanitizerEngine,
  type SanitizerEngineOptions,
} from '@airlock/core';
import { HOSTILE_INPUTS, hostileText, ReferenceSanitizerEngine } from '@airlock/core/testing';
import { EU_RECOGNIZERS } from '@airlock/pii-eu';
import { INDIA_RECOGNIZERS } from '@airlock/pii-india';
import { US_RECOGNIZERS } from '@airlock/pii-us';
import { describe, expect, it } from 'vitest';
import { PII_CORPUS } from '../corpus/pii-corpus.js';
import { denseToolOutput, sparseToolOutput } from '../src/pii/texts.js';

/**
 * The scanner finds candidates through an index (token starts, leading literals) instead of
 * running every pattern over the whole text. It must not change a single result: these tests
 * run it and the reference scanner (every pattern over the whole text, as before) side by side
 * and require identical explanations (every candidate, kept or dropped, with its score and
 * reasons) and identical masks of JSON values.
 */
const ALL: readonly Recognizer[] = [
  ...DEFAULT_RECOGNIZERS,
  ...INDIA_RECOGNIZERS,
  ...EU_RECOGNIZERS,
  ...US_RECOGNIZERS,
];

function pair(options: SanitizerEngineOptions) {
  return { fast: new SanitizerEngine(options), reference: new ReferenceSanitizerEngine(options) };
}

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Characters that start, end or separate identifiers, and some that are not ASCII. */
const ALPHABET =
  '0123456789 0123456789-.+():/@_,;=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\n\t"\'éİआ€';

/** Corpus texts with a few characters inserted, removed or replaced, and random strings. */
function randomTexts(count: number, seed: number): string[] {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const texts = PII_CORPUS.map((c) => c.text);
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const kind = r();
    let t: string;
    if (kind < 0.45) {
      const chars = [...pick(texts)];
      for (let e = Math.floor(r() * 4); e >= 0; e--) {
        const i = Math.floor(r() * (chars.length + 1));
        const op = r();
        if (op < 0.35) chars.splice(i, 1);
        else if (op < 0.7) chars.splice(i, 0, pick([...ALPHABET]));
        else chars[i] = pick([...ALPHABET]);
      }
      t = chars.join('');
    } else if (kind < 0.7) {
      // Several corpus texts run together: neighbouring values, context words of other types.
      t = Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(texts)).join(
        pick([' ', '\n', ', ', '', '-']),
      );
    } else {
      t = '';
      for (let i = Math.floor(r() * 160); i > 0; i--) t += pick([...ALPHABET]);
    }
    out.push(t);
  }
  return out;
}

function expectSame(
  engines: ReturnType<typeof pair>,
  texts: readonly string[],
  who?: { workspaceId: string },
): void {
  for (const text of texts) {
    // `explain` shows every candidate with its reasons; `scan` takes the paths that skip work
    // no explanation needs.
    const fast = engines.fast.explain(text, who);
    const reference = engines.reference.explain(text, who);
    expect(fast, JSON.stringify(text)).toEqual(reference);
    expect(engines.fast.scan(text, who), JSON.stringify(text)).toEqual(
      engines.reference.scan(text, who),
    );
  }
}

describe('the indexed scanner finds exactly what the reference scanner finds', () => {
  const all = pair({ recognizers: ALL });

  it('on the labelled corpus and the benchmark texts, every pack enabled', () => {
    expectSame(all, [...PII_CORPUS.map((c) => c.text), sparseToolOutput(), denseToolOutput()]);
  });

  it('on hostile inputs (runs of digits, separators, key names, PEM starts)', () => {
    const texts = HOSTILE_INPUTS.flatMap((h) => [hostileText(h, 3000), hostileText(h, 37)]);
    expectSame(all, texts);
  });

  it('on thousands of mutated, concatenated and random texts', () => {
    expectSame(all, randomTexts(2500, 12345));
  });

  it('inside JSON values (key-driven candidates, key words as context)', () => {
    const r = rng(99);
    const texts = randomTexts(300, 777);
    const keys = ['password', 'apiKey', 'phone', 'ssn', 'aadhaar', 'note', 'id', 'ts', 'iban'];
    for (let i = 0; i < texts.length; i += 3) {
      const value = {
        [keys[Math.floor(r() * keys.length)]!]: texts[i],
        nested: { [keys[Math.floor(r() * keys.length)]!]: [texts[i + 1], texts[i + 2]] },
        n: Math.floor(r() * 1e12),
      };
      expect(all.fast.mask(value)).toEqual(all.reference.mask(value));
    }
  });

  it('when a validator scans another text in the middle of a scan', () => {
    // The scanner keeps per-text state in shared buffers; a nested scan must not disturb it.
    const inner = new SanitizerEngine({ recognizers: ALL });
    const nested = defineRecognizer({
      name: 'nested-order',
      type: 'order_no',
      patterns: [{ name: 'ord', score: 0.4, regex: /(?<![A-Za-z0-9])ORD-\d{6}(?![A-Za-z0-9])/ }],
      validate: (value) =>
        inner.scan(`ref ${value} card 4111 1111 1111 1111`).length > 0 ? undefined : false,
      context: ['order', 'order number'],
    });
    const engines = pair({ recognizers: [...ALL, nested] });
    const texts = randomTexts(300, 31337).map((t, i) =>
      i % 2 === 0 ? `order ORD-${String(100000 + i)} ${t}` : `${t} ORD-${String(200000 + i)} order`,
    );
    expectSame(engines, texts);
  });

  it('with workspace settings: types turned off, custom patterns of every start kind', () => {
    const engines = pair({
      recognizers: ALL,
      workspaces: {
        w: {
          disabledTypes: ['phone', 'iban'],
          customPatterns: [
            // A token start (capitals after a boundary), a leading literal, and neither.
            // (The boundary after the first letter: the start-up probe times a pattern that
            // tests a lookbehind at every position, and a loaded machine can fail it.)
            { type: 'employee_id', pattern: 'E(?<![A-Za-z0-9]E)MP-\\d{4,8}(?![A-Za-z0-9])' },
            { type: 'ticket', pattern: '#T\\d{3,6}' },
            { type: 'order_ref', pattern: 'ord_[0-9a-f]{12}', flags: 'i' },
          ],
        },
      },
    });
    const extra = ['EMP-123456 and #T12345', 'ORD_82224E0E234C', 'xEMP-1234 #T1'];
    expectSame(engines, [...randomTexts(400, 4242), ...extra], { workspaceId: 'w' });
  });
});
