import { airlockError } from '../errors.js';
import { formatPath } from '../validation/describe-issues.js';
import { ghostHints } from '../validation/fix-hints.js';
import { inspectArguments } from '../validation/ghost-args.js';
import type { Stage } from './call-state.js';

/**
 * Unknown arguments, at any depth. `strict` blocks the call naming each one; `permissive` strips
 * them and records it. Prototype keys never reach the tool in either mode.
 */
export const ghostArgsStage: Stage = (state) => {
  const tool = state.tool;
  const parsed = parseArguments(state.rawArgs);
  if ('error' in parsed) {
    state.error = airlockError('VALIDATION_FAILED', tool.name, parsed.error, {
      retryable: true,
      issues: [{ path: [], expected: 'object', received: parsed.received, message: parsed.error }],
      fixHints: [
        `Send the arguments as one JSON object, for example ${JSON.stringify(tool.example)}.`,
      ],
    });
    return;
  }
  const { ghosts, cleaned } = inspectArguments(tool.schemaNode, parsed.value);
  state.cleanedArgs = cleaned;
  if (ghosts.length === 0) return;
  const mode = tool.definition.ghostArgs ?? state.runtime.ghostArgs;
  const names = ghosts.map((g) => formatPath(g.path));
  const bus = state.runtime.observers;
  if (mode === 'permissive') {
    state.strippedArgs = names;
    if (bus.wants('onEvent')) {
      bus.emit('onEvent', {
        type: 'ghost_args_stripped',
        callId: state.callId,
        tool: tool.name,
        context: state.context,
        at: state.runtime.clock.now(),
        data: { arguments: names },
      });
    }
    return;
  }
  state.error = airlockError(
    'GHOST_ARGUMENTS',
    tool.name,
    `Unknown argument${names.length > 1 ? 's' : ''} ${names.map((n) => `'${n}'`).join(', ')} ${names.length > 1 ? 'are' : 'is'} not accepted by '${tool.name}'.`,
    {
      retryable: true,
      issues: ghosts.map((g) => ({
        path: g.path,
        received: 'unknown argument',
        message: g.forbidden
          ? `'${formatPath(g.path)}' is a reserved name and is never accepted.`
          : `'${formatPath(g.path)}' is not an argument of this tool.`,
      })),
      fixHints: ghostHints(ghosts, cleaned, tool.schemaNode, tool.input),
      details: { ghostArguments: names },
    },
  );
  if (bus.wants('onEvent')) {
    bus.emit('onEvent', {
      type: 'ghost_args_blocked',
      callId: state.callId,
      tool: tool.name,
      context: state.context,
      at: state.runtime.clock.now(),
      data: { arguments: names },
    });
  }
};

/** Accepts an object, or the JSON text of one (what most model APIs hand over). */
function parseArguments(raw: unknown): { value: unknown } | { error: string; received: string } {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return { value: {} };
    try {
      value = JSON.parse(raw);
    } catch {
      return { error: 'The arguments are not valid JSON.', received: 'invalid JSON' };
    }
  }
  if (value === undefined || value === null) return { value: {} };
  if (typeof value !== 'object' || Array.isArray(value)) {
    const received = Array.isArray(value) ? 'array' : typeof value;
    return { error: `The arguments must be a JSON object, got ${received}.`, received };
  }
  return { value };
}
