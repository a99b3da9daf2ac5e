import { spawnSync } from 'node:child_process';
import type { E2BCreateOptions, E2BExecutionLike, E2BSandboxLike } from '../src/index.js';

/**
 * A local stand-in for `@e2b/code-interpreter`'s Sandbox (the real one needs E2B's service):
 * same methods, and it really runs the cells it gets, JavaScript in this process and Python with
 * a local python3 acting as the notebook kernel (last expression = result).
 */
export class LocalSandbox implements E2BSandboxLike {
  static created: LocalSandbox[] = [];
  readonly sandboxId: string;
  readonly files = {
    written: new Map<string, string>(),
    write: async (path: string, data: string) => {
      this.files.written.set(path, data);
    },
  };
  readonly cells: { code: string; options: Record<string, unknown> }[] = [];
  killed = false;
  /** Replaces the kernel (to simulate hangs or service errors). */
  behaviour: ((code: string) => Promise<E2BExecutionLike>) | undefined;

  constructor(readonly createOptions: E2BCreateOptions) {
    this.sandboxId = `local-${LocalSandbox.created.length + 1}`;
    LocalSandbox.created.push(this);
  }

  async runCode(
    code: string,
    options: { language?: string; timeoutMs?: number; envs?: Record<string, string> },
  ): Promise<E2BExecutionLike> {
    if (this.killed) throw new Error(`sandbox ${this.sandboxId} was killed`);
    this.cells.push({ code, options });
    if (this.behaviour) return this.behaviour(code);
    return options.language === 'python' ? runPython(code) : runJavaScript(code);
  }

  async kill(): Promise<boolean> {
    this.killed = true;
    return true;
  }
}

async function runJavaScript(cell: string): Promise<E2BExecutionLike> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const console = {
    log: (...a: unknown[]) => stdout.push(`${a.join(' ')}\n`),
    error: (...a: unknown[]) => stderr.push(`${a.join(' ')}\n`),
  };
  // A kernel shows the value of the cell's last expression: here, the awaited function body.
  const body = cell.replace(/\nawait \(async \(\) => \{\n/, '\nreturn await (async () => {\n');
  try {
    const AsyncFunction = (async () => {}).constructor as new (
      ...args: string[]
    ) => (...a: unknown[]) => Promise<unknown>;
    const value = await new AsyncFunction('console', body)(console);
    return {
      results:
        value === undefined
          ? []
          : [{ isMainResult: true, text: String(value), json: JSON.stringify(value) }],
      logs: { stdout, stderr },
    };
  } catch (error) {
    const e = error as Error;
    return {
      results: [],
      logs: { stdout, stderr },
      error: {
        name: e.name,
        value: e.message,
        traceback: `\u001b[31m${e.name}\u001b[0m: ${e.message}`,
      },
    };
  }
}

const KERNEL = `
import ast, contextlib, io, json, sys, traceback
tree = ast.parse(sys.stdin.read())
last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
scope, out, err, result, error = {}, io.StringIO(), io.StringIO(), None, None
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        exec(compile(tree, "<cell>", "exec"), scope)
        if last is not None:
            result = eval(compile(ast.Expression(last.value), "<cell>", "eval"), scope)
    except Exception as e:
        error = {"name": type(e).__name__, "value": str(e), "traceback": traceback.format_exc()}
main = None if result is None else {"isMainResult": True, "text": repr(result)}
if main is not None and isinstance(result, (dict, list)):
    main["json"] = result
print(json.dumps({"results": [main] if main else [], "logs": {"stdout": [out.getvalue()] if out.getvalue() else [], "stderr": [err.getvalue()] if err.getvalue() else []}, "error": error}))
`;

export const hasPython = spawnSync('python3', ['-c', 'print(1)']).status === 0;

async function runPython(cell: string): Promise<E2BExecutionLike> {
  const r = spawnSync('python3', ['-c', KERNEL], {
    input: cell,
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (r.status !== 0) throw new Error(`local python kernel failed: ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as E2BExecutionLike & {
    error: E2BExecutionLike['error'] | null;
  };
  return { ...parsed, error: parsed.error ?? undefined };
}
