import { execFile } from 'node:child_process';

/** What the Node binary that runs the sandboxes supports. */
export interface NodeCapabilities {
  /** `--permission` (Node >= 22.13 / 23.5) or `--experimental-permission` (Node 20 and 21). */
  permissionFlag: '--permission' | '--experimental-permission';
  /** `--disable-warning` exists (hides the permission model's ExperimentalWarning on Node 20). */
  disableWarning: boolean;
  /** `--disable-sigusr1` exists: nobody can switch the sandbox's inspector on with a signal. */
  disableSigusr1: boolean;
  version: string;
}

const PROBE = `const f=process.allowedNodeEnvironmentFlags;console.log(JSON.stringify({permission:f.has('--permission'),experimental:f.has('--experimental-permission'),disableWarning:f.has('--disable-warning'),disableSigusr1:f.has('--disable-sigusr1'),version:process.version}))`;

function fromFlags(flags: {
  permission: boolean;
  experimental: boolean;
  disableWarning: boolean;
  disableSigusr1: boolean;
  version: string;
}): NodeCapabilities {
  if (!flags.permission && !flags.experimental) {
    throw new Error(
      `Node ${flags.version} has no permission model (needs Node >= 20): it cannot run a sandbox`,
    );
  }
  return {
    permissionFlag: flags.permission ? '--permission' : '--experimental-permission',
    disableWarning: flags.disableWarning,
    disableSigusr1: flags.disableSigusr1,
    version: flags.version,
  };
}

/**
 * Finds what `nodePath` supports: from this process when it is the same binary, otherwise by
 * asking that binary once. Never guesses from a version number, so a new Node keeps working.
 */
export async function detectCapabilities(nodePath: string): Promise<NodeCapabilities> {
  if (nodePath === process.execPath) {
    const f = process.allowedNodeEnvironmentFlags;
    return fromFlags({
      permission: f.has('--permission'),
      experimental: f.has('--experimental-permission'),
      disableWarning: f.has('--disable-warning'),
      disableSigusr1: f.has('--disable-sigusr1'),
      version: process.version,
    });
  }
  const out = await new Promise<string>((resolve, reject) => {
    execFile(nodePath, ['-e', PROBE], { env: {}, timeout: 10_000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
  return fromFlags(JSON.parse(out));
}

/** The command line of one sandbox process, locked to `dir`. */
export function sandboxArgs(
  caps: NodeCapabilities,
  dir: string,
  memoryMb: number,
  runnerSource: string,
): string[] {
  const args = [
    caps.permissionFlag,
    // Reads and writes only in the call's own directory. No --allow-child-process,
    // --allow-worker, --allow-addons or --allow-wasi: all of those stay denied.
    `--allow-fs-read=${dir}`,
    `--allow-fs-write=${dir}`,
    `--max-old-space-size=${memoryMb}`,
  ];
  if (caps.disableWarning) args.push('--disable-warning=ExperimentalWarning');
  if (caps.disableSigusr1) args.push('--disable-sigusr1');
  args.push('-e', runnerSource);
  return args;
}
