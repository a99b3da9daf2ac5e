import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..', '..', '..');
const fixtures = join(import.meta.dirname, '..', 'fixtures');
const PACKAGES = ['core', 'pii-india', 'openai-agents'] as const;

interface Packed {
  name: string;
  filename: string;
  files: { path: string }[];
}

const work = mkdtempSync(join(tmpdir(), 'airlock-pack-'));
const project = join(work, 'project');
const packed = new Map<string, Packed>();

beforeAll(async () => {
  for (const dir of PACKAGES) {
    const { stdout } = await exec('pnpm', ['pack', '--pack-destination', work, '--json'], {
      cwd: join(root, 'packages', dir),
    });
    const info = JSON.parse(stdout) as Packed;
    packed.set(dir, info);
  }
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'user-app', private: true, type: 'module' }),
  );
  // Plain npm, outside the workspace: only the tarballs and public registry packages.
  await exec(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...[...packed.values()].map((p) => p.filename),
      'zod@4.6.7',
      '@openai/agents@0.20.0',
      'typescript@5.9.3',
      '@types/node@20',
    ],
    { cwd: project, timeout: 240_000 },
  );
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packages publish and install on their own', () => {
  it('each tarball holds only dist, types, README, LICENSE and package.json', () => {
    for (const [dir, info] of packed) {
      const paths = info.files.map((f) => f.path);
      const stray = paths.filter(
        (p) => !/^(dist\/.+\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/.test(p),
      );
      expect(stray, dir).toEqual([]);
      expect(paths).toContain('README.md');
      expect(paths).toContain('LICENSE');
      expect(paths.some((p) => p === 'dist/index.d.ts')).toBe(true);
    }
  });

  it('declares its peer dependencies with real version ranges', async () => {
    const { readFileSync } = await import('node:fs');
    const manifest = (name: string) =>
      JSON.parse(
        readFileSync(join(project, 'node_modules', '@airlock', name, 'package.json'), 'utf8'),
      );
    expect(manifest('core').peerDependencies).toMatchObject({ zod: '^4.2.0' });
    expect(manifest('pii-india').peerDependencies).toHaveProperty('@airlock/core');
    expect(manifest('openai-agents').peerDependencies).toHaveProperty('@openai/agents');
    for (const name of ['core', 'pii-india', 'openai-agents']) {
      expect(JSON.stringify(manifest(name)), name).not.toContain('workspace:');
    }
  });

  it('runs a guarded call from plain ESM', async () => {
    copyFileSync(join(fixtures, 'app.mjs'), join(project, 'app.mjs'));
    const { stdout } = await exec('node', ['app.mjs'], { cwd: project, timeout: 60_000 });
    const out = JSON.parse(stdout);
    expect(out.ok.ok).toBe(true);
    expect(JSON.stringify(out.ok.output)).not.toContain('2345 6789 0124');
    expect(JSON.stringify(out.ok.output)).not.toContain('asha.rao@example.com');
    expect(out.ghost).toBe('GHOST_ARGUMENTS');
    expect(out.functionTool).toBe('get_customer');
  });

  it('type-checks and runs the same call from TypeScript', async () => {
    copyFileSync(join(fixtures, 'app.ts'), join(project, 'app.ts'));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'build',
          skipLibCheck: false,
          types: ['node'],
        },
        files: ['app.ts'],
      }),
    );
    await exec(join(project, 'node_modules', '.bin', 'tsc'), ['-p', '.'], {
      cwd: project,
      timeout: 120_000,
    }).catch((e: { stdout?: string }) => {
      throw new Error(`tsc failed:\n${e.stdout}`);
    });
    const { stdout } = await exec('node', ['build/app.js'], { cwd: project, timeout: 60_000 });
    expect(JSON.parse(stdout).ghost).toBe('GHOST_ARGUMENTS');
  });
});
