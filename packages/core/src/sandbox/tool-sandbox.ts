import type { AirlockContext } from '../context.js';
import { AirlockConfigError, type AirlockError, airlockError } from '../errors.js';
import type {
  SandboxLanguage,
  SandboxLimits,
  SandboxProvider,
  SandboxRunRequest,
  SandboxRunResult,
} from './sandbox-provider.js';

/**
 * A tool that runs in a sandbox. Two kinds:
 *
 * - **Code tools** (no `run`): the model writes the code. The input schema has a string argument
 *   (`codeArg`, default `code`) that holds it; the other arguments reach the code as `args`. The
 *   output is `{ result, stdout, stderr }` (and `outputTruncated: true` when output was cut).
 * - **Function tools** (`run` plus `sandbox`): the tool's own `run` is sent to the sandbox as
 *   source text and runs there, never on the host. JavaScript only. What can be sent:
 *   - `run` must be self-contained: an arrow function or a `function` expression that uses only
 *     its two parameters, globals and `require('node:…')` built-ins (on a Node sandbox). Closures
 *     over outer variables, imports of the host module and other helpers do not exist there.
 *   - Its arguments arrive as JSON: `Date` becomes an ISO string, `Map`/`Set`/class instances
 *     become plain objects, `undefined` properties vanish, `BigInt` cannot be sent.
 *   - Its second parameter is a plain JSON context (`callId`, `tool`, `agentId`, `workspaceId`,
 *     `userId`, `conversationId`, `roles`): no `signal` (the sandbox's time limit stops it).
 *   - It returns JSON the same way (or a promise of it); stdout and stderr are dropped.
 *   - Bound functions, native functions, class methods written as `run() {}` and generators
 *     cannot be sent: defining such a tool fails with a clear error.
 *
 * Either way the arguments are checked by every stage before (ghosts, validation, policy, limits)
 * and the output is masked and cut after, as for any tool.
 */
export interface ToolSandboxOptions {
  /** Language of the code. Default `javascript`. */
  language?: SandboxLanguage;
  /** Code tools: the argument that holds the model's code. Default `code`. */
  codeArg?: string;
  /** The provider for this tool. Default: the airlock's (`sandbox` option, or a sandbox plugin). */
  provider?: SandboxProvider;
  /** Time, memory and output limits. The time limit defaults to the tool's `timeoutMs`. */
  limits?: SandboxLimits;
  /** Files put in the sandbox's working directory before each run. */
  files?: Record<string, string>;
  /** The code's environment variables (the host's are never passed). */
  env?: Record<string, string>;
}

/** A tool's sandbox settings, checked once when the tool is defined. */
export interface SandboxPlan {
  provider: SandboxProvider;
  language: SandboxLanguage;
  mode: 'code' | 'function';
  codeArg: string;
  /** Function tools: the code that calls the serialised `run`. */
  functionCode?: string;
  limits: SandboxLimits;
  files?: Record<string, string>;
  env?: Record<string, string>;
}

interface SandboxedDefinition {
  name: string;
  input: { shape: Record<string, unknown> };
  run?: unknown;
  sandbox?: ToolSandboxOptions;
}

