import type { z } from 'zod';
import type { ArgumentIssue } from '../errors.js';
import { formatPath, preview, valueAt } from './describe-issues.js';
import { exampleValue, suggestFix } from './examples.js';
import type { GhostArgument } from './ghost-args.js';
import { nodeAt, resolve, type SchemaNode } from './schema-tree.js';

const MAX_EXAMPLE_CHARS = 600;

/** Hints for a call that failed validation: one per argument, then a corrected call if one exists. */
export function validationHints(
  issues: readonly ArgumentIssue[],
  args: unknown,
  root: SchemaNode,
  schema: z.ZodType,
): string[] {
  const hints: string[] = [];
  const fixes: { path: (string | number)[]; value: unknown }[] = [];
  for (const issue of issues) {
    const node = nodeAt(root, issue.path);
    const current = valueAt(args, issue.path);
    const fixed = suggestFix(node, current);
    const example = fixed !== undefined ? fixed : node ? exampleValue(node) : undefined;
    const name = formatPath(issue.path);
    if (example !== undefined && issue.path.length > 0) {
      const what = issue.expected ? ` as ${article(issue.expected)}` : '';
      hints.push(
        `Pass ${name}${what}, for example ${name === 'arguments' ? '' : `${JSON.stringify(lastKey(issue.path))}: `}${preview(example, 80)}.`,
      );
      fixes.push({ path: issue.path, value: example });
    } else {
      hints.push(`Fix ${name}: ${issue.message}`);
    }
  }
  const corrected = correctedCall(args, fixes, schema);
  if (corrected) hints.push(`Corrected call: ${corrected}`);
  return hints;
}

/** Hints for unknown arguments: what to remove, what is accepted, and the call without them. */
export function ghostHints(
  ghosts: readonly GhostArgument[],
  cleaned: unknown,
  root: SchemaNode,
  schema: z.ZodType,
): string[] {
  const names = ghosts.map((g) => formatPath(g.path));
  const hints = [`Remove the unknown argument(s): ${names.join(', ')}.`];
  const top = resolve(root);
  if (top.kind === 'object') {
    const accepted = [...top.shape.keys()];
    hints.push(
      accepted.length > 0
        ? `Accepted arguments: ${accepted.join(', ')}.`
        : 'This tool takes no arguments.',
    );
  }
  const corrected = correctedCall(cleaned, [], schema);
  if (corrected) hints.push(`Corrected call: ${corrected}`);
  return hints;
}

function article(expected: string): string {
  if (/^(a|an|one|exactly|have|be) /.test(expected)) return expected;
  return /^[aeiou]/i.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function lastKey(path: readonly (string | number)[]): string | number {
  return path[path.length - 1]!;
}

/** The arguments with fixes applied, as JSON, only if the schema accepts the result. */
function correctedCall(
  args: unknown,
  fixes: readonly { path: (string | number)[]; value: unknown }[],
  schema: z.ZodType,
): string | undefined {
  let candidate: unknown;
  try {
    candidate = structuredClone(args ?? {});
  } catch {
    return undefined;
  }
  for (const fix of fixes) {
    if (fix.path.length === 0) candidate = fix.value;
    else setAt(candidate, fix.path, fix.value);
  }
  if (!schema.safeParse(candidate).success) return undefined;
  const text = JSON.stringify(candidate);
  return text !== undefined && text.length <= MAX_EXAMPLE_CHARS ? text : undefined;
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown): void {
  let target = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = target[key];
    if (next === null || typeof next !== 'object') {
      const fresh = typeof path[i + 1] === 'number' ? [] : {};
      Object.defineProperty(target, key, {
        value: fresh,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      target = fresh as Record<string | number, unknown>;
    } else {
      target = next as Record<string | number, unknown>;
    }
  }
  Object.defineProperty(target, path[path.length - 1]!, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
