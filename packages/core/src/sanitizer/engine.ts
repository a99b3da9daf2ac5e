import { AirlockConfigError } from '../errors.js';
import { digitsOf } from './checksums.js';
import { splitWords } from './context-words.js';
import {
  type MaskResult,
  type MaskSession,
  type SanitizerEngineOptions,
  type ScanFor,
  SECRET_TYPES,
} from './engine-types.js';
import { resolveOverlaps } from './overlaps.js';
import {
  buildProfile,
  type CompiledRecognizer,
  compileRecognizer,
  mergeSettings,
  type SanitizerProfile,
} from './profile.js';
import type { ExplainedCandidate, Finding, Recognizer } from './recognizer.js';
import { scanText } from './scan.js';
import { KeyedHasher, type MaskStrategy, partialDefault, redact } from './strategies.js';
import { TokenVault } from './token-vault.js';

export { type MaskResult, type SanitizerEngineOptions, type ScanFor, SECRET_TYPES };

/**
 * Runs recognizers over text or any JSON value and masks what they find. Overlaps are resolved
 * deterministically (see `resolveOverlaps`), and each finding carries why it was found.
 */
export class SanitizerEngine {
  private readonly installed: CompiledRecognizer[];
  private readonly byName = new Map<string, Recognizer>();
  private readonly base: SanitizerProfile;
  private readonly workspaces = new Map<string, SanitizerProfile>();
  private readonly hasher: KeyedHasher;
  private readonly vault: TokenVault | undefined;
  private readonly keyCache = new Map<string, { words: string[]; keyed: CompiledRecognizer[] }>();
  /** The longest value any recognizer matches: what a stream must hold back. */
  readonly maxLength: number;
  readonly blockSecretsToExternalTools: boolean;

  constructor(options: SanitizerEngineOptions) {
    const names = new Set<string>();
    for (const r of options.recognizers) {
      if (names.has(r.name))
        throw new AirlockConfigError(`two recognizers are named '${r.name}'`, 'recognizers');
      names.add(r.name);
    }
    this.installed = options.recognizers.map(compileRecognizer);
    this.base = buildProfile('', this.installed, options, 'output');
    for (const [id, settings] of Object.entries(options.workspaces ?? {})) {
      this.workspaces.set(
        id,
        buildProfile(
          id,
          this.installed,
          mergeSettings(options, settings),
          `output.workspaces.${id}`,
        ),
      );
    }
    for (const p of [this.base, ...this.workspaces.values()]) {
      for (const c of p.recognizers) this.byName.set(c.recognizer.name, c.recognizer);
      const tokenizes =
        p.defaultStrategy === 'tokenize' || Object.values(p.strategies).includes('tokenize');
      if (tokenizes && !options.tokens) {
        throw new AirlockConfigError(
          'the tokenize strategy needs a token store (createAirlock gives its StateStore)',
          'output.strategies',
        );
      }
    }
    this.hasher = new KeyedHasher(options.hashKey);
    this.vault = options.tokens
      ? new TokenVault({
          store: options.tokens.store,
          ttlMs: options.tokens.ttlMs ?? 3_600_000,
          hasher: this.hasher,
        })
      : undefined;
    this.maxLength = Math.min(
      1024,
      Math.max(64, ...options.recognizers.map((r) => r.maxLength ?? 64)),
    );
    this.blockSecretsToExternalTools = options.blockSecretsToExternalTools ?? true;
  }

  /** Entity types masked by default (the airlock-wide settings). */
  get types(): string[] {
    return [...new Set(this.base.recognizers.map((c) => c.recognizer.type))];
  }

  get isEmpty(): boolean {
    return (
      this.installed.length === 0 &&
      this.base.recognizers.length === 0 &&
      this.workspaces.size === 0
    );
  }

  /** The settings that apply to a call: its workspace's, or the airlock's. */
  profileFor(who?: ScanFor): SanitizerProfile {
    const id = who?.workspaceId;
    return (id !== undefined && this.workspaces.get(id)) || this.base;
  }

  /** Every sensitive value in `text`, without overlaps, in order of position. */
  scan(text: string, who?: ScanFor): Finding[] {
    if (typeof text !== 'string') throw new TypeError('scan: text must be a string');
    return this.findAll(this.profileFor(who), text, undefined);
  }

  /** Every candidate looked at, kept or dropped, with the reason: for debugging a mask. */
  explain(text: string, who?: ScanFor): ExplainedCandidate[] {
    if (typeof text !== 'string') throw new TypeError('explain: text must be a string');
    const sink: ExplainedCandidate[] = [];
    const kept = this.findAll(this.profileFor(who), text, undefined, sink);
    for (const f of kept) sink.push({ ...f, explanation: f.explanation!, kept: true });
    return sink.sort((a, b) => a.start - b.start || Number(b.kept) - Number(a.kept));
  }

