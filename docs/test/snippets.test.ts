import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { findSnippets } from './snippets.js';

const exec = promisify(execFile);
const docsDir = join(import.meta.dirname, '..');
const root = join(docsDir, '..');
const outDir = join(docsDir, '.snippets');
const jsDir = join(outDir, 'js');
const bin = (name: string) => join(docsDir, 'node_modules', '.bin', name);

const snippets = findSnippets(root);
const nameOf = (i: number) => `snippet-${String(i).padStart(3, '0')}`;

/** Each block is its own module; the header says where it came from. */
function writeSnippets(): void {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  snippets.forEach((s, i) => {
    writeFileSync(
      join(outDir, `${nameOf(i)}.ts`),
      `// ${s.file}:${s.line}\nexport {};\n${s.code}\n`,
    );
  });
  writeFileSync(
    join(outDir, 'tsconfig.json'),
    JSON.stringify({
      extends: '../../tsconfig.base.json',
      compilerOptions: {
        noUnusedLocals: false,
        types: ['node'],
        rootDir: '.',
        outDir: 'js',
        declaration: false,
        lib: ['ES2023', 'DOM'],
      },
      include: ['*.ts'],
    }),
  );
}

/**
 * One `tsc` run type-checks every block and emits it as JavaScript, which the runnable blocks
 * then run on plain Node (as users run their code). Its output is the type errors, if any.
 */
let compiled: Promise<string>;

beforeAll(() => {
  writeSnippets();
  compiled = exec(bin('tsc'), ['-p', join(outDir, 'tsconfig.json')], { cwd: docsDir }).then(
    () => '',
    (e: { stdout?: string }) => e.stdout ?? String(e),
  );
});

describe('docs snippets', () => {
  it('finds the TypeScript blocks of the READMEs and docs', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(snippets.some((s) => s.file === 'README.md')).toBe(true);
  });

  it('every TypeScript block in docs and READMEs compiles against the real packages', async () => {
    // Map errors back to the Markdown file and line they came from.
    const located = (await compiled).replace(
      /(?:\.snippets\/)?snippet-(\d+)\.ts\((\d+),(\d+)\)/g,
      (_m, n, line) => {
        const s = snippets[Number(n)]!;
        return `${s.file}:${s.line + Number(line) - 3}`;
      },
    );
    expect(located).toBe('');
    expect(readdirSync(jsDir).filter((f) => f.endsWith('.js'))).toHaveLength(snippets.length);
  });
});

// Each runnable block is a separate process (its own module, stores and connections), so they
// can run side by side; they assert what they show, and a failed assertion exits non-zero.
describe.concurrent('runnable docs snippets', () => {
  for (const [i, s] of snippets.entries()) {
    if (!s.run) continue;
    it(`runs ${s.file}:${s.line}`, async () => {
      await compiled;
      const file = join(jsDir, `${nameOf(i)}.js`);
      expect(readFileSync(file, 'utf8')).toContain(`// ${s.file}:${s.line}`);
      const { stdout } = await exec(process.execPath, [file], {
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
    const published = readdirSync(join(root, 'packages'))
      .map((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')))
      .filter((pkg) => !pkg.private)
      .map((pkg) => pkg.name as string);
    const own = JSON.parse(readFileSync(join(docsDir, 'package.json'), 'utf8'));
    const deps = { ...own.dependencies, ...own.devDependencies };
    expect(published.filter((name) => !(name in deps))).toEqual([]);
  });
});
