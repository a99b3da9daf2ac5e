import type { StateStore } from '../backends/state-store.js';
import type { KeyedHasher } from './strategies.js';

/** A token as the model sees it: `[EMAIL:tok_8f2c0e…]` (20 hex characters of a keyed hash). */
export const TOKEN_REGEX = /\[([A-Z][A-Z0-9_]{0,39}):tok_([0-9a-f]{20})\]/g;

export interface TokenVaultOptions {
  store: StateStore;
  /** How long a token can be turned back into its value. */
  ttlMs: number;
  hasher: KeyedHasher;
}

/** The result of replacing the tokens in one string. */
export interface Detokenized {
  value: string;
  /** Tokens that were unknown or had expired. */
  missing: string[];
  replaced: number;
}

/**
 * Reversible masking. A value becomes a token derived from a keyed hash of (workspace, type,
 * value), so one value keeps one token and a token from one workspace never resolves in
 * another. The value is kept in the `StateStore` with a TTL: with a shared store (Redis), any
 * process can resolve a token another one issued.
 */
export class TokenVault {
  /** Tokens written recently, so a value seen on every call is not rewritten each time. */
  private readonly fresh = new Map<string, number>();

  constructor(private readonly options: TokenVaultOptions) {}

  /** The token for a value, and the store write that makes it resolvable (await it). */
  token(
    type: string,
    value: string,
    workspace: string | undefined,
  ): { token: string; write?: Promise<void> } {
    const id = this.options.hasher.digest('tok', workspace ?? '', type, value).slice(0, 20);
    const token = `[${type.toUpperCase()}:tok_${id}]`;
    const key = this.key(workspace, id);
    const now = Date.now();
    const until = this.fresh.get(key);
    if (until !== undefined && until > now) return { token };
    if (this.fresh.size >= 10_000) this.fresh.clear();
    this.fresh.set(key, now + this.options.ttlMs / 2);
    const write = this.options.store
      .set(key, JSON.stringify({ type, value }), this.options.ttlMs)
      .catch((error: unknown) => {
        this.fresh.delete(key);
        throw error;
      });
    return { token, write };
  }

  /** Replaces every token in `text` that this workspace issued and that has not expired. */
  async detokenize(text: string, workspace: string | undefined): Promise<Detokenized> {
    const matches = [...text.matchAll(TOKEN_REGEX)];
    if (matches.length === 0) return { value: text, missing: [], replaced: 0 };
    const values = await Promise.all(
      matches.map(async (m) => {
        const raw = await this.options.store.get(this.key(workspace, m[2]!));
        if (raw === undefined) return undefined;
        try {
          const entry = JSON.parse(raw) as { type?: unknown; value?: unknown };
          return entry.type === m[1]!.toLowerCase() && typeof entry.value === 'string'
            ? entry.value
            : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    let out = '';
    let last = 0;
    const missing: string[] = [];
    let replaced = 0;
    matches.forEach((m, i) => {
      const v = values[i];
      out += text.slice(last, m.index);
      if (v === undefined) {
        missing.push(m[0]);
        out += m[0];
      } else {
        out += v;
        replaced++;
      }
      last = m.index + m[0].length;
    });
    return { value: out + text.slice(last), missing, replaced };
  }

  private key(workspace: string | undefined, id: string): string {
    return `airlock:tok:${encodeURIComponent(workspace ?? '')}:${id}`;
  }
}
