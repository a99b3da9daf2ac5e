import {
  type Airlock,
  type AirlockContext,
  type AirlockTool,
  type AuditRecord,
  airlockError,
  createAirlock,
  type Recognizer,
  z,
} from '@airlock/core';

/**
 * STOPGAP — remove once the sanitizer work (issue 3) is on main.
 *
 * There, a tool defined with `external: true` (it sends its arguments out of the company: email,
 * a partner's API) is blocked by core with `OUTPUT_BLOCKED` when its arguments carry a secret.
 * The demo's `send_email` already says `external: true`. Until core acts on it, this wrapper does
 * the same check from outside the pipeline (with the airlock's own sanitizer) and answers with
 * the same error, so the scene reads the same before and after. `nativeExternalSecrets` tells
 * which one is in force; with core's stage present the wrapper is not used at all.
 */

export const SECRET_TYPES = new Set([
  'api_key',
  'aws_access_key',
  'jwt',
  'private_key',
  'password',
]);

/** Does this core block secrets sent to `external` tools by itself? (Asked once, at start-up.) */
export async function nativeExternalSecrets(
  recognizers: Recognizer[],
  probeSecret: string,
): Promise<boolean> {
  const probe = createAirlock({ recognizers, audit: false });
  try {
    const tool = probe.tool({
      name: 'probe_external',
      description: 'probe',
      input: z.object({ text: z.string() }),
      run: () => 'sent',
      ...({ external: true } as object),
    });
    const result = await tool.call({ text: probeSecret });
    return !result.ok && result.error.code === 'OUTPUT_BLOCKED';
  } finally {
    await probe.close();
  }
}

/** The wrapper: `check` and `call` refuse arguments that carry a secret, like core will. */
export function blockSecretsToExternalTool(
  airlock: Airlock,
  tool: AirlockTool,
  record: (entry: AuditRecord) => void,
): AirlockTool {
  const secretsIn = (args: unknown): { where: string[]; types: string[] } => {
    const where = new Set<string>();
    const types = new Set<string>();
    const visit = (value: unknown, path: string[]): void => {
      if (typeof value === 'string') {
        for (const f of airlock.sanitizer.scan(value)) {
          if (!SECRET_TYPES.has(f.type)) continue;
          where.add(path.join('.') || '(arguments)');
          types.add(f.type);
        }
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
      }
    };
    visit(typeof args === 'string' ? safeParse(args) : args, []);
    return { where: [...where], types: [...types] };
  };

  const blocked = (args: unknown, context: AirlockContext | undefined) => {
    const { where, types } = secretsIn(args);
    if (where.length === 0) return undefined;
    const callId = `shim-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const error = airlockError(
      'OUTPUT_BLOCKED',
      tool.name,
      `'${tool.name}' sends its arguments outside this system, and ${where.map((w) => `'${w}'`).join(', ')} carr${where.length === 1 ? 'ies' : 'y'} a secret (${types.join(', ')}). The call was blocked so the secret does not leave.`,
      {
        retryable: true,
        fixHints: ['Call the tool again without credentials, keys or passwords in the arguments.'],
        details: { reason: 'secret_in_arguments', types },
      },
    );
    const ctx: AirlockContext = context ?? {};
    record({
      time: new Date().toISOString(),
      callId,
      tool: tool.name,
      outcome: 'blocked',
      code: 'OUTPUT_BLOCKED',
      message: error.message,
      ...(ctx.agentId ? { agentId: ctx.agentId } : {}),
      ...(ctx.workspaceId ? { workspaceId: ctx.workspaceId } : {}),
      ...(ctx.userId ? { userId: ctx.userId } : {}),
      ...(ctx.conversationId ? { conversationId: ctx.conversationId } : {}),
      ...(ctx.roles ? { roles: [...ctx.roles] } : {}),
      durationMs: 0,
      argsPreview: JSON.stringify(airlock.sanitizer.mask(args).value).slice(0, 2000),
      sanitizedCount: 0,
      truncated: false,
    });
    return { ok: false as const, callId, error };
  };

  return {
    get name() {
      return tool.name;
    },
    get description() {
      return tool.description;
    },
    get input() {
      return tool.input;
    },
    get jsonSchema() {
      return tool.jsonSchema;
    },
    get definition() {
      return tool.definition;
    },
    check: async (args, context) => blocked(args, context) ?? tool.check(args, context),
    call: async (args, context) => blocked(args, context) ?? tool.call(args, context),
    stream: (args, context) => tool.stream(args, context),
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