/** Checks a sandboxed tool's declaration; throws `AirlockConfigError` at definition time. */
export function compileSandbox(
  def: SandboxedDefinition,
  fallback: SandboxProvider | undefined,
): SandboxPlan {
  const field = `tool '${def.name}'.sandbox`;
  const opts = def.sandbox!;
  if (opts === null || typeof opts !== 'object')
    throw new AirlockConfigError('expected { language, ... }', field);
  const provider = opts.provider ?? fallback;
  if (!provider) {
    throw new AirlockConfigError(
      'no sandbox provider: add one to plugins (nodeSandbox() from @airlock/sandbox-node, or e2bSandbox() from @airlock/sandbox-e2b), or pass sandbox.provider',
      field,
    );
  }
  const language = opts.language ?? 'javascript';
  if (language !== 'javascript' && language !== 'python')
    throw new AirlockConfigError(`language must be 'javascript' or 'python'`, field);
  if (!provider.languages.includes(language)) {
    throw new AirlockConfigError(
      `provider '${provider.name}' does not run ${language} (it runs ${provider.languages.join(', ')})`,
      field,
    );
  }
  const codeArg = opts.codeArg ?? 'code';
  const plan: SandboxPlan = {
    provider,
    language,
    mode: def.run === undefined ? 'code' : 'function',
    codeArg,
    limits: { ...opts.limits },
    ...(opts.files
      ? { files: checkFileNames(checkStrings(opts.files, `${field}.files`), `${field}.files`) }
      : {}),
    ...(opts.env ? { env: checkStrings(opts.env, `${field}.env`) } : {}),
  };
  if (plan.mode === 'code') {
    const schema = def.input.shape[codeArg] as { _zod?: { def?: { type?: string } } } | undefined;
    if (schema?._zod?.def?.type !== 'string') {
      throw new AirlockConfigError(
        `a code tool needs a required string argument '${codeArg}' in its input (or set sandbox.codeArg), or a run function to send`,
        field,
      );
    }
    return plan;
  }
  if (language !== 'javascript')
    throw new AirlockConfigError(
      'only javascript functions can be sent to a sandbox; write a code tool for python',
      field,
    );
  plan.functionCode = `return (${serializeFunction(def.run, `tool '${def.name}'.run`)})(args, context);`;
  return plan;
}

/** Source of a self-contained function, or a clear error saying why it cannot be sent. */
export function serializeFunction(fn: unknown, field: string): string {
  if (typeof fn !== 'function') throw new AirlockConfigError('must be a function', field);
  const source = Function.prototype.toString.call(fn).trim();
  if (/\{\s*\[native code\]\s*\}$/.test(source)) {
    throw new AirlockConfigError(
      'a bound or built-in function cannot be sent to a sandbox: pass a plain arrow or function expression',
      field,
    );
  }
  if (
    /^class\b/.test(source) ||
    /^(async\s+)?function\s*\*/.test(source) ||
    /^async\s*\*/.test(source)
  ) {
    throw new AirlockConfigError('classes and generators cannot be sent to a sandbox', field);
  }
  try {
    // Parses only (the body is never called): `run(args) {}` method shorthand is not an expression.
    new Function(`return (${source});`);
  } catch {
    throw new AirlockConfigError(
      'write run as an arrow function or a function expression so its source can be sent to the sandbox',
      field,
    );
  }
  return source;
}

/** File names are relative paths inside the sandbox's directory: no `/x`, no `..`. */
function checkFileNames(files: Record<string, string>, field: string): Record<string, string> {
  for (const name of Object.keys(files)) {
    if (
      name.length === 0 ||
      name.startsWith('/') ||
      /^[A-Za-z]:/.test(name) ||
      name.split(/[\\/]/).includes('..')
    ) {
      throw new AirlockConfigError(
        `'${name}' must be a relative path inside the sandbox directory`,
        field,
      );
    }
  }
  return files;
}

function checkStrings(record: Record<string, string>, field: string): Record<string, string> {
  if (record === null || typeof record !== 'object')
    throw new AirlockConfigError('expected an object of strings', field);
  for (const [k, v] of Object.entries(record)) {
    if (typeof v !== 'string') throw new AirlockConfigError(`'${k}' must be a string`, field);
  }
  return { ...record };
}

/** The request for one attempt. */
export function sandboxRequest(
  plan: SandboxPlan,
  args: unknown,
  call: { callId: string; tool: string; context: AirlockContext },
  timeoutMs: number,
  signal: AbortSignal | undefined,
): SandboxRunRequest {
  let code: string;
  let rest: unknown = args;
  if (plan.mode === 'code') {
    const { [plan.codeArg]: given, ...others } = (args ?? {}) as Record<string, unknown>;
    code = String(given ?? '');
    rest = others;
  } else {
    code = plan.functionCode!;
  }
  const { agentId, workspaceId, userId, conversationId, roles } = call.context;
  const context: Record<string, unknown> = { callId: call.callId, tool: call.tool };
  if (agentId !== undefined) context.agentId = agentId;
  if (workspaceId !== undefined) context.workspaceId = workspaceId;
  if (userId !== undefined) context.userId = userId;
  if (conversationId !== undefined) context.conversationId = conversationId;
  if (roles !== undefined) context.roles = [...roles];
  return {
    language: plan.language,
    code,
    args: rest,
    context,
    limits: { ...plan.limits, timeoutMs: plan.limits.timeoutMs ?? timeoutMs },
    ...(plan.files ? { files: plan.files } : {}),
    ...(plan.env ? { env: plan.env } : {}),
    ...(signal ? { signal } : {}),
  };
}