  /** Masks a string, or every string inside a JSON value, keeping its shape. */
  mask<T>(value: T, who?: ScanFor): MaskResult<T> {
    const session: MaskSession = {
      profile: this.profileFor(who),
      workspace: who?.workspaceId,
      writes: [],
    };
    const findings: Finding[] = [];
    const masked = this.maskValue(session, value, [], undefined, findings, new WeakSet());
    return this.result(masked as T, findings, session);
  }

  /** Masks `text` and returns the findings (with `path` set when given). */
  maskText(text: string, path?: (string | number)[], who?: ScanFor): MaskResult<string> {
    const session: MaskSession = {
      profile: this.profileFor(who),
      workspace: who?.workspaceId,
      writes: [],
    };
    const findings: Finding[] = [];
    const value = this.maskString(session, text, path, undefined, findings);
    return this.result(value, findings, session);
  }

  /** The findings of `text` for a stream (no JSON key), under `who`'s settings. */
  scanForStream(text: string, who?: ScanFor): Finding[] {
    return this.findAll(this.profileFor(who), text, undefined);
  }

  /** Where an unfinished value starts in `text` (streams hold it back), or -1. */
  pendingStart(text: string, who?: ScanFor): number {
    let at = -1;
    for (const c of this.profileFor(who).recognizers) {
      const p = c.recognizer.pendingStart?.(text) ?? -1;
      if (p >= 0 && (at < 0 || p < at)) at = p;
    }
    return at;
  }

  /** The mask for one finding under its type's strategy; token writes go to `writes`. */
  replace(finding: Finding, who?: ScanFor, writes?: Promise<unknown>[]): string {
    const session: MaskSession = {
      profile: this.profileFor(who),
      workspace: who?.workspaceId,
      writes: writes ?? [],
    };
    return this.replaceIn(session, finding);
  }

  /** Replaces the tokens a workspace was given by their values (for tools that accept tokens). */
  detokenize(text: string, who?: ScanFor): ReturnType<TokenVault['detokenize']> {
    if (!this.vault) return Promise.resolve({ value: text, missing: [], replaced: 0 });
    return this.vault.detokenize(text, who?.workspaceId);
  }

  /** Secrets (api keys, passwords, private keys, ...) anywhere in a JSON value, with their paths. */
  findSecrets(value: unknown, who?: ScanFor): Finding[] {
    const profile = this.profileFor(who);
    const out: Finding[] = [];
    const visit = (
      v: unknown,
      path: (string | number)[],
      key: string | undefined,
      depth: number,
    ): void => {
      if (typeof v === 'string') {
        for (const f of this.findAll(profile, v, key)) {
          if (!SECRET_TYPES.has(f.type)) continue;
          f.path = [...path];
          out.push(f);
        }
      } else if (v !== null && typeof v === 'object' && depth < 64) {
        if (Array.isArray(v)) {
          for (let i = 0; i < v.length; i++) visit(v[i], [...path, i], key, depth + 1);
        } else
          for (const k of Object.keys(v))
            visit((v as Record<string, unknown>)[k], [...path, k], k, depth + 1);
      }
    };
    visit(value, [], undefined, 0);
    return out;
  }

