import { createHmac, randomBytes } from 'node:crypto';

/** How a found value is replaced. */
export type MaskStrategy = 'redact' | 'partial' | 'hash' | 'tokenize';

export const MASK_STRATEGIES: readonly MaskStrategy[] = ['redact', 'partial', 'hash', 'tokenize'];

/** `[REDACTED:EMAIL]` */
export function redact(type: string): string {
  return `[REDACTED:${type.toUpperCase()}]`;
}

/** Types whose any part is a secret: `partial` redacts them whole. */
const NEVER_PARTIAL = new Set(['password', 'private_key']);

/**
 * The default `partial` mask: every letter and digit but the last 4 becomes `*`, separators stay
 * (`****-****-****-4242`), so the shape is readable and the mask is never detected again. Values
 * too short to keep 4 characters without revealing most of them are redacted.
 */
export function partialDefault(type: string, value: string): string {
  if (NEVER_PARTIAL.has(type)) return redact(type);
  let alnum = 0;
  for (let i = 0; i < value.length; i++) if (isAlnum(value.charCodeAt(i))) alnum++;
  if (alnum < 8) return redact(type);
  let keep = 4;
  let out = '';
  for (let i = value.length - 1; i >= 0; i--) {
    const ch = value[i]!;
    if (isAlnum(value.charCodeAt(i))) {
      out = (keep > 0 ? ch : '*') + out;
      keep--;
    } else out = ch + out;
  }
  return out;
}

/** `***@example.com`: the domain says which organisation, the person stays hidden. */
export function partialEmail(value: string): string {
  const at = value.lastIndexOf('@');
  return at > 0 ? `***${value.slice(at)}` : redact('email');
}

/** `sk-proj-***`, `ghp_***`, `AKIA***`: the prefix says what kind of key leaked, nothing more. */
export function partialKey(type: string, value: string, prefix: string): string {
  return prefix.length > 0 && prefix.length <= value.length / 3 ? `${prefix}***` : redact(type);
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A keyed hash: equal values give equal output under one key, and the key never leaves. */
export class KeyedHasher {
  private readonly key: Buffer;
  constructor(key?: string | Buffer) {
    this.key = key === undefined ? randomBytes(32) : Buffer.from(key);
    if (this.key.length < 16) throw new TypeError('hashKey must be at least 16 bytes');
  }
  /** Hex HMAC-SHA256 of the parts, separated so `("a","bc")` and `("ab","c")` differ. */
  digest(...parts: string[]): string {
    const h = createHmac('sha256', this.key);
    for (const p of parts) h.update(p).update('\0');
    return h.digest('hex');
  }
  hash(type: string, value: string): string {
    return `[${type.toUpperCase()}:h_${this.digest(type, value).slice(0, 16)}]`;
  }
}
