import type { z } from 'zod';
import type { AuditSink } from './audit/audit-record.js';
import { JsonlFileSink } from './audit/jsonl-file-sink.js';
import { systemClock } from './backends/clock.js';
import { MemoryRateLimitStore } from './backends/memory-rate-limit-store.js';
import { MemoryStateStore } from './backends/memory-state-store.js';
import type { RateLimitStore } from './backends/rate-limit-store.js';
import type { StateStore } from './backends/state-store.js';
import { type AirlockOptions, validateOptions } from './config.js';
import { type AirlockContext, ambientContext, runWithContext } from './context.js';
import { ConversationTracker } from './conversation/conversation-tracker.js';
import { AirlockConfigError } from './errors.js';
import { InflightTracker } from './inflight.js';
import type { AirlockObserver } from './observers/observer.js';
import { ObserverBus } from './observers/observer-bus.js';
import { estimateTokens } from './output/token-counter.js';
import type { AirlockPlugin } from './plugin.js';
import { PolicySource } from './policy/policy-source.js';
import type { AirlockRuntime } from './runtime.js';
import type { HealthReport, SandboxProvider } from './sandbox/sandbox-provider.js';
import { type MaskResult, SanitizerEngine } from './sanitizer/engine.js';
import type { ExplainedCandidate, Finding, Recognizer } from './sanitizer/recognizer.js';
import { DEFAULT_RECOGNIZERS } from './sanitizer/recognizers/defaults.js';
import { GuardedTool } from './tool/airlock-tool.js';
import { compileTool } from './tool/compiled-tool.js';
import type { AirlockTool, ToolDefinition, ToolRunContext } from './tool-definition.js';

/** Aggregated health of the airlock and every plugin. */
export interface AirlockHealth {
  ok: boolean;
  closing: boolean;
  inflight: number;
  checks: HealthReport[];
}

/**
 * The sanitizer as users call it directly. `context` picks a workspace's settings (default: the
 * airlock-wide ones, or the ambient context of `runWithContext`).
 */
export interface AirlockSanitizer {
  /** Every sensitive value in `text`: `[{ type, value, start, end, score }]`. */
  scan(text: string, context?: AirlockContext): Finding[];
  /** Masks a string or every string inside a JSON value, keeping its shape. */
  mask<T>(value: T, context?: AirlockContext): MaskResult<T>;
  /** Every candidate looked at, kept or dropped, and why: for debugging. */
  explain(text: string, context?: AirlockContext): ExplainedCandidate[];
  /** Turns `tokenize` tokens back into their values (as a tool with `acceptsTokens` gets them). */
  detokenize(text: string, context?: AirlockContext): Promise<string>;
  /** The entity types masked by default. */
  readonly types: string[];
}

export interface Airlock {
  /** Defines a guarded tool. */
  tool<S extends z.ZodObject, R>(definition: ToolDefinition<S, R>): AirlockTool<S, R>;
  /** Guards an existing function `(args, ctx) => result` with a name, description and schema. */
  wrap<S extends z.ZodObject, R>(
    fn: (args: z.output<S>, ctx: ToolRunContext) => R | Promise<R>,
    definition: Omit<ToolDefinition<S, R>, 'run'>,
  ): AirlockTool<S, R>;
  /** Runs `fn` with `context` as the ambient context of every call inside it. */
  runWithContext<T>(context: AirlockContext, fn: () => T): T;
  readonly sanitizer: AirlockSanitizer;
  readonly tools: ReadonlyMap<string, AirlockTool>;
  readonly plugins: readonly AirlockPlugin[];
  readonly rateLimitStore: RateLimitStore;
  readonly stateStore: StateStore;
  readonly sandbox: SandboxProvider | undefined;
  /** Drops cached policies from a resolver (all, or one cache key). */
  invalidatePolicy(key?: string): void;
  health(): Promise<AirlockHealth>;
  /** Stops taking calls, drains in-flight ones, flushes observers and audit, closes plugins. */
  close(): Promise<void>;
}

