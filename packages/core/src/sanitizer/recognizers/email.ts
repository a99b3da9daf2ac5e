import { defineRecognizer } from '../recognizer.js';
import { partialEmail } from '../strategies.js';

/** Local-part characters (RFC 5322 atext we accept in running text). */
function isLocal(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 45
  );
}

/** The domain after the `@`: labels and a letter TLD, not running into more name characters. */
const DOMAIN =
  /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/y;

/** File extensions that follow an `@` in asset names (`logo@2x.png`), never top-level domains. */
const NOT_TLDS = new Set(
  'png jpg jpeg gif svg webp ico bmp tif tiff css js mjs cjs ts tsx jsx map json txt md html htm xml yaml yml lock tgz gz zip pdf csv log'.split(
    ' ',
  ),
);

/** The next `@` from `from` on with a name character before it and a domain character after. */
export function nextEmailAt(text: string, from: number): number {
  for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
    if (at > 0 && isLocal(text.charCodeAt(at - 1)) && isAlnum(text.charCodeAt(at + 1))) return at;
  }
  return -1;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Anchored on `@` (found with `indexOf`, which is fast), the local part is read backwards: a
 * regex starting with the local part would try every word in the text.
 */
function* findEmails(text: string): Generator<[number, number]> {
  let at = nextEmailAt(text, 0);
  let nextDot = -1;
  const next = (): number => nextEmailAt(text, at + 1);
  while (at >= 0) {
    // A domain needs a dot within 255 characters; the next dot is found once, not per '@'.
    if (nextDot !== -2 && nextDot <= at) {
      const d = text.indexOf('.', at + 1);
      nextDot = d < 0 ? -2 : d;
    }
    if (nextDot === -2 || nextDot - at > 255) {
      at = next();
      continue;
    }
    let s = at;
    const min = Math.max(0, at - 64);
    while (s > min && isLocal(text.charCodeAt(s - 1))) s--;
    const tooLong = s === min && s > 0 && isLocal(text.charCodeAt(s - 1));
    while (s < at && text.charCodeAt(s) === 46) s++; // a leading dot ends a sentence, not a name
    if (!tooLong && s < at) {
      DOMAIN.lastIndex = at + 1;
      const m = DOMAIN.exec(text);
      if (m) yield [s, at + 1 + m[0].length];
    }
    at = next();
  }
}

/** `user:pass@host` and `scheme://user@host` are URL credentials, not email addresses. */
function insideUrlAuthority(text: string, start: number): boolean {
  const from = Math.max(0, start - 256);
  for (let i = start - 1; i >= from; i--) {
    const c = text.charCodeAt(i);
    if (
      c === 32 ||
      c === 10 ||
      c === 13 ||
      c === 9 ||
      c === 34 ||
      c === 39 ||
      c === 47 ||
      c === 60
    ) {
      // A '/' right after "//" start is the authority; any other '/' means a path.
      return c === 47 && i >= 2 && text[i - 1] === '/' && text[i - 2] === ':';
    }
  }
  return false;
}

export const emailRecognizer = defineRecognizer({
  name: 'email',
  type: 'email',
  patterns: [{ name: 'email', score: 0.5, find: findEmails }],
  validate(value, { text, start, end }) {
    const at = value.lastIndexOf('@');
    const local = value.slice(0, at);
    if (local.endsWith('.') || local.includes('..')) return false;
    const tld = value.slice(value.lastIndexOf('.') + 1).toLowerCase();
    if (NOT_TLDS.has(tld)) return false;
    if (start > 0 && text[start - 1] === '@') return false;
    if (insideUrlAuthority(text, start)) return false;
    // git@github.com:owner/repo.git is an SSH address.
    if (text[end] === ':' && /[\w~/.]/.test(text[end + 1] ?? '')) return false;
    return true;
  },
  context: ['email', 'e-mail', 'mail', 'contact'],
  prefilter: { keywords: ['@'] },
  maxLength: 320,
  partial: partialEmail,
  normalize: (v) => v.toLowerCase(),
});
