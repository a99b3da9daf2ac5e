import type { CallState } from '../pipeline/call-state.js';

/** Text of a value as a model sees it: strings as they are, anything else as JSON. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Tokens of the arguments as the model sent them; counted once per call. */
export function inputTokensOf(state: CallState): number {
  state.usage ??= {};
  const usage = state.usage;
  usage.inputTokens ??= state.runtime.countTokens(textOf(state.rawArgs));
  return usage.inputTokens;
}

/** Tokens of the output the model receives (after masking and truncation); 0 when it failed. */
export function outputTokensOf(state: CallState): number {
  state.usage ??= {};
  const usage = state.usage;
  usage.outputTokens ??= state.error ? 0 : state.runtime.countTokens(textOf(state.output));
  return usage.outputTokens;
}
