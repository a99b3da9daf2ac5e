import { createHmac, randomBytes } from 'node:crypto';

/** How a found value is replaced. */
export type MaskStrategy = 'redact' | 'partial' | 'hash' | 'tokenize';

export const MASK_STRATEGIES: readonly MaskStrategy[] = ['redact', 'partial', 'hash', 'tokenize'];

/** `[REDACTED:EMAIL]` */
export function redact(type: string): string {
  return `[REDACTED:${type.toUpperCase()}]`;
}

/**
 * Type-aware partial masking: the domain of an email stays, cards and national ids keep their
 * last 4 characters, keys keep their prefix. Anything too short to keep a part is redacted.
 */
export function partial(type: string, value: string): string {
  if (type === 'email') {
    const at = value.lastIndexOf('@');
    if (at > 0) return `***${value.slice(at)}`;
  }
  if (type === 'api_key' || type === 'aws_access_key' || type === 'jwt') {
    const prefix = keyPrefix(value);
    if (prefix.length > 0 && prefix.length <= value.length / 2) return `${prefix}***`;
    return redact(type);
  }
  if (type === 'private_key' || type === 'password') return redact(type);
  const alnum = value.replace(/[^0-9A-Za-z]/g, '');
  if (alnum.length <= 6) return redact(type);
  return `***${alnum.slice(-4)}`;
}

/** `sk-proj-`, `ghp_`, `AKIA`, `eyJ`: the part that says what kind of key it is. */
function keyPrefix(value: string): string {
  const m = /^(?:[A-Za-z]{2,10}[-_](?:[a-z]{2,8}[-_])?|AKIA|ASIA|eyJ)/.exec(value);
  return m ? m[0] : '';
}

/** A keyed hash: equal values give equal output under one key, and the key never leaves. */
export class KeyedHasher {
  private readonly key: Buffer;
  constructor(key?: string | Buffer) {
    this.key = key === undefined ? randomBytes(32) : Buffer.from(key);
    if (this.key.length < 16) throw new TypeError('hashKey must be at least 16 bytes');
  }
  hash(type: string, value: string): string {
    const digest = createHmac('sha256', this.key)
      .update(type)
      .update('\0')
      .update(value)
      .digest('hex');
    return `[${type.toUpperCase()}:h_${digest.slice(0, 16)}]`;
  }
}
