import { describe, expect, it } from 'vitest';
import { nextEmailAt } from '../src/sanitizer/recognizers/email.js';
import { nextFirstColon } from '../src/sanitizer/recognizers/ip-address.js';

/**
 * The email and IPv6 finders find their anchors (`@`, an address's first colon) with `indexOf`
 * and character tests. These were regexes; each must still stop exactly where its regex did.
 */
const EMAIL_AT = /@(?<=[A-Za-z0-9._%+-]@)(?=[A-Za-z0-9])/g;
const FIRST_COLON = /:(?<=(?<![\w.:])[0-9A-Fa-f]{0,4}:)(?=[0-9A-Fa-f]{0,4}:)/g;

function regexNext(re: RegExp, text: string, from: number): number {
  re.lastIndex = from;
  return re.exec(text)?.index ?? -1;
}

/** Deterministic texts heavy in the characters around the anchors. */
function texts(alphabet: string, count: number): string[] {
  let s = 31;
  const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, () => {
    let t = '';
    for (let i = Math.floor(r() * 60); i > 0; i--) t += alphabet[Math.floor(r() * alphabet.length)];
    return t;
  });
}

describe('anchor scans give the positions their regexes gave', () => {
  it('email: an @ between a name character and a domain character', () => {
    for (const t of [...texts('a@.%+-_ Z9@é@', 3000), '@', 'a@', '@b', 'a@b']) {
      for (let from = 0; from <= t.length; from++) {
        expect(nextEmailAt(t, from), `${JSON.stringify(t)} from ${from}`).toBe(
          regexNext(EMAIL_AT, t, from),
        );
      }
    }
  });

  it('IPv6: a first colon with short hex groups on both sides', () => {
    const cases = [...texts('0a:F:g.:_ 1:', 3000), '::', 'fe80::1', 'abcde:1:', 'a:bcdef:'];
    for (const t of cases) {
      for (let from = 0; from <= t.length; from++) {
        expect(nextFirstColon(t, from), `${JSON.stringify(t)} from ${from}`).toBe(
          regexNext(FIRST_COLON, t, from),
        );
      }
    }
  });
});
