import { z } from 'zod';
import type { AuditSink } from './audit/audit-record.js';
import type { Clock } from './backends/clock.js';
import type { RateLimitStore } from './backends/rate-limit-store.js';
import type { StateStore } from './backends/state-store.js';
import { AirlockConfigError } from './errors.js';
import type { AirlockObserver } from './observers/observer.js';
import type { TokenCounter } from './output/token-counter.js';
import type { AirlockPlugin } from './plugin.js';
import { describeFirstIssue } from './policy/compiled-policy.js';
import type { PolicyCacheOptions, PolicyResolver } from './policy/policy-source.js';
import type { SecurityPolicy } from './policy/schema.js';
import type { Recognizer } from './sanitizer/recognizer.js';
import { MASK_STRATEGIES, type MaskStrategy } from './sanitizer/strategies.js';
import type { GhostArgsMode } from './tool-definition.js';

/** What `onTruncate` receives each time output is cut. */
export interface TruncationInfo {
  tool: string;
  callId: string;
  originalTokens: number;
  keptTokens: number;
  savedTokens: number;
  /** `savedTokens / 1000 * tokenCostPer1k`. */
  estimatedCostSaved: number;
}

export interface OutputOptions {
  /** Mask PII and secrets in output. Default true. */
  mask?: boolean;
  /** Most characters of output a model sees. Default 20,000. */
  maxChars?: number;
  /** Most tokens of output a model sees (by `tokens.count`). Default: no token limit. */
  maxTokens?: number;
  /** Strategy per entity type (`email: 'partial'`); the rest use `defaultStrategy`. */
  strategies?: Record<string, MaskStrategy>;
  /** Default `redact`. */
  defaultStrategy?: MaskStrategy;
  /** Key for the `hash` strategy (>= 16 bytes). Set it so hashes are equal across processes. */
  hashKey?: string;
  /** Entity types never masked. */
  disabledTypes?: string[];
}

export interface AuditOptions {
  /** Append JSON Lines to this file. */
  path?: string;
  /** Or send records to your own sink. */
  sink?: AuditSink;
  /** Characters kept of argument and output previews. Default 500. */
  previewChars?: number;
}

export interface AirlockOptions {
  plugins?: AirlockPlugin[];
  /** A policy, or a resolver picking one per call (cached, see `policyCache`). */
  policy?: SecurityPolicy | PolicyResolver;
  policyCache?: PolicyCacheOptions;
  /** Unknown arguments: `strict` (default) blocks the call, `permissive` strips them. */
  ghostArgs?: GhostArgsMode;
  output?: OutputOptions;
  /** Pluggable token counter (default: ~4 characters a token) and prices. */
  tokens?: { count?: TokenCounter };
  /** Cost of 1,000 output tokens, for `onTruncate`'s `estimatedCostSaved`. */
  tokenCostPer1k?: number;
  onTruncate?: (info: TruncationInfo) => void;
  /** Audit log: `false` or absent for none. */
  audit?: AuditOptions | false;
  observers?: AirlockObserver[];
  /** Per-call time limit for every tool. Default 60,000 ms. */
  timeoutMs?: number;
  /** Extra recognizers besides the plugins'. */
  recognizers?: Recognizer[];
  /** Override the stores the plugins supply. */
  rateLimitStore?: RateLimitStore;
  stateStore?: StateStore;
  clock?: Clock;
  /** Called when an observer or audit sink fails (default: ignored). */
  onObserverError?: (error: unknown, source: string) => void;
}

const fn = (name: string) =>
  z.custom<(...args: never[]) => unknown>(
    (v) => typeof v === 'function',
    `${name} must be a function`,
  );
const objectWith = (name: string, ...methods: string[]) =>
  z.custom<object>(
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      methods.every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
    `${name} must be an object with ${methods.map((m) => `${m}()`).join(', ')}`,
  );

const pluginSchema = z.looseObject({
  name: z.string().min(1, 'plugin name must be a non-empty string'),
  recognizers: z.array(z.looseObject({ name: z.string(), type: z.string() })).optional(),
  rateLimitStore: objectWith('rateLimitStore', 'decide').optional(),
  stateStore: objectWith(
    'stateStore',
    'get',
    'set',
    'setIfAbsent',
    'delete',
    'increment',
    'now',
  ).optional(),
  observers: z.array(z.looseObject({})).optional(),
  sandbox: objectWith('sandbox', 'run').optional(),
  health: fn('health').optional(),
  close: fn('close').optional(),
});

const optionsSchema = z.strictObject({
  plugins: z.array(pluginSchema).optional(),
  policy: z.union([z.looseObject({}), fn('policy')]).optional(),
  policyCache: z
    .strictObject({
      ttlMs: z.number().nonnegative().optional(),
      key: fn('policyCache.key').optional(),
      maxEntries: z.number().int().positive().optional(),
    })
    .optional(),
  ghostArgs: z.enum(['strict', 'permissive']).optional(),
  output: z
    .strictObject({
      mask: z.boolean().optional(),
      maxChars: z.number().int().positive().optional(),
      maxTokens: z.number().int().positive().optional(),
      strategies: z
        .record(z.string(), z.enum(MASK_STRATEGIES as [MaskStrategy, ...MaskStrategy[]]))
        .optional(),
      defaultStrategy: z.enum(MASK_STRATEGIES as [MaskStrategy, ...MaskStrategy[]]).optional(),
      hashKey: z.string().min(16, 'hashKey must be at least 16 characters').optional(),
      disabledTypes: z.array(z.string()).optional(),
    })
    .optional(),
  tokens: z.strictObject({ count: fn('tokens.count').optional() }).optional(),
  tokenCostPer1k: z.number().nonnegative().optional(),
  onTruncate: fn('onTruncate').optional(),
  audit: z
    .union([
      z.literal(false),
      z.strictObject({
        path: z.string().min(1).optional(),
        sink: objectWith('audit.sink', 'write').optional(),
        previewChars: z.number().int().positive().optional(),
      }),
    ])
    .optional(),
  observers: z.array(z.looseObject({})).optional(),
  timeoutMs: z.number().positive().optional(),
  recognizers: z.array(z.looseObject({ name: z.string(), type: z.string() })).optional(),
  rateLimitStore: objectWith('rateLimitStore', 'decide').optional(),
  stateStore: objectWith(
    'stateStore',
    'get',
    'set',
    'setIfAbsent',
    'delete',
    'increment',
    'now',
  ).optional(),
  clock: objectWith('clock', 'now').optional(),
  onObserverError: fn('onObserverError').optional(),
});

/** Checks options at start-up; throws `AirlockConfigError` naming the bad field. */
export function validateOptions(options: unknown): AirlockOptions {
  if (options === undefined) return {};
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success)
    throw new AirlockConfigError(`invalid options: ${describeFirstIssue(parsed.error)}`);
  const names = new Set<string>();
  for (const plugin of (options as AirlockOptions).plugins ?? []) {
    if (names.has(plugin.name))
      throw new AirlockConfigError(`plugin '${plugin.name}' is installed twice`, 'plugins');
    names.add(plugin.name);
  }
  return options as AirlockOptions;
}
