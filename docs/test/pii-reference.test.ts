import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAirlock } from '@airlock/core';
import { euPii } from '@airlock/pii-eu';
import { indiaPii } from '@airlock/pii-india';
import { usPii } from '@airlock/pii-us';
import { describe, expect, it } from 'vitest';
import {
  maskExample,
  PII_GROUPS,
  renderPiiTables,
  shippedTypes,
  withTables,
} from '../src/pii-table.js';

const pagePath = join(import.meta.dirname, '..', 'pii-reference.md');

describe('docs/pii-reference.md', () => {
  it('has one example for every type id the sanitizer and the three packs ship', () => {
    const installed = createAirlock({ plugins: [indiaPii(), euPii(), usPii()] }).sanitizer.types;
    const documented = PII_GROUPS.flatMap((g) => g.examples.map((e) => e.type));
    expect([...documented].sort()).toEqual([...installed].sort());
    expect([...documented].sort()).toEqual([...shippedTypes()].sort());
  });

  it('shows exactly what airlock.sanitizer.mask produces (regenerate with `pnpm pii-table`)', () => {
    const page = readFileSync(pagePath, 'utf8');
    expect(page).toBe(withTables(page, renderPiiTables()));
  });

  it('each example is found only as its own type, and each strategy changes it', () => {
    for (const example of PII_GROUPS.flatMap((g) => g.examples)) {
      const outputs = (['redact', 'partial', 'hash', 'tokenize'] as const).map((s) =>
        maskExample(example, s),
      );
      for (const out of outputs) expect(out, example.type).not.toBe(example.text);
      expect(outputs[0]).toContain(`[REDACTED:${example.type.toUpperCase()}]`);
    }
  });
});
