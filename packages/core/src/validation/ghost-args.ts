import { resolve, type SchemaNode } from './schema-tree.js';

/** Keys that could reach an object's prototype: never passed to a tool, whatever the schema says. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

export interface GhostArgument {
  /** Path of the unknown key, e.g. `['items', 0, 'discount']`. */
  path: (string | number)[];
  key: string;
  /** True for `__proto__`, `constructor` and `prototype`. */
  forbidden: boolean;
}

export interface InspectResult {
  ghosts: GhostArgument[];
  /** The arguments with ghosts removed and JSON-native forms converted; the input itself when
   *  nothing had to change. */
  cleaned: unknown;
}

/** ISO 8601 date or date-time, the JSON form a model sends for a `z.date()` argument. */
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Finds every argument the schema does not know, at any depth (nested objects, arrays of objects,
 * records, unions), and returns a cleaned copy. The input is never mutated; a copy is built only
 * when something must change, and it is built without assignment so no key can touch a prototype.
 */
export function inspectArguments(root: SchemaNode, value: unknown): InspectResult {
  const ghosts: GhostArgument[] = [];
  const path: (string | number)[] = [];
  const cleaned = walk(root, value, path, ghosts);
  return { ghosts, cleaned };
}

function walk(
  node: SchemaNode,
  value: unknown,
  path: (string | number)[],
  ghosts: GhostArgument[],
): unknown {
  if (value === null || typeof value !== 'object') {
    const n = resolve(node);
    if (n.kind === 'date' && typeof value === 'string' && ISO_DATE.test(value)) {
      const date = new Date(value);
      if (!Number.isNaN(date.getTime())) return date;
    }
    return value;
  }
  const n = resolve(node);
  if (Array.isArray(value)) return walkArray(n, value, path, ghosts);
  switch (n.kind) {
    case 'object':
      return walkObject(n, value as Record<string, unknown>, path, ghosts);
    case 'record':
      return walkEntries(value as Record<string, unknown>, () => n.value, path, ghosts);
    case 'union':
      return walkUnion(n.options, value, path, ghosts);
    default:
      // A leaf that receives an object (z.any(), z.unknown(), a custom type): the schema says
      // nothing about keys, but prototype keys are still never allowed through.
      return walkEntries(value as Record<string, unknown>, () => undefined, path, ghosts);
  }
}

function walkArray(
  n: Exclude<SchemaNode, { kind: 'lazy' }>,
  value: unknown[],
  path: (string | number)[],
  ghosts: GhostArgument[],
): unknown {
  const elementOf = (i: number): SchemaNode | undefined =>
    n.kind === 'array' ? n.element : n.kind === 'tuple' ? (n.items[i] ?? n.rest) : undefined;
  if (n.kind === 'union') return walkUnion(n.options, value, path, ghosts);
  let copy: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    const element = elementOf(i);
    path.push(i);
    const cleaned = element ? walk(element, item, path, ghosts) : walkUnknown(item, path, ghosts);
    path.pop();
    if (cleaned !== item) {
      copy ??= value.slice();
      copy[i] = cleaned;
    }
  }
  return copy ?? value;
}

function walkObject(
  n: Extract<SchemaNode, { kind: 'object' }>,
  value: Record<string, unknown>,
  path: (string | number)[],
  ghosts: GhostArgument[],
): unknown {
  return walkEntries(
    value,
    (key) => n.shape.get(key) ?? (typeof n.extra === 'object' ? n.extra : null),
    path,
    ghosts,
  );
}

/**
 * Walks the own keys of an object. `childOf` returns the schema of a key, `undefined` when the
 * schema does not constrain it, or `null` when the key is unknown (a ghost).
 */
function walkEntries(
  value: Record<string, unknown>,
  childOf: (key: string) => SchemaNode | undefined | null,
  path: (string | number)[],
  ghosts: GhostArgument[],
): unknown {
  let changed: Map<string, unknown> | undefined;
  let dropped: Set<string> | undefined;
  const keys = Object.keys(value);
  for (const key of keys) {
    const item = value[key];
    const forbidden = FORBIDDEN_KEYS.has(key);
    const child = forbidden ? null : childOf(key);
    if (child === null) {
      ghosts.push({ path: [...path, key], key, forbidden });
      (dropped ??= new Set()).add(key);
      continue;
    }
    path.push(key);
    const cleaned = child ? walk(child, item, path, ghosts) : walkUnknown(item, path, ghosts);
    path.pop();
    if (cleaned !== item) (changed ??= new Map()).set(key, cleaned);
  }
  if (!dropped && !changed) return value;
  // Rebuild with defineProperty: plain assignment of a `__proto__` key would set the prototype.
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    if (dropped?.has(key)) continue;
    const item = changed?.has(key) ? changed.get(key) : value[key];
    Object.defineProperty(out, key, {
      value: item,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Values the schema does not describe: only prototype keys are removed. */
function walkUnknown(value: unknown, path: (string | number)[], ghosts: GhostArgument[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      path.push(i);
      const cleaned = walkUnknown(item, path, ghosts);
      path.pop();
      if (cleaned !== item) (copy ??= value.slice())[i] = cleaned;
    });
    return copy ?? value;
  }
  return walkEntries(value as Record<string, unknown>, () => undefined, path, ghosts);
}

/** For a union, the option that leaves the fewest ghosts decides (ties: the first). */
function walkUnion(
  options: SchemaNode[],
  value: unknown,
  path: (string | number)[],
  ghosts: GhostArgument[],
): unknown {
  let best: { cleaned: unknown; ghosts: GhostArgument[] } | undefined;
  for (const option of options) {
    const kind = resolve(option).kind;
    const shapeFits = Array.isArray(value)
      ? kind === 'array' || kind === 'tuple'
      : kind === 'object' || kind === 'record' || kind === 'union';
    if (!shapeFits) continue;
    const found: GhostArgument[] = [];
    const cleaned = walk(option, value, [...path], found);
    if (!best || found.length < best.ghosts.length) best = { cleaned, ghosts: found };
    if (found.length === 0) break;
  }
  if (!best) return walkUnknown(value, path, ghosts);
  for (const g of best.ghosts) ghosts.push(g);
  return best.cleaned;
}
