import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOGNIZERS } from '../src/index.js';
import { keywordRegex } from '../src/sanitizer/keyword-scan.js';

/** The keyword scan as it was: the keywords longest first, as one alternation. */
function longestFirst(keywords: readonly string[]): RegExp {
  const unique = [...new Set(keywords.map((k) => k.toLowerCase()))].sort(
    (a, b) => b.length - a.length,
  );
  return new RegExp(unique.map((k) => k.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|'), 'g');
}

function matches(re: RegExp, text: string): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(`${m.index}:${m[0]}`);
  return out;
}

describe('keyword scan written as a trie', () => {
  it('finds the same keywords at the same places as the longest-first alternation', () => {
    const sets = [
      DEFAULT_RECOGNIZERS.flatMap((r) => r.prefilter?.keywords ?? []),
      ['a', 'ab', 'abc', 'b', 'bc', 'c.', 'x-y', 'ab.'],
    ];
    let s = 3;
    const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const keywords of sets) {
      const alphabet = [...new Set(keywords.join(''))].join('');
      const trie = keywordRegex(keywords);
      const reference = longestFirst(keywords);
      for (let k = 0; k < 3000; k++) {
        let text = '';
        for (let i = Math.floor(r() * 40); i > 0; i--)
          text += alphabet[Math.floor(r() * alphabet.length)];
        expect(matches(trie, text), text).toEqual(matches(reference, text));
      }
    }
  });
});
