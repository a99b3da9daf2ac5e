import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOGNIZERS, regexSafetyProblem } from '../src/index.js';
import { planPattern } from '../src/sanitizer/pattern-plan.js';
import { isRegexPattern } from '../src/sanitizer/recognizer.js';
import { analyzeRegexStart, MAX_OFFSETS, type RegexStart } from '../src/sanitizer/regex-start.js';

/** Deterministic pseudo-random numbers. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const ALPHABET = '0123456789 -.+():/@_,=ABCDEFKSTXYZabcdefkstxyz\n"é';

/**
 * Every match of `regex` in `text` must fit `start`: long enough, allowed characters, the
 * characters before and after it, a length among the possible ones.
 */
function misfits(regex: RegExp, start: RegexStart, text: string): string[] {
  const out: string[] = [];
  const re = new RegExp(regex.source, `${regex.flags.replace(/[gy]/g, '')}g`);
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      out.push(`empty match at ${m.index}`);
      continue;
    }
    const p = m.index;
    if (m[0].length < start.length)
      out.push(`${JSON.stringify(m[0])} shorter than ${start.length}`);
    for (let i = 0; i < Math.min(start.length, m[0].length); i++) {
      const c = text.charCodeAt(p + i);
      const ok = c < 128 ? start.allowed[i * 128 + c] === 1 : start.otherAllowed[i] === 1;
      if (!ok) out.push(`${JSON.stringify(m[0])}: ${JSON.stringify(text[p + i])} at offset ${i}`);
    }
    const prev = p > 0 ? text.charCodeAt(p - 1) : -1;
    if (start.before && prev >= 0 && prev < 128 && start.before[prev] === 1)
      out.push(`${JSON.stringify(m[0])} after ${JSON.stringify(text[p - 1])}`);
    const next = text.charCodeAt(p + m[0].length);
    if (start.after && next < 128 && start.after[next] === 1)
      out.push(`${JSON.stringify(m[0])} before ${JSON.stringify(text[p + m[0].length])}`);
    const lengthBit = 1 << Math.min(m[0].length, MAX_OFFSETS);
    if ((start.ends & lengthBit) === 0) out.push(`${JSON.stringify(m[0])}: length not in ends`);
  }
  return out;
}

/** A regex from its source text, out of reach of lint fixes that would change its meaning. */
function source(text: string, flags = ''): RegExp {
  return new RegExp(text, flags);
}

const SYNTHETIC: RegExp[] = [
  /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}/,
  /\d(?<![\w.]\d|\d[ -]\d)\d{3}([ -])\d{4}\1\d{4}/,
  /(?:ab|a)?c\d{2,}/,
  /x?y?z\d/,
  /(a|bc)\1d/,
  /(?<n>[ab])\k<n>c/,
  /\d{0,3}\.\d/,
  /(?:\d{1,3}\.){3}\d{1,3}/,
  /key[=:]\s*(\w{4,})/i,
  /[^\s"]{3}@[^\s"]{2}/,
  /(?:)|q/,
  /\bSK[-_]\w{4}/,
  /a{2,65536}b/,
  /(?=\d)\w\w(?<=[a-z]\d)/,
  /[\w-]{2}(?<![\w-]{3})x/,
  // Written as strings: linters and TypeScript reject (or rewrite) these, JavaScript accepts them.
  source('[^]\\d|[]x'),
  source('\\12?a'),
];

describe('what a regex match looks like at its start (the candidate index relies on it)', () => {
  const regexes = [
    ...DEFAULT_RECOGNIZERS.flatMap((r) => r.patterns.filter(isRegexPattern).map((p) => p.regex)),
    ...SYNTHETIC,
  ];

  it('never rules out a real match: length, characters at each offset, before and after', () => {
    const r = rng(2024);
    const texts: string[] = [];
    for (let k = 0; k < 400; k++) {
      let t = '';
      for (let i = Math.floor(r() * 200); i > 0; i--)
        t += ALPHABET[Math.floor(r() * ALPHABET.length)];
      texts.push(t);
    }
    texts.push(
      'card 4111 1111 1111 1111, ip 10.0.0.7, iban DE89 3704 0044 0532 0130 00',
      'aac12 xyz1 bcbcd aac bbc sk_abcd SK-ab_1 a1a2 ab1 aaab key= abcd KEY:wxyz',
      '0.0.0.0 1.2.3 255.255.255.255 +1 (555) 123-4567 a@b.co xx@yy 12-3456-7890',
    );
    for (const regex of regexes) {
      const start = analyzeRegexStart(regex);
      if (!start) continue;
      const bad = texts.flatMap((t) => misfits(regex, start, t));
      expect(bad, regex.source).toEqual([]);
    }
  });

  it('describes the start of common identifier patterns tightly enough to index them', () => {
    const card = analyzeRegexStart(/\d(?<![\w\-.+]\d)\d{11,18}(?![\w-]|[.,]\d)/)!;
    expect(card.length).toBe(12);
    expect(card.before?.['-'.charCodeAt(0)]).toBe(1);
    expect(card.before?.['a'.charCodeAt(0)]).toBe(1);
    expect(card.before?.[' '.charCodeAt(0)]).toBe(0);
    expect(planPattern(/\d(?<![\w\-.+]\d)\d{11,18}/g).kind).toBe('token');
    expect(planPattern(/(?<![\w-])eyJ[A-Za-z0-9_-]{5,8192}\./g)).toMatchObject({
      kind: 'literal',
      literal: 'eyJ',
    });
    // No boundary, a frequent first letter: the whole-text search stays.
    expect(planPattern(/[a-z]+@[a-z]+/g).kind).toBe('global');
  });

  it('leaves alone what it cannot model: u, v and s flags, approximate escapes', () => {
    expect(analyzeRegexStart(/\p{L}\d/u)).toBeUndefined();
    expect(analyzeRegexStart(/a.b/s)).toBeUndefined();
    expect(analyzeRegexStart(source('[\\1]x'))).toBeUndefined(); // octal, not a backreference
    expect(analyzeRegexStart(source('\\cJ\\d'))).toBeUndefined();
    expect(analyzeRegexStart(/\d*/)).toBeUndefined(); // can match the empty string
  });
});

describe('the shared regex parser', () => {
  it('reads \\p without braces as the letter (it used to restart parsing forever)', () => {
    expect(regexSafetyProblem(source('a\\pb'))).toBeUndefined();
    expect(analyzeRegexStart(source('a\\pb'))).toBeUndefined(); // \p is only approximated
  });
});