/** What the model sees from a successful run. */
export function sandboxOutput(plan: SandboxPlan, result: SandboxRunResult): unknown {
  if (plan.mode === 'function') return result.result;
  const out: Record<string, unknown> = {};
  if (result.result !== undefined) out.result = result.result;
  out.stdout = result.stdout;
  out.stderr = result.stderr;
  if (result.outputTruncated) out.outputTruncated = true;
  return out;
}

const STDERR_TAIL = 1_000;

/**
 * The model-facing error of code that failed. For code tools the model wrote the code, so it gets
 * the error and the end of stderr (masked by `mask`) to fix it; for function tools the details
 * are the developer's and go to the audit log only.
 */
export function sandboxFailure(
  plan: SandboxPlan,
  tool: string,
  result: SandboxRunResult,
  limits: SandboxLimits,
  idempotent: boolean,
  mask: (text: string) => string,
): AirlockError {
  const failure = result.failure ?? 'error';
  const details: Record<string, unknown> = { failure };
  if (plan.mode === 'function') {
    return airlockError(
      'SANDBOX_FAILED',
      tool,
      `'${tool}' failed while running in its sandbox (${failure}). The details were logged for the operators.`,
      {
        retryable: idempotent && failure !== 'permission',
        fixHints: idempotent
          ? ['You may retry once.']
          : ['Do not retry automatically: tell the user the action failed.'],
        details,
      },
    );
  }
  if (result.stderr) details.stderr = mask(result.stderr.slice(-STDERR_TAIL));
  if (result.error)
    details.error = { name: result.error.name, message: mask(result.error.message) };
  const { message, hint } = describeFailure(failure, result, limits, mask);
  return airlockError('SANDBOX_FAILED', tool, message, {
    retryable: true,
    fixHints: [hint],
    details,
  });
}

function describeFailure(
  failure: string,
  result: SandboxRunResult,
  limits: SandboxLimits,
  mask: (text: string) => string,
): { message: string; hint: string } {
  switch (failure) {
    case 'timeout':
      return {
        message: `The code did not finish within ${limits.timeoutMs ?? '?'} ms and was stopped.`,
        hint: 'Make the code finish sooner: avoid endless loops, process less data.',
      };
    case 'memory':
      return {
        message: `The code used more memory than allowed${limits.memoryMb ? ` (${limits.memoryMb} MB)` : ''} and was stopped.`,
        hint: 'Use less memory: process the data in smaller pieces.',
      };
    case 'permission':
      return {
        message:
          'The code tried something the sandbox forbids (writing outside its working directory, reading host files, starting processes or workers, loading native addons).',
        hint: 'Only read and write files in the current working directory, and do not start processes.',
      };
    case 'output_limit':
      return {
        message: 'The code printed more output than allowed and was stopped.',
        hint: 'Print less: summarise instead of dumping data.',
      };
    case 'result':
      return {
        message: 'The code returned a value that cannot be turned into JSON.',
        hint: 'Return plain JSON: objects, arrays, strings, numbers, booleans, null.',
      };
    case 'aborted':
      return { message: 'The run was cancelled.', hint: 'Try again later.' };
    case 'crashed':
      return {
        message: `The sandbox process died (exit ${result.exitCode ?? 'signal'}).`,
        hint: 'Simplify the code and try again.',
      };
    default: {
      const error = result.error
        ? mask(`${result.error.name}: ${result.error.message}`.slice(0, 500))
        : `exit code ${result.exitCode ?? '?'}`;
      return {
        message: `The code failed: ${error}`,
        hint: 'Fix the error in the code and call again.',
      };
    }
  }
}
