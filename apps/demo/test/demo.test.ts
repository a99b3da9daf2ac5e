import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('the demo runs offline and shows each guard firing', async () => {
  const root = join(import.meta.dirname, '..');
  const { stdout } = await run(
    join(root, 'node_modules', '.bin', 'tsx'),
    [join(root, 'src', 'main.ts')],
    { cwd: root, timeout: 60_000 },
  );
  expect(stdout).toContain('"code": "GHOST_ARGUMENTS"');
  expect(stdout).toContain('"code": "VALIDATION_FAILED"');
  expect(stdout).toContain('"code": "RATE_LIMITED"');
}, 90_000);
