import type { z } from 'zod';
import type { ArgumentIssue } from '../errors.js';
import { nodeAt, resolve, type SchemaNode } from './schema-tree.js';

/** `items[0].sku` for a path, `arguments` for the root. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'arguments';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out.length === 0 ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** The JSON type name of a value as a model thinks of it. */
export function jsonTypeOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A short, safe rendering of a value for a message (never the whole of a long value). */
export function preview(value: unknown, max = 40): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const segment of path) {
    if (v === null || typeof v !== 'object') return undefined;
    if (!Object.hasOwn(v, segment as string)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[segment];
  }
  return v;
}

const EXPECTED_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  object: 'an object',
  array: 'an array',
  date: 'an ISO 8601 date-time string',
  bigint: 'an integer',
  null: 'null',
};

const FORMAT_WORDS: Record<string, string> = {
  date: 'an ISO date (YYYY-MM-DD)',
  datetime: 'an ISO 8601 date-time (e.g. 2024-01-31T09:30:00Z)',
  time: 'a time (HH:MM[:SS])',
  email: 'an email address',
  url: 'a URL',
  uuid: 'a UUID',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
};

/** Converts zod issues into model-facing issues: which argument, what was expected, what came. */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  args: unknown,
  root: SchemaNode,
): ArgumentIssue[] {
  return issues.map((issue) => describeIssue(issue, args, root));
}

function describeIssue(issue: z.core.$ZodIssue, args: unknown, root: SchemaNode): ArgumentIssue {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (
    | string
    | number
  )[];
  const name = formatPath(path);
  const value = valueAt(args, path);
  const received = jsonTypeOf(value);
  const arg = `Argument '${name}'`;
  switch (issue.code) {
    case 'invalid_type': {
      const expectedType =
        issue.expected === 'number' && isIntegerNode(nodeAt(root, path)) ? 'int' : issue.expected;
      const expected = EXPECTED_WORDS[expectedType] ?? expectedType;
      if (value === undefined) {
        return {
          path,
          expected: expectedName(expectedType),
          received,
          message: `${arg} is required but was missing.`,
        };
      }
      return {
        path,
        expected: expectedName(expectedType),
        received,
        message: `${arg} must be ${expected}, got ${received} ${preview(value)}.`,
      };
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => preview(v)).join(', ');
      const expected = issue.values.length === 1 ? `exactly ${options}` : `one of ${options}`;
      return {
        path,
        expected,
        received,
        message: `${arg} must be ${expected}, got ${preview(value)}.`,
      };
    }
    case 'invalid_format': {
      const format =
        issue.format === 'regex' && 'pattern' in issue
          ? `a string matching ${issue.pattern}`
          : (FORMAT_WORDS[issue.format] ?? `a valid ${issue.format}`);
      return {
        path,
        expected: format,
        received,
        message: `${arg} must be ${format}, got ${preview(value)}.`,
      };
    }
    case 'too_big':
    case 'too_small': {
      const bound = boundWords(issue);
      return {
        path,
        expected: bound,
        received,
        message: `${arg} must ${bound}, got ${preview(value)}.`,
      };
    }
    case 'not_multiple_of':
      return {
        path,
        expected: `a multiple of ${issue.divisor}`,
        received,
        message: `${arg} must be a multiple of ${issue.divisor}, got ${preview(value)}.`,
      };
    case 'invalid_union':
      return {
        path,
        expected: describeUnion(nodeAt(root, path)),
        received,
        message: `${arg} does not match any accepted form, got ${received} ${preview(value)}.`,
      };
    case 'unrecognized_keys':
      return {
        path,
        received: 'unknown argument',
        message: `${arg} has unknown field(s): ${issue.keys.join(', ')}.`,
      };
    default:
      return { path, received, message: `${arg} is invalid: ${issue.message}.` };
  }
}

/** Whether the schema at a node is an integer (`z.number().int()`, `z.int()`). */
function isIntegerNode(node: SchemaNode | undefined): boolean {
  if (!node) return false;
  const n = resolve(node);
  if (n.kind !== 'leaf') return false;
  const def = (
    n.schema as unknown as {
      _zod: {
        def: { type: string; format?: string; checks?: { _zod: { def: { format?: string } } }[] };
      };
    }
  )._zod.def;
  if (def.type !== 'number') return false;
  return Boolean(
    def.format?.includes('int') || def.checks?.some((c) => c._zod.def.format?.includes('int')),
  );
}

function expectedName(expected: string): string {
  return expected === 'int' ? 'integer' : expected;
}

function boundWords(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === 'too_big';
  const limit = big
    ? (issue as z.core.$ZodIssueTooBig).maximum
    : (issue as z.core.$ZodIssueTooSmall).minimum;
  const inclusive = issue.inclusive !== false;
  const op = big ? (inclusive ? 'at most' : 'less than') : inclusive ? 'at least' : 'more than';
  switch (issue.origin) {
    case 'string':
      return `have ${op} ${String(limit)} characters`;
    case 'array':
    case 'set':
      return `have ${op} ${String(limit)} items`;
    default:
      return `be ${op} ${String(limit)}`;
  }
}

function describeUnion(node: SchemaNode | undefined): string {
  return node ? 'one of the documented forms' : 'a valid value';
}
