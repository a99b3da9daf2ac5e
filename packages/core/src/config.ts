import { z } from 'zod';
import type { AuditSink } from './audit/audit-record.js';
import type { Clock } from './backends/clock.js';
import type { RateLimitStore } from './backends/rate-limit-store.js';
import type { StateStore } from './backends/state-store.js';
import {
  type BudgetOptions,
  budgetOptionsSchema,
  type PricingOptions,
  pricingOptionsSchema,
} from './budget/budget-options.js';
import { AirlockConfigError } from './errors.js';
import type { AirlockObserver } from './observers/observer.js';
import type { TokenCounter } from './output/token-counter.js';
import type { AirlockPlugin } from './plugin.js';
import { describeFirstIssue } from './policy/compiled-policy.js';
import type { PolicyCacheOptions, PolicyResolver } from './policy/policy-source.js';
import type { SecurityPolicy } from './policy/schema.js';
import type { CircuitBreakerOptions } from './resilience/breaker-options.js';
import type { RetryOptions } from './resilience/retry-options.js';
import type { SandboxProvider } from './sandbox/sandbox-provider.js';
import type { SanitizerSettings } from './sanitizer/profile.js';
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

export interface OutputOptions extends SanitizerSettings {
  /** Mask PII and secrets in output (default true). A strategy name (`'partial'`) turns masking
   *  on with that strategy as the default, as in `output: { mask: 'partial' }`. */
  mask?: boolean | MaskStrategy;
  /** Most characters of output a model sees. Default 20,000. */
  maxChars?: number;
  /** Most tokens of output a model sees (by `tokens.count`). Default: no token limit. */
  maxTokens?: number;
  /** Key for `hash` and `tokenize` (>= 16 bytes). Set it so masks are equal across processes. */
  hashKey?: string;
  /**
   * Sanitizer settings per workspace id (`context.workspaceId`), over the ones above: types,
   * strategies, email domains, phone prefixes, custom patterns. Checked at start-up.
   */
  workspaces?: Record<string, SanitizerSettings>;
  /** How long a `tokenize` token can be turned back into its value. Default one hour. */
  tokenTtlMs?: number;
  /**
   * A call to a tool marked `external: true` whose arguments carry a secret (api_key,
   * aws_access_key, jwt, private_key, password) is blocked with `OUTPUT_BLOCKED` (`'block'`,
   * the default), or let through (`'allow'`).
   */
  secretsToExternalTools?: 'block' | 'allow';
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
  /**
   * Pluggable token counter (default: about 4 characters a token). Plug a real tokenizer here,
   * e.g. `count: (text) => encoding.encode(text).length` with `js-tiktoken`.
   */
  tokens?: { count?: TokenCounter };
  /** Prices per 1,000 tokens by model or tool, for cost budgets and `CallEndEvent.cost`. */
  pricing?: PricingOptions;
  /** Budgets per conversation, user and workspace (tokens, cost, calls), kept in the state store. */
  budgets?: BudgetOptions;
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
  /** Install core's recognizers (email, phone, cards, IBAN, IP, secrets). Default true. */
  defaultRecognizers?: boolean;
  /** Override the stores the plugins supply. */
  rateLimitStore?: RateLimitStore;
  stateStore?: StateStore;
  clock?: Clock;
  /**
   * A circuit breaker for every tool (each tool its own, unless they share a `key`); a tool's
   * `breaker` overrides it, `breaker: false` on a tool turns it off. Default: none.
   */
  breaker?: CircuitBreakerOptions | false;
  /** Retries for every tool declared `idempotent: true` (others never retry). Default: none. */
  retry?: RetryOptions | false;
  /** The sandbox for sandboxed tools (default: the last plugin that supplies one). */
  sandbox?: SandboxProvider;
  /** Called when an observer or audit sink fails (default: ignored). */
  onObserverError?: (error: unknown, source: string) => void;
  /** How long `close()` waits for observers to deliver and flush. Default 10,000 ms. */
  flushTimeoutMs?: number;
  /** How long `health()` waits for a plugin's check before calling it failed. Default 1000 ms. */
  healthTimeoutMs?: number;
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

// Shapes both a plugin and the options may supply.
const rateLimitStoreShape = objectWith('rateLimitStore', 'decide');
const stateStoreShape = objectWith(
  'stateStore',
  'get',
  'set',
  'setIfAbsent',
  'delete',
  'increment',
  'now',
);
const recognizersShape = z.array(z.looseObject({ name: z.string(), type: z.string() }));

const pluginSchema = z.looseObject({
  name: z.string().min(1, 'plugin name must be a non-empty string'),
  recognizers: recognizersShape.optional(),
  rateLimitStore: rateLimitStoreShape.optional(),
  stateStore: stateStoreShape.optional(),
  observers: z.array(z.looseObject({})).optional(),
  sandbox: objectWith('sandbox', 'run').optional(),
  health: fn('health').optional(),
  close: fn('close').optional(),
});

const typeList = z.custom<Iterable<string>>(
  (v) => Array.isArray(v) || v instanceof Set,
  'must be an array or a Set of type ids',
);
const strategySchema = z.enum(MASK_STRATEGIES as [MaskStrategy, ...MaskStrategy[]]);

/** The sanitizer settings, airlock-wide or per workspace (deeper checks run in the engine). */
const sanitizerSettingsShape = {
  enabledTypes: typeList.optional(),
  disabledTypes: typeList.optional(),
  strategies: z.record(z.string(), strategySchema).optional(),
  defaultStrategy: strategySchema.optional(),
  allowEmailDomains: z.array(z.string()).optional(),
  maskEmailDomains: z.array(z.string()).optional(),
  allowPhonePrefixes: z.array(z.string()).optional(),
  maskPhonePrefixes: z.array(z.string()).optional(),
  customPatterns: z
    .array(
      z.strictObject({
        type: z.string(),
        pattern: z.union([z.string(), z.instanceof(RegExp)]),
        flags: z.string().optional(),
        score: z.number().min(0).max(1).optional(),
        context: z.array(z.string()).optional(),
        strategy: strategySchema.optional(),
      }),
    )
    .optional(),
};

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
      mask: z
        .union([z.boolean(), z.enum(MASK_STRATEGIES as [MaskStrategy, ...MaskStrategy[]])])
        .optional(),
      maxChars: z.number().int().positive().optional(),
      maxTokens: z.number().int().positive().optional(),
      hashKey: z.string().min(16, 'hashKey must be at least 16 characters').optional(),
      ...sanitizerSettingsShape,
      workspaces: z.record(z.string(), z.strictObject(sanitizerSettingsShape)).optional(),
      tokenTtlMs: z.number().int().positive().optional(),
      secretsToExternalTools: z.enum(['block', 'allow']).optional(),
    })
    .optional(),
  tokens: z.strictObject({ count: fn('tokens.count').optional() }).optional(),
  pricing: pricingOptionsSchema.optional(),
  budgets: budgetOptionsSchema.optional(),
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
  recognizers: recognizersShape.optional(),
  defaultRecognizers: z.boolean().optional(),
  rateLimitStore: rateLimitStoreShape.optional(),
  stateStore: stateStoreShape.optional(),
  clock: objectWith('clock', 'now').optional(),
  // Shapes only here: the values are checked field by field when the airlock is built.
  breaker: z.union([z.literal(false), z.looseObject({})]).optional(),
  retry: z.union([z.literal(false), z.looseObject({})]).optional(),
  sandbox: objectWith('sandbox', 'run').optional(),
  onObserverError: fn('onObserverError').optional(),
  flushTimeoutMs: z.number().positive().optional(),
  healthTimeoutMs: z.number().positive().optional(),
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
