/**
 * The parts of `@e2b/code-interpreter`'s `Sandbox` this provider uses. The real SDK object fits
 * them; tests pass a local stand-in through `e2bSandbox({ factory })`.
 */
export interface E2BSandboxLike {
  readonly sandboxId: string;
  runCode(
    code: string,
    options: {
      language?: string;
      timeoutMs?: number;
      envs?: Record<string, string>;
    },
  ): Promise<E2BExecutionLike>;
  files: { write(path: string, data: string): Promise<unknown> };
  kill(): Promise<unknown>;
}

export interface E2BResultLike {
  isMainResult: boolean;
  text?: string;
  json?: unknown;
}

export interface E2BExecutionLike {
  results: E2BResultLike[];
  logs: { stdout: string[]; stderr: string[] };
  error?: { name: string; value: string; traceback: string } | undefined;
}

/** What the factory is asked to create. */
export interface E2BCreateOptions {
  apiKey: string;
  /** Lifetime of the sandbox on E2B's side: it is killed after one call anyway. */
  timeoutMs: number;
  template?: string;
  allowInternetAccess?: boolean;
}

export type E2BSandboxFactory = (options: E2BCreateOptions) => Promise<E2BSandboxLike>;

/** The real factory: loads the SDK only when a sandbox is first needed. */
export const sdkFactory: E2BSandboxFactory = async (options) => {
  let sdk: {
    Sandbox: {
      create(opts: Record<string, unknown>): Promise<unknown>;
      create(template: string, opts: Record<string, unknown>): Promise<unknown>;
    };
  };
  try {
    sdk = (await import('@e2b/code-interpreter')) as unknown as typeof sdk;
  } catch (error) {
    throw Object.assign(
      new Error('@e2b/code-interpreter is not installed: npm i @e2b/code-interpreter'),
      { cause: error, sdkMissing: true },
    );
  }
  const { template, ...opts } = options;
  const created = template
    ? await sdk.Sandbox.create(template, opts)
    : await sdk.Sandbox.create(opts);
  return created as E2BSandboxLike;
};
