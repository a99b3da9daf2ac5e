import type { Airlock, Finding } from '@airlock/core';

/** Secret entity types (DESIGN.md); every other type is personal data. */
export const SECRET_TYPES: readonly string[] = [
  'api_key',
  'aws_access_key',
  'jwt',
  'private_key',
  'password',
];

/** Which findings stop a run: any sensitive value, or only the listed entity types. */
export type TripOn = 'any' | 'secrets' | readonly string[];

export function trips(findings: readonly Finding[], tripOn: TripOn): boolean {
  if (tripOn === 'any') return findings.length > 0;
  const types = tripOn === 'secrets' ? SECRET_TYPES : tripOn;
  return findings.some((f) => types.includes(f.type));
}

/** Counts per entity type: what a guardrail reports (never the values themselves). */
export function countTypes(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.type] = (counts[f.type] ?? 0) + 1;
  return counts;
}

const TEXT_KEYS = new Set(['content', 'text', 'output']);

/**
 * Masks the text a model reads in conversation items (message content, text parts, tool call
 * outputs) and leaves ids, types and names alone, so the items stay valid for the SDK.
 */
export function maskItemText<T>(airlock: Airlock, value: T, findings: Finding[] = []): T {
  return walk(airlock, value, findings, false, 0) as T;
}

function walk(
  airlock: Airlock,
  value: unknown,
  findings: Finding[],
  inText: boolean,
  depth: number,
): unknown {
  if (depth > 32) return value;
  if (typeof value === 'string') {
    if (!inText) return value;
    const masked = airlock.sanitizer.mask(value);
    findings.push(...masked.findings);
    return masked.value;
  }
  if (Array.isArray(value)) return value.map((v) => walk(airlock, v, findings, inText, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = walk(airlock, v, findings, TEXT_KEYS.has(key), depth + 1);
  }
  return out;
}