/** Composes plugins and options into an airlock. Bad options throw here, at start-up. */
export function createAirlock(options: AirlockOptions = {}): Airlock {
  const opts = validateOptions(options);
  const plugins = opts.plugins ?? [];
  const clock = opts.clock ?? systemClock;
  const report = (error: unknown, source: string): void => {
    try {
      opts.onObserverError?.(error, source);
    } catch {
      // The reporter failed too; a call must never see it.
    }
  };

  const rateLimits =
    opts.rateLimitStore ?? lastOf(plugins, 'rateLimitStore') ?? new MemoryRateLimitStore(clock);
  const state = opts.stateStore ?? lastOf(plugins, 'stateStore') ?? new MemoryStateStore(clock);
  const sandbox = lastOf(plugins, 'sandbox');
  const recognizers: Recognizer[] = [
    ...(opts.defaultRecognizers === false ? [] : DEFAULT_RECOGNIZERS),
    ...plugins.flatMap((p) => p.recognizers ?? []),
    ...(opts.recognizers ?? []),
  ];
  const observers: AirlockObserver[] = [
    ...plugins.flatMap((p) => p.observers ?? []),
    ...(opts.observers ?? []),
  ];
  const audit = buildAuditSink(opts, report);
  const out = opts.output ?? {};
  const {
    mask: _mask,
    maxChars: _maxChars,
    maxTokens: _maxTokens,
    tokenTtlMs,
    secretsToExternalTools,
    ...settings
  } = out;
  const sanitizer = new SanitizerEngine({
    ...settings,
    recognizers,
    tokens: { store: state, ...(tokenTtlMs ? { ttlMs: tokenTtlMs } : {}) },
    blockSecretsToExternalTools: secretsToExternalTools !== 'allow',
  });

  const runtime: AirlockRuntime = {
    clock,
    policy: new PolicySource(opts.policy, clock, opts.policyCache),
    rateLimits,
    state,
    conversations: new ConversationTracker(state),
    sanitizer,
    observers: new ObserverBus(observers, (o, e) =>
      report(e, `observer ${o.name ?? '(anonymous)'}`),
    ),
    audit,
    auditPreviewChars: opts.audit ? (opts.audit.previewChars ?? 500) : 500,
    ghostArgs: opts.ghostArgs ?? 'strict',
    output: { mask: out.mask ?? true, maxChars: out.maxChars ?? 20_000, maxTokens: out.maxTokens },
    countTokens: opts.tokens?.count ?? estimateTokens,
    tokenCostPer1k: opts.tokenCostPer1k ?? 0,
    onTruncate: opts.onTruncate,
    timeoutMs: opts.timeoutMs ?? 60_000,
    reportInternalError: report,
    inflight: new InflightTracker(),
    closed: false,
    shutdown: new AbortController(),
  };

  const tools = new Map<string, AirlockTool>();
  const addTool = <S extends z.ZodObject, R>(
    definition: ToolDefinition<S, R>,
  ): AirlockTool<S, R> => {
    const compiled = compileTool(definition as unknown as ToolDefinition);
    if (tools.has(compiled.name)) {
      throw new AirlockConfigError(
        `a tool named '${compiled.name}' is already defined in this airlock`,
        `tool '${compiled.name}'.name`,
      );
    }
    const tool = new GuardedTool<S, R>(runtime, compiled);
    tools.set(compiled.name, tool as unknown as AirlockTool);
    return tool;
  };

  let closing: Promise<void> | undefined;
  const airlock: Airlock = {
    tool: addTool,
    wrap(fn, definition) {
      if (typeof fn !== 'function')
        throw new AirlockConfigError('wrap: the first argument must be a function');
      return addTool({ ...definition, run: fn } as unknown as ToolDefinition) as never;
    },
    runWithContext,
    sanitizer: {
      scan: (text, context) => sanitizer.scan(text, context ?? ambientContext()),
      mask: (value, context) => sanitizer.mask(value, context ?? ambientContext()),
      explain: (text, context) => sanitizer.explain(text, context ?? ambientContext()),
      detokenize: async (text, context) =>
        (await sanitizer.detokenize(text, context ?? ambientContext())).value,
      get types() {
        return sanitizer.types;
      },
    },
    tools,
    plugins,
    rateLimitStore: rateLimits,
    stateStore: state,
    sandbox,
    invalidatePolicy: (key) => runtime.policy.invalidate(key),
    async health() {
      const checks = await Promise.all(
        plugins
          .filter((p) => typeof p.health === 'function')
          .map(async (p): Promise<HealthReport> => {
            try {
              return await p.health!();
            } catch (error) {
              return {
                name: p.name,
                ok: false,
                details: { error: (error as Error)?.message ?? String(error) },
              };
            }
          }),
      );
      return {
        ok: !runtime.closed && checks.every((c) => c.ok),
        closing: runtime.closed,
        inflight: runtime.inflight.size,
        checks,
      };
    },
    close() {
      closing ??= (async () => {
        runtime.closed = true;
        await runtime.inflight.drain();
        runtime.shutdown.abort(new Error('airlock closed'));
        await runtime.observers.flush();
        try {
          await audit?.flush?.();
          await audit?.close?.();
        } catch (error) {
          report(error, 'audit');
        }
        for (const plugin of [...plugins].reverse()) {
          try {
            await plugin.close?.();
          } catch (error) {
            report(error, `plugin ${plugin.name}`);
          }
        }
      })();
      return closing;
    },
  };
  return airlock;
}

function lastOf<K extends 'rateLimitStore' | 'stateStore' | 'sandbox'>(
  plugins: readonly AirlockPlugin[],
  key: K,
): NonNullable<AirlockPlugin[K]> | undefined {
  for (let i = plugins.length - 1; i >= 0; i--) {
    const v = plugins[i]![key];
    if (v) return v as NonNullable<AirlockPlugin[K]>;
  }
  return undefined;
}

function buildAuditSink(
  opts: AirlockOptions,
  report: (e: unknown, s: string) => void,
): AuditSink | undefined {
  if (!opts.audit) return undefined;
  if (opts.audit.sink && opts.audit.path) {
    throw new AirlockConfigError('give either a path or a sink, not both', 'audit');
  }
  if (opts.audit.sink) {
    const sink = opts.audit.sink;
    return {
      write: (record) => {
        try {
          sink.write(record);
        } catch (error) {
          report(error, 'audit');
        }
      },
      flush: () => sink.flush?.() ?? Promise.resolve(),
      close: () => sink.close?.() ?? Promise.resolve(),
    };
  }
  if (opts.audit.path)
    return new JsonlFileSink({ path: opts.audit.path, onError: (e) => report(e, 'audit') });
  throw new AirlockConfigError('needs a path or a sink (or set audit: false)', 'audit');
}
