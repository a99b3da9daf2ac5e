import { z } from 'zod';
import { parseDuration } from './duration.js';
import { parseRate } from './rate.js';
import { assertTimeZone, WEEKDAYS } from './time-window.js';

/**
 * `SecurityPolicy` is plain data (loadable from JSON or a database) parsed with zod. Every map
 * keyed by a tool glob resolves to its most specific matching key for a given tool.
 */

const glob = z.string().min(1).max(256);
const duration = z.union([z.number().nonnegative(), z.string()]).superRefine((v, ctx) => {
  try {
    parseDuration(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});
const rateText = z.string().superRefine((v, ctx) => {
  try {
    parseRate(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});
const timeZone = z.string().superRefine((v, ctx) => {
  try {
    assertTimeZone(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
  }
});

/** Who shares one allowance. `agent` (the default) means per workspace and agent. */
export const RATE_LIMIT_SCOPES = ['global', 'workspace', 'agent', 'user', 'conversation'] as const;
export type RateLimitScope = (typeof RATE_LIMIT_SCOPES)[number];

export const rateLimitRuleSchema = z.strictObject({
  rate: rateText,
  scope: z.enum(RATE_LIMIT_SCOPES).default('agent'),
  algorithm: z.enum(['gcra', 'strict']).default('gcra'),
  /** Share one allowance among all tools matching the glob (default: each tool has its own). */
  shared: z.boolean().default(false),
  /** What the store does when it cannot answer (a dead Redis). */
  failMode: z.enum(['open', 'closed', 'insurance']).optional(),
});

const rateLimitValue = z.union([
  rateText,
  rateLimitRuleSchema,
  z.array(z.union([rateText, rateLimitRuleSchema])).min(1),
]);

export const timeWindowRuleSchema = z.strictObject({
  window: z.string(),
  timeZone: timeZone.optional(),
  days: z.array(z.enum(WEEKDAYS)).min(1).optional(),
});

const timeWindowValue = z.union([
  z.string(),
  timeWindowRuleSchema,
  z.array(z.union([z.string(), timeWindowRuleSchema])).min(1),
]);

export const conversationPolicySchema = z.strictObject({
  /** Idle time after which a conversation's counters are forgotten; slides with activity. */
  ttl: duration.default('1h'),
  /** Calls allowed in one conversation across all tools. */
  maxCalls: z.number().int().positive().optional(),
  /** Calls allowed per tool (glob) in one conversation. */
  maxCallsPerTool: z.record(glob, z.number().int().positive()).optional(),
  /** Minimum time between two calls of a tool (glob) in one conversation. */
  cooldowns: z.record(glob, duration).optional(),
  /** Tools (glob) that may run only after each of the listed tools has succeeded once. */
  requiredBefore: z.record(glob, z.array(z.string().min(1)).min(1)).optional(),
});

export const outputPolicySchema = z.strictObject({
  /** Mask PII and secrets in output (default true). */
  mask: z.boolean().optional(),
  maxChars: z.number().int().positive().optional(),
  maxTokens: z.number().int().positive().optional(),
});

export const securityPolicySchema = z.strictObject({
  /** Tool globs that may run. Absent = every tool; an empty list = none. */
  allowedTools: z.array(glob).optional(),
  /** Tool globs that may never run. Deny wins over allow. */
  deniedTools: z.array(glob).optional(),
  /** Roles allowed to call any tool: the caller needs at least one. */
  allowedRoles: z.array(z.string().min(1)).optional(),
  /** Roles per tool glob (most specific glob wins): the caller needs at least one. */
  toolRoles: z.record(glob, z.array(z.string().min(1))).optional(),
  /** Block calls whose context has no `agentId`. */
  requireAgentId: z.boolean().optional(),
  /** Default time zone of time windows (IANA). Default UTC. */
  timeZone: timeZone.optional(),
  /** When tools may run: `"09:00-17:00"`, overnight `"22:00-06:00"`, with days and a zone. */
  timeWindows: z.record(glob, timeWindowValue).optional(),
  /** `"N/second|minute|hour|day"` (or `"100/15m"`) per tool glob, or rules with a scope. */
  rateLimits: z.record(glob, rateLimitValue).optional(),
  conversation: conversationPolicySchema.optional(),
  /** Output rules per tool glob (most specific wins) layered over the airlock's `output`. */
  output: z.record(glob, outputPolicySchema).optional(),
});

/** The policy as users write it. */
export type SecurityPolicy = z.input<typeof securityPolicySchema>;
/** The policy after parsing, with defaults filled in. */
export type ParsedSecurityPolicy = z.output<typeof securityPolicySchema>;
export type RateLimitRule = z.input<typeof rateLimitRuleSchema>;
export type TimeWindowRule = z.input<typeof timeWindowRuleSchema>;
export type ConversationPolicy = z.input<typeof conversationPolicySchema>;
export type OutputPolicy = z.input<typeof outputPolicySchema>;
