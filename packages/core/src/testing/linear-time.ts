import { Worker } from 'node:worker_threads';
import { SanitizerEngine } from '../sanitizer/engine.js';
import { isRegexPattern, type Recognizer } from '../sanitizer/recognizer.js';

/** One hostile input: how to build it (repeat `unit` up to `size` characters). */
export interface HostileInput {
  name: string;
  unit: string;
  /** Put before the repeated part (`-----BEGIN PRIVATE KEY-----\n` before a body that never ends). */
  prefix?: string;
  /**
   * Made of valid findings (`password: x` over and over): its cost grows with the number of
   * findings, so it is checked for linear growth rather than against the fixed budget.
   */
  dense?: boolean;
}

/** Long runs of digits, `@`, `.`, `-`, letters, base64, and the starts of every secret format. */
export const HOSTILE_INPUTS: readonly HostileInput[] = [
  { name: 'digits', unit: '1' },
  { name: 'digit groups', unit: '4111 ' },
  { name: 'dashed digits', unit: '1-' },
  { name: 'dotted digits', unit: '1.' },
  { name: 'at signs', unit: '@' },
  { name: 'a@', unit: 'a@' },
  { name: 'dots', unit: '.' },
  { name: 'a.', unit: 'a.' },
  { name: 'dashes', unit: '-' },
  { name: 'colons', unit: ':' },
  { name: 'hex colons', unit: 'a1:' },
  { name: 'lower letters', unit: 'a' },
  { name: 'upper letters', unit: 'A' },
  { name: 'camel', unit: 'aB' },
  { name: 'upper+digits', unit: 'AB12' },
  { name: 'base64', unit: 'QmFzZTY0K/+9eyJhbGciOi' },
  { name: 'jwt starts', unit: 'eyJ.' },
  { name: 'plus', unit: '+1 ' },
  { name: 'parens', unit: '(555) ' },
  { name: 'key names', unit: 'api_key=token=', dense: true },
  { name: 'passwords', unit: 'password: ', dense: true },
  { name: 'urls', unit: 'a://b:' },
  { name: 'spaces', unit: ' ' },
  {
    name: 'pem without end',
    prefix: '-----BEGIN RSA PRIVATE KEY-----\n',
    unit: 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=\n',
  },
  { name: 'pem starts', unit: '-----BEGIN PRIVATE KEY-----', dense: true },
  { name: 'emails', unit: 'a@b.co ', dense: true },
  { name: 'cards', unit: '4111 1111 1111 1111 ', dense: true },
];

export function hostileText(input: HostileInput, size: number): string {
  const prefix = input.prefix ?? '';
  const body = input.unit.repeat(Math.ceil((size - prefix.length) / input.unit.length));
  return (prefix + body).slice(0, size);
}

export interface LinearTimeResult {
  recognizer: string;
  input: string;
  /** CPU milliseconds (best of the runs) for the whole input. */
  ms: number;
  /** For dense inputs: `ms` divided by the time for a quarter of the input (4 when linear, 16 when quadratic). */
  growth?: number;
  dense?: boolean;
  /** The regexes alone did not finish in the worker within the hard limit: they backtrack. */
  timedOut?: boolean;
}

export interface LinearTimeOptions {
  /** Characters per input. Default 1 MiB. */
  size?: number;
  inputs?: readonly HostileInput[];
  /** Wall-clock limit for a recognizer's regexes in the worker before they count as hung. Default 10 s. */
  hardLimitMs?: number;
  /** Runs per input; the fastest counts (CPU time, so other load on the machine matters little). */
  runs?: number;
}

/**
 * Times each recognizer on each hostile input. Its regexes first run in a worker thread that is
 * killed after `hardLimitMs`, so a catastrophically backtracking pattern is reported as
 * `timedOut` instead of hanging the test; then the whole recognizer (regexes, code patterns,
 * validators, context) runs in this thread, and its CPU time is measured.
 */
export async function measureLinearTime(
  recognizers: readonly Recognizer[],
  options: LinearTimeOptions = {},
): Promise<LinearTimeResult[]> {
  const size = options.size ?? 1 << 20;
  const inputs = options.inputs ?? HOSTILE_INPUTS;
  const out: LinearTimeResult[] = [];
  for (const r of recognizers) {
    const regexes = r.patterns
      .filter(isRegexPattern)
      .map((p) => ({ source: p.regex.source, flags: p.regex.flags }));
    const hung = await regexesHang(regexes, inputs, size, options.hardLimitMs ?? 10_000);
    if (hung) {
      out.push({ recognizer: r.name, input: hung, ms: Number.POSITIVE_INFINITY, timedOut: true });
      continue;
    }
    const engine = new SanitizerEngine({ recognizers: [r] });
    const cpu = (text: string, runs = options.runs ?? 2): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < runs; i++) {
        const t0 = process.cpuUsage();
        engine.scan(text);
        const d = process.cpuUsage(t0);
        best = Math.min(best, (d.user + d.system) / 1000);
      }
      return best;
    };
    for (const input of inputs) {
      const text = hostileText(input, size);
      let ms = cpu(text);
      // Over budget: measure again before reporting, so a burst of load on a shared machine is
      // not taken for a slow pattern (the best CPU time of several runs counts).
      if (ms > 50) ms = Math.min(ms, cpu(text, 5));
      if (!input.dense) {
        out.push({ recognizer: r.name, input: input.name, ms });
        continue;
      }
      // Small inputs are timed with more runs: their best time is the noisy one.
      const quarter = Math.max(cpu(hostileText(input, size / 4), 5), 0.05);
      out.push({ recognizer: r.name, input: input.name, ms, dense: true, growth: ms / quarter });
    }
  }
  return out;
}

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { regexes, inputs, size } = workerData;
for (const input of inputs) {
  const prefix = input.prefix || '';
  const text = (prefix + input.unit.repeat(Math.ceil((size - prefix.length) / input.unit.length))).slice(0, size);
  parentPort.postMessage({ started: input.name });
  for (const r of regexes) {
    const re = new RegExp(r.source, r.flags.includes('g') ? r.flags : r.flags + 'g');
    let m;
    while ((m = re.exec(text)) !== null) if (m[0].length === 0) re.lastIndex++;
  }
}
parentPort.postMessage({ done: true });
`;

/** The name of the input on which the regexes did not finish in time, or `undefined`. */
function regexesHang(
  regexes: { source: string; flags: string }[],
  inputs: readonly HostileInput[],
  size: number,
  limitMs: number,
): Promise<string | undefined> {
  if (regexes.length === 0) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { regexes, inputs, size } });
    let current = inputs[0]?.name ?? '';
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve(current);
    }, limitMs);
    worker.on('message', (m: { started?: string; done?: boolean }) => {
      if (m.started) current = m.started;
      if (m.done) {
        clearTimeout(timer);
        void worker.terminate();
        resolve(undefined);
      }
    });
    worker.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
