import { describe, expect, it } from 'vitest';
import { nextHandleAt } from '../src/recognizers/upi.js';

/** The regex the UPI finder used to find its `@` with; `nextHandleAt` must stop where it did. */
const HANDLE_AT = /@(?<=[A-Za-z0-9._-]{2}@)(?=[A-Za-z]{2,24}(?![A-Za-z0-9.@-]))/g;

describe('UPI anchor scan', () => {
  it('stops at the same @ as the regex it replaced, from every position', () => {
    let s = 7;
    const r = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = 'ab@@.-_9 Zé';
    const cases = [
      'a@',
      'ab@cd',
      `ab@${'x'.repeat(24)}`,
      `ab@${'x'.repeat(25)}`,
      'ab@cd-',
      'ab@cd ',
    ];
    for (let k = 0; k < 3000; k++) {
      let t = '';
      for (let i = Math.floor(r() * 50); i > 0; i--)
        t += alphabet[Math.floor(r() * alphabet.length)];
      // Long letter runs after an @ reach the 24-letter limit of a handle.
      if (k % 10 === 0)
        t += `x@${'q'.repeat(Math.floor(r() * 30))}${alphabet[k % alphabet.length]}`;
      cases.push(t);
    }
    for (const t of cases) {
      for (let from = 0; from <= t.length; from++) {
        HANDLE_AT.lastIndex = from;
        const expected = HANDLE_AT.exec(t)?.index ?? -1;
        expect(nextHandleAt(t, from), `${JSON.stringify(t)} from ${from}`).toBe(expected);
      }
    }
  });
});
