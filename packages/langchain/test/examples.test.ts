import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const runExample = async (file: string) =>
  (
    await run(process.execPath, [tsx, file], {
      cwd: packageDir,
      timeout: 60_000,
      env: { ...process.env, OPENAI_API_KEY: '', LANGSMITH_TRACING: 'false' },
    })
  ).stdout;

describe('examples', () => {
  it('examples/basic.ts runs offline and shows the block, the fix and the mask', async () => {
    const stdout = await runExample('examples/basic.ts');
    expect(stdout).toContain(
      "call_1 (error) -> Error GHOST_ARGUMENTS calling get_customer: Unknown argument 'include_notes'",
    );
    expect(stdout).toContain(
      'call_2 (success) -> {"id":"c-42","name":"Asha Rao","email":"[REDACTED:EMAIL]"}',
    );
    expect(stdout).toContain('final: Customer c-42 is Asha Rao.');
  });

  it('examples/langgraph.ts runs offline and shows the role check in a graph', async () => {
    const stdout = await runExample('examples/langgraph.ts');
    expect(stdout).toContain(
      "call_1 (error) -> Error ROLE_DENIED calling refund_order: The tool 'refund_order' requires one of the roles 'finance'",
    );
    expect(stdout).toContain('call_2 (success) -> o-1: shipped');
  });
});
