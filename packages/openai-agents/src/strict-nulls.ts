/**
 * OpenAI strict mode makes every optional argument required and nullable, so the model sends
 * `"days": null` for an argument it leaves out. The SDK turns those nulls back into "absent"
 * before `execute`, but the raw arguments Airlock checks still hold them. This does the same on
 * the raw arguments, by the tool's own JSON Schema: a `null` is dropped only where the schema
 * makes the argument optional and does not accept null itself. Unknown keys are kept, so ghost
 * arguments still reach Airlock.
 */

type Schema = Record<string, unknown>;

const MAX_DEPTH = 64;

export function dropStrictNulls(schema: Schema, value: unknown): unknown {
  return walk(schema, value, schema, 0);
}

function walk(schema: unknown, value: unknown, root: Schema, depth: number): unknown {
  if (depth > MAX_DEPTH || !isRecord(schema) || value === null || typeof value !== 'object')
    return value;
  const node = resolve(schema, root);
  if (Array.isArray(value)) {
    return isRecord(node.items) ? value.map((v) => walk(node.items, v, root, depth + 1)) : value;
  }
  const objectNode = isRecord(node.properties) ? node : objectBranch(node, root);
  if (!objectNode) return value;
  const properties = objectNode.properties as Record<string, unknown>;
  const required = Array.isArray(objectNode.required) ? (objectNode.required as unknown[]) : [];
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of Object.keys(out)) {
    if (!Object.hasOwn(properties, key)) continue;
    const propertySchema = properties[key];
    if (
      out[key] === null &&
      !required.includes(key) &&
      !acceptsNull(propertySchema, root, depth + 1)
    ) {
      delete out[key];
    } else {
      out[key] = walk(propertySchema, out[key], root, depth + 1);
    }
  }
  return out;
}

/** The object branch of an `anyOf` (how an optional nested object is written). */
function objectBranch(node: Schema, root: Schema): Schema | undefined {
  const branches = Array.isArray(node.anyOf)
    ? node.anyOf
    : Array.isArray(node.oneOf)
      ? node.oneOf
      : [];
  for (const branch of branches) {
    const b = isRecord(branch) ? resolve(branch, root) : undefined;
    if (b && isRecord(b.properties)) return b;
  }
  return undefined;
}

function acceptsNull(schema: unknown, root: Schema, depth: number): boolean {
  if (depth > MAX_DEPTH || !isRecord(schema)) return schema === true;
  const node = resolve(schema, root);
  if (Object.keys(node).length === 0) return true;
  if (node.type === 'null' || (Array.isArray(node.type) && node.type.includes('null'))) return true;
  if (node.const === null || (Array.isArray(node.enum) && node.enum.includes(null))) return true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches) && branches.some((b) => acceptsNull(b, root, depth + 1)))
      return true;
  }
  return false;
}

/** Follows a local `#/...` reference once per call (zod emits them for recursive schemas). */
function resolve(node: Schema, root: Schema): Schema {
  let current = node;
  for (let hops = 0; hops < 8 && typeof current.$ref === 'string'; hops++) {
    const target = pointer(root, current.$ref);
    if (!target) break;
    current = target;
  }
  return current;
}

function pointer(root: Schema, ref: string): Schema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(at)) return undefined;
    at = at[part];
  }
  return isRecord(at) ? at : undefined;
}

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
