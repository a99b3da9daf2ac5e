import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A fenced TypeScript block found in a Markdown file. */
export interface Snippet {
  file: string;
  line: number;
  code: string;
  /** ```ts run — executed as well as compiled. */
  run: boolean;
}

const FENCE = /^```(ts|typescript)((?:[ \t]+[\w-]+)*)[ \t]*$/;

/** Every ```ts / ```typescript block of the Markdown files under `root` (not node_modules). */
export function findSnippets(root: string): Snippet[] {
  const out: Snippet[] = [];
  for (const file of markdownFiles(root)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = FENCE.exec(lines[i]!);
      if (!m) continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end]!.startsWith('```')) end++;
      out.push({
        file: relative(root, file),
        line: start,
        code: lines.slice(start, end).join('\n'),
        run: / run\b/.test(m[2] ?? ''),
      });
      i = end;
    }
  }
  return out;
}

/** Every Markdown file under `dir`, skipping dependencies, build output and changelogs. */
export function markdownFiles(dir: string): string[] {
  const skip = new Set(['node_modules', 'dist', '.turbo', '.git', '.snippets', 'CHANGELOG.md']);
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (skip.has(name) || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...markdownFiles(path));
    else if (name.endsWith('.md')) out.push(path);
  }
  return out;
}
