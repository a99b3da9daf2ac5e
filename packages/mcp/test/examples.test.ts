import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const runExample = async (file: string) =>
  (await run(process.execPath, [tsx, file], { cwd: packageDir, timeout: 60_000 })).stdout;

describe('examples', () => {
  it('examples/basic.ts runs offline: real schema listed, ghost blocked, output masked', async () => {
    const stdout = await runExample('examples/basic.ts');
    expect(stdout).toContain(
      'tools/list: get_customer {"type":"object","properties":{"id":{"type":"string"}},"required":["id"]',
    );
    expect(stdout).toContain(
      "call 1 (isError: true) -> Error GHOST_ARGUMENTS calling get_customer: Unknown argument 'include_notes'",
    );
    expect(stdout).toContain(
      'call 2 (isError: false) -> {"id":"c-42","name":"Asha Rao","email":"[REDACTED:EMAIL]"}',
    );
  });

  it('examples/fastmcp.ts runs offline and exits: roles and a rate limit', async () => {
    const stdout = await runExample('examples/fastmcp.ts');
    expect(stdout).toContain(
      'refund_order (isError: true) -> Error ROLE_DENIED calling refund_order',
    );
    expect(stdout).toContain('order_status (isError: false) -> o-1: shipped');
    expect(stdout).toContain(
      'order_status (isError: true) -> Error RATE_LIMITED calling order_status',
    );
  });
});
