#!/usr/bin/env node
// Builds every package and publishes the public ones in dependency order.
// Dry run by default: `pnpm release` shows what would be published; `pnpm release --publish`
// publishes for real (after `pnpm changeset version` has set the versions).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const publish = process.argv.includes('--publish');

/** Public workspace packages with their workspace dependencies. */
function packages() {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .map((name) => join(dir, name, 'package.json'))
    .filter((p) => existsSync(p))
    .map((p) => ({ path: join(p, '..'), json: JSON.parse(readFileSync(p, 'utf8')) }))
    .filter((p) => !p.json.private);
}

/** Dependencies before dependants; a cycle is an error, not a guess. */
export function publishOrder(pkgs) {
  const byName = new Map(pkgs.map((p) => [p.json.name, p]));
  const order = [];
  const state = new Map();
  const visit = (p, trail) => {
    if (state.get(p.json.name) === 'done') return;
    if (state.get(p.json.name) === 'visiting')
      throw new Error(`dependency cycle: ${[...trail, p.json.name].join(' -> ')}`);
    state.set(p.json.name, 'visiting');
    const deps = {
      ...p.json.dependencies,
      ...p.json.peerDependencies,
      ...p.json.optionalDependencies,
    };
    for (const dep of Object.keys(deps).sort())
      if (byName.has(dep)) visit(byName.get(dep), [...trail, p.json.name]);
    state.set(p.json.name, 'done');
    order.push(p);
  };
  for (const p of [...pkgs].sort((a, b) => a.json.name.localeCompare(b.json.name))) visit(p, []);
  return order;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const order = publishOrder(packages());
  console.log(
    `${publish ? 'Publishing' : 'Dry run: would publish'} in this order:\n${order.map((p) => `  ${p.json.name}@${p.json.version}`).join('\n')}`,
  );
  execFileSync('pnpm', ['build'], { cwd: root, stdio: 'inherit' });
  for (const p of order) {
    const args = [
      'publish',
      '--access',
      'public',
      '--no-git-checks',
      ...(publish ? [] : ['--dry-run']),
    ];
    console.log(`\n> pnpm ${args.join(' ')}  (${p.json.name})`);
    execFileSync('pnpm', args, { cwd: p.path, stdio: 'inherit' });
  }
}
