import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const APP = join(import.meta.dirname, '..');

/**
 * The environment of `pnpm demo` on a fresh machine: no OpenAI key (so the scripted model runs,
 * offline), no colour (the transcript is read as text). REDIS_URL is passed through: where
 * Redis answers (CI), the demo uses the Redis backend.
 */
export function demoEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.OPENAI_API_KEY;
  delete env.FORCE_COLOR;
  delete env.PORT;
  return env;
}

/** Starts `src/main.ts` the way `pnpm --filter @airlock/demo start` does (tsx), as one process. */
export function startDemo(args: string[], env = demoEnv()): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(APP, 'src', 'main.ts'), ...args], {
    cwd: APP,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the demo to its end: exit code and output. Killed (and failed) after `timeoutMs`. */
export function runDemo(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startDemo(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts `--serve` and resolves with the console's URL once it is printed. */
export function startConsole(
  args: string[],
  timeoutMs = 20_000,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = startDemo(['--serve', ...args]);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the console did not print its URL in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      output += d;
      const m = /console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d) => {
      output += d;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the console exited (${code}) before printing its URL:\n${output}`));
    });
  });
}

/** Ctrl+C, then waits for the process to finish closing (SIGKILL after `graceMs`). */
export function stop(child: ChildProcess, graceMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGINT');
  });
}
