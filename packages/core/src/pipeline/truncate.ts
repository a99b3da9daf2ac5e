import { truncateOutput } from '../output/truncate.js';
import type { CallState, Stage } from './call-state.js';

/** The output limits of a call: the tool's, over the policy's, over the airlock's. */
export function outputLimits(state: CallState): {
  maxChars: number | undefined;
  maxTokens: number | undefined;
} {
  const own = state.tool.definition.output;
  const policy = state.rules?.output;
  const base = state.runtime.output;
  return {
    maxChars: own?.maxChars ?? policy?.maxChars ?? base.maxChars,
    maxTokens: own?.maxTokens ?? policy?.maxTokens ?? base.maxTokens,
  };
}

/** Cuts output to its limits (never longer than the limit) and reports the tokens saved. */
export const truncateStage: Stage = (state) => {
  const limits = outputLimits(state);
  if (limits.maxChars === undefined && limits.maxTokens === undefined) return;
  if (
    state.output === undefined ||
    state.output === null ||
    typeof state.output === 'number' ||
    typeof state.output === 'boolean'
  )
    return;
  const { runtime } = state;
  const before = state.output;
  const r = truncateOutput(before, { ...limits, countTokens: runtime.countTokens });
  if (!r.truncated) return;
  state.output = r.value;
  state.truncated = true;
  reportTruncation(state, before, r.value);
};

export function reportTruncation(state: CallState, before: unknown, after: unknown): void {
  const { runtime } = state;
  const originalTokens = runtime.countTokens(asText(before));
  const keptTokens = runtime.countTokens(asText(after));
  const savedTokens = Math.max(0, originalTokens - keptTokens);
  const info = {
    tool: state.tool.name,
    callId: state.callId,
    originalTokens,
    keptTokens,
    savedTokens,
    estimatedCostSaved: (savedTokens / 1000) * runtime.tokenCostPer1k,
  };
  if (runtime.onTruncate) {
    try {
      runtime.onTruncate(info);
    } catch (error) {
      runtime.reportInternalError(error, 'onTruncate');
    }
  }
  if (runtime.observers.wants('onEvent')) {
    runtime.observers.emit('onEvent', {
      type: 'output_truncated',
      callId: state.callId,
      tool: state.tool.name,
      context: state.context,
      at: runtime.clock.now(),
      data: { ...info },
    });
  }
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}
