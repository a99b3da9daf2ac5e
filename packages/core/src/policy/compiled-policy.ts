import type { z } from 'zod';
import { AirlockConfigError } from '../errors.js';
import { parseDuration } from './duration.js';
import { globMatch, mostSpecific } from './glob.js';
import { parseRate, type Rate } from './rate.js';
import {
  type ParsedSecurityPolicy,
  type RateLimitScope,
  type SecurityPolicy,
  securityPolicySchema,
} from './schema.js';
import { parseTimeWindow, type TimeWindow } from './time-window.js';

export interface CompiledRateLimit {
  pattern: string;
  rate: Rate;
  scope: RateLimitScope;
  algorithm: 'gcra' | 'strict';
  shared: boolean;
  failMode: 'open' | 'closed' | 'insurance' | undefined;
}

export interface CompiledConversationRules {
  ttlMs: number;
  maxCalls: number | undefined;
  maxCallsForTool: { pattern: string; max: number } | undefined;
  cooldown: { pattern: string; ms: number } | undefined;
  requiredBefore: readonly string[] | undefined;
}

/** Everything the policy says about one tool, computed once per tool name. */
export interface ToolRules {
  denied: { reason: string } | undefined;
  /** Roles of which the caller needs one (global and per-tool lists both apply). */
  roleSets: readonly (readonly string[])[];
  requireAgentId: boolean;
  timeWindows: { pattern: string; windows: readonly TimeWindow[] } | undefined;
  rateLimits: readonly CompiledRateLimit[];
  conversation: CompiledConversationRules | undefined;
  output: { mask?: boolean; maxChars?: number; maxTokens?: number } | undefined;
}

/** A parsed, validated policy with per-tool answers cached. */
export class CompiledPolicy {
  private readonly perTool = new Map<string, ToolRules>();
  private readonly timeWindowEntries: [string, TimeWindow[]][];
  private readonly rateEntries: [string, CompiledRateLimit[]][];

  private constructor(readonly policy: ParsedSecurityPolicy) {
    const zone = policy.timeZone ?? 'UTC';
    this.timeWindowEntries = Object.entries(policy.timeWindows ?? {}).map(([pattern, value]) => [
      pattern,
      (Array.isArray(value) ? value : [value]).map((w) =>
        typeof w === 'string'
          ? parseTimeWindow(w, zone)
          : parseTimeWindow(w.window, w.timeZone ?? zone, w.days),
      ),
    ]);
    this.rateEntries = Object.entries(policy.rateLimits ?? {}).map(([pattern, value]) => [
      pattern,
      (Array.isArray(value) ? value : [value]).map((r) => {
        const rule: {
          rate: string;
          scope?: RateLimitScope;
          algorithm?: 'gcra' | 'strict';
          shared?: boolean;
          failMode?: 'open' | 'closed' | 'insurance';
        } = typeof r === 'string' ? { rate: r } : r;
        return {
          pattern,
          rate: parseRate(rule.rate),
          scope: rule.scope ?? 'agent',
          algorithm: rule.algorithm ?? 'gcra',
          shared: rule.shared ?? false,
          failMode: rule.failMode,
        };
      }),
    ]);
  }

  /** Parses `input`, throwing an `AirlockConfigError` that names the bad field. */
  static compile(input: SecurityPolicy, field = 'policy'): CompiledPolicy {
    const parsed = securityPolicySchema.safeParse(input);
    if (!parsed.success) throw new AirlockConfigError(describeFirstIssue(parsed.error), field);
    try {
      return new CompiledPolicy(parsed.data);
    } catch (e) {
      throw new AirlockConfigError((e as Error).message, field);
    }
  }

  rulesFor(tool: string): ToolRules {
    let rules = this.perTool.get(tool);
    if (!rules) {
      rules = this.computeRules(tool);
      // Tool names are a small, fixed set; the cap only guards against a caller inventing names.
      if (this.perTool.size < 10_000) this.perTool.set(tool, rules);
    }
    return rules;
  }

  private computeRules(tool: string): ToolRules {
    const p = this.policy;
    const roleSets: string[][] = [];
    if (p.allowedRoles && p.allowedRoles.length > 0) roleSets.push(p.allowedRoles);
    const toolRoles = mostSpecific(Object.entries(p.toolRoles ?? {}), tool);
    if (toolRoles) roleSets.push(toolRoles.value);
    const windows = mostSpecific(this.timeWindowEntries, tool);
    const rates = mostSpecific(this.rateEntries, tool);
    return {
      denied: this.denial(tool),
      roleSets,
      requireAgentId: p.requireAgentId === true,
      timeWindows: windows ? { pattern: windows.pattern, windows: windows.value } : undefined,
      rateLimits: rates ? rates.value : [],
      conversation: this.conversationRules(tool),
      output: mostSpecific(Object.entries(p.output ?? {}), tool)?.value,
    };
  }

  private denial(tool: string): { reason: string } | undefined {
    const denied = this.policy.deniedTools?.find((g) => globMatch(g, tool));
    if (denied !== undefined) return { reason: `it matches the denied pattern '${denied}'` };
    const allowed = this.policy.allowedTools;
    if (allowed && !allowed.some((g) => globMatch(g, tool))) {
      return { reason: 'it is not in the allowed tools list' };
    }
    return undefined;
  }

  private conversationRules(tool: string): CompiledConversationRules | undefined {
    const c = this.policy.conversation;
    if (!c) return undefined;
    const max = mostSpecific(Object.entries(c.maxCallsPerTool ?? {}), tool);
    const cooldown = mostSpecific(Object.entries(c.cooldowns ?? {}), tool);
    const required = mostSpecific(Object.entries(c.requiredBefore ?? {}), tool);
    return {
      ttlMs: parseDuration(c.ttl),
      maxCalls: c.maxCalls,
      maxCallsForTool: max ? { pattern: max.pattern, max: max.value } : undefined,
      cooldown: cooldown
        ? { pattern: cooldown.pattern, ms: parseDuration(cooldown.value) }
        : undefined,
      requiredBefore: required?.value,
    };
  }
}

export function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  if (issue.code === 'unrecognized_keys') {
    return `${where}: unknown field(s) ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  }
  if (issue.code === 'invalid_union') {
    // Report the deepest branch error: it is what the user most likely meant.
    const nested = issue.errors.flat().sort((a, b) => b.path.length - a.path.length)[0];
    if (nested)
      return `${[...issue.path, ...nested.path].map(String).join('.')}: ${nested.message}`;
  }
  return `${where}: ${issue.message}`;
}
