import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import getReleasePlan from '@changesets/get-release-plan';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

describe('the pending release', () => {
  it('every changeset parses, and `changeset version` would release every public package together', async () => {
    const plan = await getReleasePlan(root);
    const files = readdirSync(join(root, '.changeset')).filter(
      (f) => f.endsWith('.md') && f !== 'README.md',
    );
    // A changeset whose front matter a formatter mangled is not read at all: count them.
    expect(plan.changesets).toHaveLength(files.length);
    const published = readdirSync(join(root, 'packages'))
      .map((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')))
      .filter((pkg) => !pkg.private)
      .map((pkg) => pkg.name as string)
      .sort();
    const released = plan.releases.filter((r) => r.type !== 'none');
    expect(released.map((r) => r.name).sort()).toEqual(published);
    // One version for the whole fixed group, and no private app in the plan.
    expect(new Set(released.map((r) => r.newVersion)).size).toBe(1);
  });
});
