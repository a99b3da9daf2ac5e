import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findSnippets } from './snippets.js';

const exec = promisify(execFile);
const docsDir = join(import.meta.dirname, '..');
const root = join(docsDir, '..');
const outDir = join(docsDir, '.snippets');
const bin = (name: string) => join(docsDir, 'node_modules', '.bin', name);

const snippets = findSnippets(root);
const fileOf = (i: number) => join(outDir, `snippet-${String(i).padStart(3, '0')}.ts`);

describe('docs snippets', () => {
  it('finds the TypeScript blocks of the READMEs and docs', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(snippets.some((s) => s.file === 'README.md')).toBe(true);
  });

  it('every TypeScript block in docs and READMEs compiles against the real packages', async () => {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    snippets.forEach((s, i) => {
      // Each block is its own module; the header says where it came from.
      writeFileSync(fileOf(i), `// ${s.file}:${s.line}\nexport {};\n${s.code}\n`);
    });
    writeFileSync(
      join(outDir, 'tsconfig.json'),
      JSON.stringify({
        extends: '../../tsconfig.base.json',
        compilerOptions: {
          noEmit: true,
          noUnusedLocals: false,
          types: ['node'],
          rootDir: '.',
          lib: ['ES2023', 'DOM'],
        },
        include: ['*.ts'],
      }),
    );
    const result = await exec(bin('tsc'), ['-p', join(outDir, 'tsconfig.json')], {
      cwd: docsDir,
    }).then(
      () => '',
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    // Map errors back to the Markdown file and line they came from.
    const located = result.replace(
      /(?:\.snippets\/)?snippet-(\d+)\.ts\((\d+),(\d+)\)/g,
      (_m, n, line) => {
        const s = snippets[Number(n)]!;
        return `${s.file}:${s.line + Number(line) - 3}`;
      },
    );
    expect(located).toBe('');
  });

  for (const [i, s] of snippets.entries()) {
    if (!s.run) continue;
    it(`runs ${s.file}:${s.line}`, async () => {
      const { stdout } = await exec(bin('tsx'), [fileOf(i)], {
        cwd: docsDir,
        timeout: 60_000,
        env: { ...process.env, AIRLOCK_DOCS_TEST: '1' },
      });
      expect(typeof stdout).toBe('string');
    });
  }
});

describe('docs package', () => {
  it('depends on every published package, so every README snippet can be compiled', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const own = JSON.parse(readFileSync(join(docsDir, 'package.json'), 'utf8'));
    const deps = { ...own.dependencies, ...own.devDependencies };
    const published = readdirSync(join(root, 'packages'))
      .map((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')))
      .filter((pkg) => !pkg.private)
      .map((pkg) => pkg.name as string);
    expect(published.filter((name) => !(name in deps))).toEqual([]);
  });
});