  /**
   * Replaces tokens in every string of a JSON value by their values. `missing` lists tokens that
   * are unknown to this workspace or expired; `replaced` counts the others.
   */
  async detokenizeValue(
    value: unknown,
    who?: ScanFor,
  ): Promise<{ value: unknown; missing: string[]; replaced: number }> {
    const missing: string[] = [];
    let replaced = 0;
    const visit = async (v: unknown, depth: number): Promise<unknown> => {
      if (typeof v === 'string') {
        if (!v.includes(':tok_')) return v;
        const r = await this.detokenize(v, who);
        missing.push(...r.missing);
        replaced += r.replaced;
        return r.value;
      }
      if (v === null || typeof v !== 'object' || depth >= 64) return v;
      if (Array.isArray(v)) return Promise.all(v.map((item) => visit(item, depth + 1)));
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const val = await visit((v as Record<string, unknown>)[k], depth + 1);
        Object.defineProperty(out, k, {
          value: val,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    };
    const out = await visit(value, 0);
    return { value: out, missing, replaced };
  }

  private result<T>(value: T, findings: Finding[], session: MaskSession): MaskResult<T> {
    if (session.writes.length === 0) return { value, findings };
    return { value, findings, pending: Promise.all(session.writes) };
  }

  private replaceIn(session: MaskSession, f: Finding): string {
    const strategy: MaskStrategy =
      session.profile.strategies[f.type] ?? session.profile.defaultStrategy;
    const recognizer = f.explanation ? this.byName.get(f.explanation.recognizer) : undefined;
    if (strategy === 'partial')
      return recognizer?.partial?.(f.value) ?? partialDefault(f.type, f.value);
    const canonical = recognizer?.normalize?.(f.value) ?? f.value;
    if (strategy === 'hash') return this.hasher.hash(f.type, canonical);
    if (strategy === 'tokenize' && this.vault) {
      const { token, write } = this.vault.token(f.type, canonical, session.workspace);
      if (write) session.writes.push(write);
      return token;
    }
    return redact(f.type);
  }

  private findAll(
    profile: SanitizerProfile,
    text: string,
    key: string | undefined,
    sink?: ExplainedCandidate[],
  ): Finding[] {
    if (text.length === 0 || profile.recognizers.length === 0) return [];
    const keyInfo = key === undefined ? undefined : this.keyInfo(profile, key);
    const candidates = this.scanText(profile, text, keyInfo?.words, keyInfo?.keyed, sink);
    if (candidates.length === 0) return candidates;
    const resolved = resolveOverlaps(text, candidates, sink);
    return profile.emailRule || profile.phoneRule || profile.emailMaskOnly
      ? resolved.filter((f) => this.allowedOut(profile, f, sink))
      : resolved;
  }

  /**
   * The scored candidates of `text` (overlaps not yet resolved). A seam for the testing module's
   * `ReferenceSanitizerEngine`, which runs the straightforward scanner here to check this one.
   */
  protected scanText(
    profile: SanitizerProfile,
    text: string,
    keyWords: readonly string[] | undefined,
    keyed: readonly CompiledRecognizer[] | undefined,
    sink: ExplainedCandidate[] | undefined,
  ): Finding[] {
    return scanText(profile, text, keyWords, keyed, sink);
  }

  /** Applies the domain and prefix rules: `false` leaves the value unmasked. */
  private allowedOut(profile: SanitizerProfile, f: Finding, sink?: ExplainedCandidate[]): boolean {
    let rule: 'allow' | 'mask' | undefined;
    if (f.type === 'email') {
      rule = profile.emailRule?.(f.value.slice(f.value.lastIndexOf('@') + 1));
      if (profile.emailMaskOnly && rule !== 'mask') rule = 'allow';
    } else if (f.type === 'phone') rule = profile.phoneRule?.(digitsOf(f.value));
    if (rule !== 'allow') return true;
    sink?.push({ ...f, explanation: f.explanation!, kept: false, dropped: 'allowed' });
    return false;
  }

  private keyInfo(
    profile: SanitizerProfile,
    key: string,
  ): { words: string[]; keyed: CompiledRecognizer[] } {
    const cacheKey = `${profile.id}\0${key}`;
    let info = this.keyCache.get(cacheKey);
    if (!info) {
      // Key patterns see the key's words joined by `_`: `openaiApiKey` is `openai_api_key`.
      const words = splitWords(key);
      const joined = words.join('_');
      const keyed = profile.recognizers.filter((c) => c.recognizer.jsonKeys?.pattern.test(joined));
      info = { words, keyed };
      if (this.keyCache.size >= 4096) this.keyCache.clear();
      this.keyCache.set(cacheKey, info);
    }
    return info;
  }

  private maskString(
    session: MaskSession,
    text: string,
    path: (string | number)[] | undefined,
    key: string | undefined,
    findings: Finding[],
  ): string {
    const found = this.findAll(session.profile, text, key);
    if (found.length === 0) return text;
    let out = '';
    let last = 0;
    for (const f of found) {
      if (path) f.path = path;
      out += text.slice(last, f.start) + this.replaceIn(session, f);
      last = f.end;
      findings.push(f);
    }
    return out + text.slice(last);
  }

  private maskValue(
    session: MaskSession,
    value: unknown,
    path: (string | number)[],
    key: string | undefined,
    findings: Finding[],
    seen: WeakSet<object>,
  ): unknown {
    if (typeof value === 'string') {
      return this.maskString(
        session,
        value,
        path.length > 0 ? [...path] : undefined,
        key,
        findings,
      );
    }
    // Long integers (a card or phone number stored as a number) are scanned as text.
    if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1_000_000) {
      const text = String(value);
      const masked = this.maskString(
        session,
        text,
        path.length > 0 ? [...path] : undefined,
        key,
        findings,
      );
      return masked === text ? value : masked;
    }
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    if (value instanceof Date || value instanceof RegExp) return value;
    seen.add(value);
    let out: unknown;
    if (Array.isArray(value)) {
      out = value.map((item, i) =>
        this.maskValue(session, item, [...path, i], key, findings, seen),
      );
    } else {
      const obj: Record<string, unknown> = {};
      for (const k of Object.keys(value)) {
        const masked = this.maskValue(
          session,
          (value as Record<string, unknown>)[k],
          [...path, k],
          k,
          findings,
          seen,
        );
        Object.defineProperty(obj, k, {
          value: masked,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      out = obj;
    }
    seen.delete(value);
    return out;
  }
}
