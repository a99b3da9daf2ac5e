import { airlockError } from '../errors.js';
import type { Stage } from './call-state.js';

/**
 * A tool marked `external` sends its arguments out of your system: a secret in them (an API key,
 * a password, a private key the model copied from earlier output) would leak. The call is blocked
 * with `OUTPUT_BLOCKED` before the tool runs; the message names the arguments, never the values.
 */
export const externalSecretsStage: Stage = (state) => {
  const { tool, runtime } = state;
  if (tool.definition.external !== true || !runtime.sanitizer.blockSecretsToExternalTools) return;
  const secrets = runtime.sanitizer.findSecrets(state.args, state.context);
  if (secrets.length === 0) return;
  const where = [
    ...new Set(
      secrets.map((f) => (f.path && f.path.length > 0 ? f.path.join('.') : '(arguments)')),
    ),
  ];
  const types = [...new Set(secrets.map((f) => f.type))];
  state.error = airlockError(
    'OUTPUT_BLOCKED',
    tool.name,
    `'${tool.name}' sends its arguments outside this system, and ${where.map((w) => `'${w}'`).join(', ')} carr${where.length === 1 ? 'ies' : 'y'} a secret (${types.join(', ')}). The call was blocked so the secret does not leave.`,
    {
      retryable: true,
      issues: where.map((w) => ({
        path: w === '(arguments)' ? [] : w.split('.'),
        message: `carries a secret (${types.join(', ')})`,
      })),
      fixHints: ['Call the tool again without credentials, keys or passwords in the arguments.'],
      details: { reason: 'secret_in_arguments', types },
    },
  );
};
