/** Messages between the exactness harness (parent) and its worker processes. */
export type WorkerCommand =
  | {
      type: 'prepare';
      runId: number;
      /** `redis`: the backend under test; the others are deliberately broken controls. */
      limiter: 'redis' | 'racy' | 'client-clock';
      /** `tool`: airlock tool.call through the limit; `increment`: StateStore.increment with max. */
      mode: 'tool' | 'increment';
      prefix: string;
      rate: string;
      max: number;
      calls: number;
      concurrency: number;
      skewMs: number;
    }
  | { type: 'go'; runId: number }
  | { type: 'exit' };

export type WorkerReport =
  | { type: 'ready' }
  | { type: 'prepared'; runId: number }
  | {
      type: 'done';
      runId: number;
      admitted: number;
      denied: number;
      errors: string[];
      slowestMs: number;
    }
  | { type: 'failed'; runId: number; error: string };
