import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

describe('examples', () => {
  it('examples/basic.ts runs offline and shows the block, the fix and the mask', async () => {
    const { stdout } = await run(process.execPath, [tsx, 'examples/basic.ts'], {
      cwd: packageDir,
      timeout: 60_000,
      env: { ...process.env, OPENAI_API_KEY: '', OPENAI_AGENTS_DISABLE_TRACING: '1' },
    });
    expect(stdout).toContain(
      "call_1 -> Error GHOST_ARGUMENTS calling get_customer: Unknown argument 'include_notes'",
    );
    expect(stdout).toContain(
      'call_2 -> {"id":"c-42","name":"Asha Rao","email":"[REDACTED:EMAIL]"}',
    );
    expect(stdout).toContain('final: Customer c-42 is Asha Rao.');
  });
});
