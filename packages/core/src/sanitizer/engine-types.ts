import type { StateStore } from '../backends/state-store.js';
import type { SanitizerProfile, SanitizerSettings } from './profile.js';
import type { Finding, Recognizer } from './recognizer.js';

/** The options and shapes the sanitizer engine takes and returns. */

export interface SanitizerEngineOptions extends SanitizerSettings {
  recognizers: readonly Recognizer[];
  /** Key for `hash` and `tokenize` (>= 16 bytes). Without one a random per-process key is used. */
  hashKey?: string;
  /** Settings per workspace id, over these ones. */
  workspaces?: Readonly<Record<string, SanitizerSettings>>;
  /** Where `tokenize` keeps values, and for how long (default one hour). */
  tokens?: { store: StateStore; ttlMs?: number };
  /** Block calls to tools marked `external` whose arguments carry secrets. Default true. */
  blockSecretsToExternalTools?: boolean;
}

/** The types `findSecrets` looks for. */
export const SECRET_TYPES: ReadonlySet<string> = new Set([
  'api_key',
  'aws_access_key',
  'jwt',
  'private_key',
  'password',
]);

export interface MaskResult<T> {
  value: T;
  findings: Finding[];
  /** Token writes still in flight (`tokenize`): await before the model sees the tokens. */
  pending?: Promise<unknown>;
}

/** Who a scan or mask is for: picks the workspace's settings. */
export interface ScanFor {
  workspaceId?: string | undefined;
}

/** A per-call masking session: one profile, and the token writes it starts. */
export interface MaskSession {
  profile: SanitizerProfile;
  workspace: string | undefined;
  writes: Promise<unknown>[];
}
