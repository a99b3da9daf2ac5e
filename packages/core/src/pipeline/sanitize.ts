import type { Stage } from './call-state.js';

/** Masks PII and secrets in the output: strings, and every string inside JSON output. */
export const sanitizeStage: Stage = (state) => {
  const { runtime } = state;
  if (runtime.sanitizer.isEmpty || !maskEnabled(state)) return;
  const output = state.output;
  if (output === null || (typeof output !== 'string' && typeof output !== 'object')) return;
  const masked = runtime.sanitizer.mask(output, state.context);
  state.output = masked.value;
  state.findings = masked.findings;
  // Tokens must be resolvable before the model can pass them back: wait for their writes.
  if (masked.pending) return masked.pending.then(() => emitFindings(state, masked.findings));
  emitFindings(state, masked.findings);
};

function emitFindings(state: Parameters<Stage>[0], findings: readonly { type: string }[]): void {
  const { runtime } = state;
  if (findings.length > 0 && runtime.observers.wants('onEvent')) {
    runtime.observers.emit('onEvent', {
      type: 'pii_detected',
      callId: state.callId,
      tool: state.tool.name,
      context: state.context,
      at: runtime.clock.now(),
      data: { types: countByType(findings), count: findings.length },
    });
  }
}

export function maskEnabled(state: {
  tool: { definition: { output?: { mask?: boolean } } };
  rules?: { output?: { mask?: boolean } | undefined };
  runtime: { output: { mask: boolean } };
}): boolean {
  return (
    state.tool.definition.output?.mask ?? state.rules?.output?.mask ?? state.runtime.output.mask
  );
}

export function countByType(findings: readonly { type: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.type] = (counts[f.type] ?? 0) + 1;
  return counts;
}
