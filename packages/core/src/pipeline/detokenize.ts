import { airlockError } from '../errors.js';
import type { Stage } from './call-state.js';

/**
 * For tools marked `acceptsTokens`: tokens the model passes (`[EMAIL:tok_…]`, issued when output
 * was masked with `tokenize`) become the real values in the arguments, and the arguments are
 * validated again with them. Error messages name paths and tokens only, never values, because
 * the model must not see what the tokens stand for.
 */
export const detokenizeStage: Stage = (state) => {
  const { tool, runtime } = state;
  if (tool.definition.acceptsTokens !== true || !hasToken(state.cleanedArgs, 0)) return;
  return runtime.sanitizer.detokenizeValue(state.cleanedArgs, state.context).then((r) => {
    if (r.missing.length > 0) {
      state.error = airlockError(
        'VALIDATION_FAILED',
        tool.name,
        `The token${r.missing.length > 1 ? 's' : ''} ${r.missing.join(', ')} ${r.missing.length > 1 ? 'are' : 'is'} unknown or expired.`,
        {
          retryable: true,
          fixHints: [
            'Call the tool that produced the token again to get a fresh one, then retry with it.',
          ],
          details: { reason: 'token_unknown', tokens: r.missing },
        },
      );
      return;
    }
    const parsed = tool.input.safeParse(r.value);
    if (!parsed.success) {
      state.error = airlockError(
        'VALIDATION_FAILED',
        tool.name,
        'An argument is not valid once its token is replaced by the value it stands for.',
        {
          retryable: false,
          issues: parsed.error.issues.map((i) => ({
            path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
            message: 'not valid with the value behind its token',
          })),
          fixHints: ['Pass a token of the right kind for this argument.'],
        },
      );
      return;
    }
    state.args = parsed.data;
  });
};

function hasToken(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.includes(':tok_');
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.some((v) => hasToken(v, depth + 1));
  return Object.values(value).some((v) => hasToken(v, depth + 1));
}
