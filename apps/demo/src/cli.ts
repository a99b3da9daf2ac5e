/** Command-line options of the demo. */
export interface CliOptions {
  serve: boolean;
  /** `--port N`, else `PORT`, else 0 (an ephemeral port). */
  port: number;
  /** `--offline`: the scripted model even when OPENAI_API_KEY is set. */
  offline: boolean;
  /** `--interval MS`: pause between runs in the console. */
  intervalMs: number;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const options: CliOptions = {
    serve: false,
    port: env.PORT ? toPort(env.PORT, 'PORT') : 0,
    offline: false,
    intervalMs: 4_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--') continue;
    else if (arg === '--serve') options.serve = true;
    else if (arg === '--offline') options.offline = true;
    else if (arg === '--port') options.port = toPort(value(), '--port');
    else if (arg?.startsWith('--port=')) options.port = toPort(arg.slice(7), '--port');
    else if (arg === '--interval') options.intervalMs = toMs(value());
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        'pnpm demo [--serve [--port N] [--interval MS]] [--offline]\n' +
          '  (no option)  run the support ticket once and print the transcript\n' +
          '  --serve      web console on localhost (port from --port, PORT, or any free one)\n' +
          '  --offline    the scripted model even when OPENAI_API_KEY is set\n',
      );
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (try --help)`);
  }
  return options;
}

function toPort(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`${name} must be a port number, got ${text}`);
  return n;
}

function toMs(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--interval must be milliseconds, got ${text}`);
  return n;
}
