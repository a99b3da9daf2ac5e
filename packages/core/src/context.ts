import { AsyncLocalStorage } from 'node:async_hooks';
import { z } from 'zod';

/** Who is calling: every guard (roles, rate-limit scopes, budgets, audit) reads it. */
export interface AirlockContext {
  agentId?: string;
  workspaceId?: string;
  userId?: string;
  roles?: readonly string[];
  conversationId?: string;
  metadata?: Record<string, unknown>;
}

const idSchema = z.string().min(1).max(256);

export const contextSchema = z.strictObject({
  agentId: idSchema.optional(),
  workspaceId: idSchema.optional(),
  userId: idSchema.optional(),
  roles: z.array(z.string().min(1).max(256)).readonly().optional(),
  conversationId: idSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const storage = new AsyncLocalStorage<AirlockContext>();

/** Runs `fn` with `context` as the ambient context of every tool call inside it. */
export function runWithContext<T>(context: AirlockContext, fn: () => T): T {
  const parsed = contextSchema.safeParse(context);
  if (!parsed.success) {
    throw new TypeError(`runWithContext: invalid context: ${describeContextIssue(parsed.error)}`);
  }
  return storage.run({ ...ambientContext(), ...context }, fn);
}

/** The context set by the nearest enclosing `runWithContext`, if any. */
export function ambientContext(): AirlockContext | undefined {
  return storage.getStore();
}

/**
 * The effective context of one call: fields given to the call win, the rest come from
 * `runWithContext`. Returns an error message instead of throwing for a malformed context.
 */
export function resolveContext(
  given: AirlockContext | undefined,
): { context: AirlockContext } | { error: string } {
  const ambient = storage.getStore();
  if (given === undefined) return { context: ambient ?? EMPTY_CONTEXT };
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    return { error: 'context must be an object' };
  }
  if (!isPlainContext(given as Record<string, unknown>)) {
    const parsed = contextSchema.safeParse(given);
    if (!parsed.success) return { error: describeContextIssue(parsed.error) };
  }
  return { context: ambient ? { ...ambient, ...given } : given };
}

const EMPTY_CONTEXT: AirlockContext = Object.freeze({});
const CONTEXT_KEYS = new Set([
  'agentId',
  'workspaceId',
  'userId',
  'roles',
  'conversationId',
  'metadata',
]);

/** A cheap structural check for the common case, so the zod parse runs only on odd input. */
function isPlainContext(c: Record<string, unknown>): boolean {
  for (const key in c) {
    if (!CONTEXT_KEYS.has(key)) return false;
    const value = c[key];
    if (value === undefined) continue;
    if (key === 'roles') {
      if (!Array.isArray(value)) return false;
      for (const role of value) if (typeof role !== 'string' || role.length === 0) return false;
    } else if (key === 'metadata') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    } else if (typeof value !== 'string' || value.length === 0 || value.length > 256) {
      return false;
    }
  }
  return true;
}

function describeContextIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length > 0 ? `context.${issue.path.join('.')}` : 'context';
  return `${where}: ${issue.message}`;
}
