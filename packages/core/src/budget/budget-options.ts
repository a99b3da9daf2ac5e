import { z } from 'zod';
import type { AirlockContext } from '../context.js';
import { parseDuration } from '../policy/duration.js';

/** What one scope may spend. Every field is optional; an absent field is not limited. */
export interface BudgetLimits {
  /** Tokens of arguments plus output (by `tokens.count`). */
  tokens?: number;
  /** Money, in the currency units of `pricing` (e.g. USD). */
  cost?: number;
  /** Tool calls that ran. */
  calls?: number;
}

/** The scopes a budget can be kept for. */
export const BUDGET_SCOPES = ['conversation', 'user', 'workspace'] as const;
export type BudgetScope = (typeof BUDGET_SCOPES)[number];
export type BudgetDimension = 'tokens' | 'cost' | 'calls';

/** The window user and workspace budgets are counted in (UTC calendar), or `total` (never reset). */
export type BudgetPeriod = 'day' | 'month' | 'total';

/** Limits for a scope: fixed, or picked per call from the context (plans per tenant). */
export type BudgetLimitsSource =
  | BudgetLimits
  | ((context: AirlockContext) => BudgetLimits | undefined);

export interface BudgetOptions {
  /** Per conversation (calls without a `conversationId` have no conversation budget). */
  conversation?: BudgetLimitsSource;
  /** Per user within a workspace (calls without a `userId` share the `_` budget). */
  user?: BudgetLimitsSource;
  /** Per workspace (calls without a `workspaceId` share the `_` budget). */
  workspace?: BudgetLimitsSource;
  /** Window of user and workspace budgets. Default `month`. */
  period?: BudgetPeriod;
  /** How long an idle conversation's budget is remembered; slides with use. Default `24h`. */
  conversationTtl?: number | string;
  /** Fraction of a limit (0 < warnAt <= 1) at which one `budget_warning` event fires. Default 0.8. */
  warnAt?: number;
  /**
   * Output tokens reserved before a tool runs (the real output is settled after it). Default 0:
   * a call is admitted while the budget has room for its arguments, so the last call may overrun
   * by its output. Reserve more to stop closer to the limit.
   */
  estimateOutputTokens?: number | ((tool: string, context: AirlockContext) => number);
}

/** A price, from the point of view of one tool call. */
export interface TokenPrice {
  /**
   * Per 1,000 tokens of arguments. The model wrote them, so for a model this is its output
   * (completion) price.
   */
  inputPer1k?: number;
  /**
   * Per 1,000 tokens of tool output. The model reads it next, so for a model this is its input
   * (prompt) price.
   */
  outputPer1k?: number;
  /** A fixed price per call that ran (a paid upstream API). */
  perCall?: number;
}

export interface PricingOptions {
  /** Used when no tool or model entry matches. */
  default?: TokenPrice;
  /** Per model id (the model is read by `modelOf`). */
  models?: Record<string, TokenPrice>;
  /** Per tool glob (most specific wins); a tool entry wins over a model entry. */
  tools?: Record<string, TokenPrice>;
  /** Which model made the call. Default: `context.metadata.model` when it is a string. */
  modelOf?: (context: AirlockContext) => string | undefined;
}

const nonNegative = z.number().finite().nonnegative();
const limits = z.strictObject({
  tokens: nonNegative.optional(),
  cost: nonNegative.optional(),
  calls: nonNegative.optional(),
});
const limitsSource = z.union([
  limits,
  z.custom<(c: AirlockContext) => BudgetLimits>(
    (v) => typeof v === 'function',
    'must be limits or a function',
  ),
]);
const price = z.strictObject({
  inputPer1k: nonNegative.optional(),
  outputPer1k: nonNegative.optional(),
  perCall: nonNegative.optional(),
});

export const budgetOptionsSchema = z.strictObject({
  conversation: limitsSource.optional(),
  user: limitsSource.optional(),
  workspace: limitsSource.optional(),
  period: z.enum(['day', 'month', 'total']).optional(),
  conversationTtl: z
    .union([z.number().positive(), z.string()])
    .superRefine((v, ctx) => {
      try {
        if (parseDuration(v) <= 0) ctx.addIssue({ code: 'custom', message: 'must be > 0' });
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    })
    .optional(),
  warnAt: z.number().gt(0).lte(1).optional(),
  estimateOutputTokens: z
    .union([nonNegative, z.custom<() => number>((v) => typeof v === 'function')])
    .optional(),
});

export const pricingOptionsSchema = z.strictObject({
  default: price.optional(),
  models: z.record(z.string().min(1), price).optional(),
  tools: z.record(z.string().min(1), price).optional(),
  modelOf: z
    .custom<(c: AirlockContext) => string | undefined>(
      (v) => typeof v === 'function',
      'modelOf must be a function',
    )
    .optional(),
});
