import type { SandboxLanguage, SandboxRunResult } from '@airlock/core';
import type { E2BExecutionLike } from './e2b-types.js';

/**
 * The cell sent to the kernel. `args` and `context` are defined first, as JSON string literals
 * (valid in both JavaScript and Python source), so no value can break out of its literal.
 *
 * - Python: the code runs as a notebook cell; its last expression is the result.
 * - JavaScript: the code is the body of an async function, as on every Airlock sandbox
 *   (`return` gives the result); the cell awaits it, so its value is the cell's result.
 */
export function buildCell(
  language: SandboxLanguage,
  code: string,
  args: unknown,
  context: unknown,
): string {
  const literal = (value: unknown): string => JSON.stringify(JSON.stringify(value ?? null));
  if (language === 'python') {
    return `import json as __airlock_json\nargs = __airlock_json.loads(${literal(args)})\ncontext = __airlock_json.loads(${literal(context)})\n${code}`;
  }
  return `var args = JSON.parse(${literal(args)});\nvar context = JSON.parse(${literal(context)});\nawait (async () => {\n${code}\n})();`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
const ANSI = /\u001b\[[0-9;]*m/g;

/** Turns the kernel's answer into the sandbox contract's result, with output capped. */
export function toRunResult(
  execution: E2BExecutionLike,
  maxOutputBytes: number,
  timings: SandboxRunResult['timings'],
): SandboxRunResult {
  let room = maxOutputBytes;
  let truncated = false;
  const take = (text: string): string => {
    const bytes = Buffer.byteLength(text);
    if (bytes <= room) {
      room -= bytes;
      return text;
    }
    truncated = true;
    const cut = Buffer.from(text)
      .subarray(0, Math.max(0, room))
      .toString('utf8')
      .replace(/\uFFFD$/, '');
    room = 0;
    return cut;
  };
  const stdout = take(execution.logs.stdout.join(''));
  const error = execution.error;
  const traceback = error ? error.traceback.replace(ANSI, '') : '';
  const stderr = take(execution.logs.stderr.join('') + (traceback ? `${traceback}\n` : ''));
  const base = { stdout, stderr, ...(truncated ? { outputTruncated: true } : {}), timings };
  if (error) {
    return {
      ...base,
      ok: false,
      exitCode: 1,
      failure: 'error',
      error: { name: error.name, message: error.value.slice(0, 4000) },
    };
  }
  const main = execution.results.find((r) => r.isMainResult);
  const result = main ? (main.json !== undefined ? parseJson(main.json) : main.text) : undefined;
  return { ...base, ok: true, exitCode: 0, ...(result !== undefined ? { result } : {}) };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
