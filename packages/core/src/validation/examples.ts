import type { z } from 'zod';
import { resolve, type SchemaNode } from './schema-tree.js';

interface LeafDef {
  type: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
  checks?: {
    _zod: { def: { check: string; format?: string; value?: number; inclusive?: boolean } };
  }[];
  format?: string;
}

function leafDef(schema: z.ZodType): LeafDef {
  return (schema as unknown as { _zod: { def: LeafDef } })._zod.def;
}

const FORMAT_EXAMPLES: Record<string, string> = {
  email: 'user@example.com',
  url: 'https://example.com',
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  date: '2024-01-31',
  datetime: '2024-01-31T09:30:00Z',
  time: '09:30:00',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

/** A small value the schema accepts, for "a corrected call looks like this" hints. */
export function exampleValue(node: SchemaNode, depth = 0): unknown {
  const n = resolve(node);
  if (depth > 6) return null;
  switch (n.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of n.required) out[key] = exampleValue(n.shape.get(key)!, depth + 1);
      return out;
    }
    case 'array':
      return [];
    case 'tuple':
      return n.items.map((i) => exampleValue(i, depth + 1));
    case 'record':
      return {};
    case 'union':
      return n.options.length > 0 ? exampleValue(n.options[0]!, depth + 1) : null;
    case 'date':
      return FORMAT_EXAMPLES.datetime;
    default:
      return leafExample(n.schema);
  }
}

function leafExample(schema: z.ZodType): unknown {
  const def = leafDef(schema);
  switch (def.type) {
    case 'string': {
      const format = def.format ?? def.checks?.find((c) => c._zod.def.format)?._zod.def.format;
      return (format && FORMAT_EXAMPLES[format]) ?? 'text';
    }
    case 'number': {
      const isInt =
        def.format?.includes('int') || def.checks?.some((c) => c._zod.def.format?.includes('int'));
      const min = def.checks?.find((c) => c._zod.def.check === 'greater_than')?._zod.def;
      let v = min?.value !== undefined ? min.value + (min.inclusive ? 0 : 1) : 1;
      if (isInt) v = Math.ceil(v);
      return v;
    }
    case 'int':
      return 1;
    case 'boolean':
      return true;
    case 'enum':
      return def.entries ? Object.values(def.entries)[0] : undefined;
    case 'literal':
      return def.values?.[0];
    case 'null':
      return null;
    case 'bigint':
      return 1;
    default:
      return null;
  }
}

/**
 * Turns what the model sent into what the schema wants, where the intent is plain:
 * `"42"` → 42 for a number, `"true"` → true, `7` → `"7"` for a string, a case-insensitive enum
 * match. Returns `undefined` when there is no obvious fix.
 */
export function suggestFix(node: SchemaNode | undefined, received: unknown): unknown {
  if (!node) return undefined;
  const n = resolve(node);
  if (n.kind !== 'leaf') return received === undefined ? exampleValue(n) : undefined;
  const def = leafDef(n.schema);
  if (def.type === 'number' || def.type === 'int') {
    if (
      typeof received === 'string' &&
      received.trim() !== '' &&
      Number.isFinite(Number(received))
    ) {
      const num = Number(received);
      const wantsInt =
        def.type === 'int' ||
        def.format?.includes('int') ||
        def.checks?.some((c) => c._zod.def.format?.includes('int'));
      return wantsInt ? Math.round(num) : num;
    }
    if (typeof received === 'number' && !Number.isInteger(received)) return Math.round(received);
  }
  if (def.type === 'boolean' && typeof received === 'string') {
    if (/^(true|yes|1)$/i.test(received)) return true;
    if (/^(false|no|0)$/i.test(received)) return false;
  }
  if (def.type === 'string' && (typeof received === 'number' || typeof received === 'boolean')) {
    return String(received);
  }
  if (def.type === 'enum' && typeof received === 'string' && def.entries) {
    const options = Object.values(def.entries);
    return options.find((o) => typeof o === 'string' && o.toLowerCase() === received.toLowerCase());
  }
  if (received === undefined) return exampleValue(n);
  return undefined;
}
