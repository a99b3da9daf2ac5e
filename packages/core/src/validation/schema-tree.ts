import type { z } from 'zod';

/**
 * A simplified view of a zod 4 schema: just what ghost-argument detection, JSON-native input
 * forms and example values need. Built once per tool, lazily for recursive schemas.
 */
export type SchemaNode =
  | {
      kind: 'object';
      shape: Map<string, SchemaNode>;
      required: Set<string>;
      extra: SchemaNode | 'strict' | 'strip';
      schema: z.ZodType;
    }
  | { kind: 'array'; element: SchemaNode; schema: z.ZodType }
  | { kind: 'tuple'; items: SchemaNode[]; rest: SchemaNode | undefined; schema: z.ZodType }
  | { kind: 'record'; value: SchemaNode; schema: z.ZodType }
  | { kind: 'union'; options: SchemaNode[]; schema: z.ZodType }
  | { kind: 'date'; schema: z.ZodType }
  | { kind: 'leaf'; schema: z.ZodType }
  | { kind: 'lazy'; get: () => SchemaNode; schema: z.ZodType };

const cache = new WeakMap<object, SchemaNode>();

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Wrappers that do not change which keys are allowed. */
const TRANSPARENT = new Set([
  'optional',
  'nullable',
  'default',
  'prefault',
  'catch',
  'readonly',
  'nonoptional',
  'success',
]);

/** Strips wrapper types (optional, default, ...) and returns the schema underneath. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 64; i++) {
    const def = defOf(s);
    if (TRANSPARENT.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else break;
  }
  return s;
}

/** Whether a property schema accepts `undefined` (so the key may be left out). */
export function isOptional(schema: z.ZodType): boolean {
  const opt = (schema as unknown as { _zod: { optin?: string } })._zod.optin;
  return opt === 'optional';
}

export function toSchemaNode(schema: z.ZodType): SchemaNode {
  const cached = cache.get(schema);
  if (cached) return cached;
  const inner = unwrap(schema);
  const def = defOf(inner);
  let node: SchemaNode;
  switch (def.type) {
    case 'object': {
      const shape = new Map<string, SchemaNode>();
      const required = new Set<string>();
      node = { kind: 'object', shape, required, extra: 'strip', schema: inner };
      cache.set(schema, node);
      for (const [key, value] of Object.entries(def.shape ?? {})) {
        shape.set(key, toSchemaNode(value));
        if (!isOptional(value)) required.add(key);
      }
      const catchall = def.catchall ? defOf(def.catchall).type : undefined;
      node.extra =
        catchall === undefined
          ? 'strip'
          : catchall === 'never'
            ? 'strict'
            : toSchemaNode(def.catchall!);
      return node;
    }
    case 'array':
      node = { kind: 'array', element: toSchemaNode(def.element!), schema: inner };
      break;
    case 'tuple':
      node = {
        kind: 'tuple',
        items: (def.items ?? []).map(toSchemaNode),
        rest: def.rest ? toSchemaNode(def.rest) : undefined,
        schema: inner,
      };
      break;
    case 'record':
      node = { kind: 'record', value: toSchemaNode(def.valueType!), schema: inner };
      break;
    case 'union':
      node = { kind: 'union', options: (def.options ?? []).map(toSchemaNode), schema: inner };
      break;
    case 'intersection':
      node = intersect(toSchemaNode(def.left!), toSchemaNode(def.right!), inner);
      break;
    case 'lazy': {
      let resolved: SchemaNode | undefined;
      node = { kind: 'lazy', get: () => (resolved ??= toSchemaNode(def.getter!())), schema: inner };
      break;
    }
    case 'date':
      node = { kind: 'date', schema: inner };
      break;
    default:
      node = { kind: 'leaf', schema: inner };
  }
  cache.set(schema, node);
  return node;
}

/** Two object schemas intersected accept the keys of both. */
function intersect(a: SchemaNode, b: SchemaNode, schema: z.ZodType): SchemaNode {
  const ra = resolve(a);
  const rb = resolve(b);
  if (ra.kind === 'object' && rb.kind === 'object') {
    return {
      kind: 'object',
      shape: new Map([...ra.shape, ...rb.shape]),
      required: new Set([...ra.required, ...rb.required]),
      extra: ra.extra === 'strip' || rb.extra === 'strip' ? 'strip' : ra.extra,
      schema,
    };
  }
  return { kind: 'leaf', schema };
}

export function resolve(node: SchemaNode): Exclude<SchemaNode, { kind: 'lazy' }> {
  let n = node;
  for (let i = 0; n.kind === 'lazy' && i < 64; i++) n = n.get();
  return n as Exclude<SchemaNode, { kind: 'lazy' }>;
}

/** The node describing the value at `path`, if the schema says. */
export function nodeAt(root: SchemaNode, path: readonly PropertyKey[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    const n = resolve(node);
    if (n.kind === 'object')
      node = n.shape.get(String(segment)) ?? (typeof n.extra === 'object' ? n.extra : undefined);
    else if (n.kind === 'array') node = n.element;
    else if (n.kind === 'tuple') node = n.items[Number(segment)] ?? n.rest;
    else if (n.kind === 'record') node = n.value;
    else if (n.kind === 'union') node = n.options.map((o) => nodeAt(o, [segment])).find((x) => x);
    else return undefined;
  }
  return node;
}
