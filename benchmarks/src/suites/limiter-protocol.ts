/** Messages between the `limiter` suite and its worker processes. */
export type FleetCommand =
  | {
      type: 'prepare';
      runId: number;
      limiter: 'airlock' | 'rlf';
      prefix: string;
      /** Decisions this worker makes. */
      decisions: number;
      keys: number;
      limit: number;
      concurrency: number;
    }
  | { type: 'go'; runId: number }
  | { type: 'exit' };

export type FleetReport =
  | { type: 'ready' }
  | { type: 'prepared'; runId: number }
  | { type: 'done'; runId: number; admitted: number; degraded: number }
  | { type: 'failed'; error: string };
