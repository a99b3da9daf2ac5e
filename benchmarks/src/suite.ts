/** One benchmark suite: it measures, prints a table, and returns JSON for the results file. */
export interface SuiteOptions {
  quick: boolean;
}

export interface SuiteResult {
  suite: string;
  /** One line of headline numbers, also printed. */
  summary: string;
  rows: Record<string, unknown>[];
  targets?: { name: string; target: string; measured: string; met: boolean }[];
  /** The headline comparison, drawn in the results chart. */
  chart?: Chart;
}

/** A bar chart of one suite: Airlock's bars side by side with its baselines. */
export interface Chart {
  title: string;
  unit: string;
  /** Whether a smaller value is better (latency) or a larger one (throughput). */
  better: 'lower' | 'higher';
  bars: { label: string; value: number; ours?: boolean }[];
}

export interface Suite {
  name: string;
  description: string;
  run(options: SuiteOptions): Promise<SuiteResult>;
}
