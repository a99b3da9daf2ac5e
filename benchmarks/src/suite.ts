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
}

export interface Suite {
  name: string;
  description: string;
  run(options: SuiteOptions): Promise<SuiteResult>;
}
