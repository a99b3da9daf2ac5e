import type { AirlockErrorCode, AuditRecord } from '@airlock/core';

/** The guards the demo counts, in the order the transcript's summary lists them. */
export const GUARDS = [
  { id: 'ghost_arguments', label: 'ghost argument blocked', code: 'GHOST_ARGUMENTS' },
  { id: 'validation', label: 'wrong type rejected', code: 'VALIDATION_FAILED' },
  { id: 'tool_denied', label: 'denied tool', code: 'TOOL_DENIED' },
  { id: 'role_denied', label: 'role check', code: 'ROLE_DENIED' },
  { id: 'time_window', label: 'time window', code: 'OUTSIDE_TIME_WINDOW' },
  { id: 'rate_limit', label: 'rate limit', code: 'RATE_LIMITED' },
  { id: 'pii_masked', label: 'PII masked in output', code: undefined },
  { id: 'secret_blocked', label: 'secret kept from leaving', code: 'OUTPUT_BLOCKED' },
  { id: 'truncated', label: 'long output truncated', code: undefined },
  { id: 'sandbox', label: 'sandboxed code stopped', code: 'SANDBOX_FAILED' },
  { id: 'tool_failed', label: 'tool failure contained', code: 'TOOL_FAILED' },
  { id: 'circuit_open', label: 'circuit open', code: 'CIRCUIT_OPEN' },
  { id: 'budget', label: 'budget exceeded', code: 'BUDGET_EXCEEDED' },
] as const satisfies readonly { id: string; label: string; code: AirlockErrorCode | undefined }[];

export type GuardId = (typeof GUARDS)[number]['id'];

const BY_CODE = new Map<string, GuardId>(
  GUARDS.filter((g) => g.code !== undefined).map((g) => [g.code as string, g.id]),
);

/** Secret types never count as "PII masked": a secret in output is its own story. */
const SECRET_TYPES = new Set(['api_key', 'aws_access_key', 'jwt', 'private_key', 'password']);

/** Which guards one call set off (none for a plain allowed call). */
export function guardsOf(record: AuditRecord): GuardId[] {
  const fired: GuardId[] = [];
  if (record.code) {
    const id = BY_CODE.get(record.code);
    if (id) fired.push(id);
  }
  const findings = record.findings ?? {};
  if (Object.keys(findings).some((t) => !SECRET_TYPES.has(t))) fired.push('pii_masked');
  if (record.truncated) fired.push('truncated');
  return fired;
}
