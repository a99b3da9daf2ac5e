import { stdnum } from 'stdnum';

/** What a stdnum validator returns (the part used here). */
export interface StdnumResult {
  isValid: boolean;
  error?: { name?: string; constructor: { name: string } };
}

export type StdnumValidate = (value: string) => StdnumResult;

/**
 * One of stdnum's validators (a TypeScript port of python-stdnum). Looked up once at load, so a
 * missing one fails at import, not at a call.
 */
export function validator(country: string, name: string): StdnumValidate {
  const v = (
    stdnum as unknown as Record<
      string,
      Record<string, { validate(value: string): StdnumResult }> | undefined
    >
  )[country]?.[name];
  if (!v) throw new Error(`@airlock/pii-eu: stdnum has no validator ${country}.${name}`);
  return (value) => {
    // stdnum reports a failure as an Error object; capturing its stack trace cost more than the
    // whole scan, and nobody reads it.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return v.validate(value);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}
