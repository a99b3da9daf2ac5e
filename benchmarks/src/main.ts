import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChart } from './chart.js';
import type { SuiteResult } from './suite.js';
import { SUITES } from './suites/index.js';

/** `pnpm bench [--quick] [--suite name ...]`: runs suites, prints tables, writes results JSON. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const wanted = argv.flatMap((a, i) => (a === '--suite' && argv[i + 1] ? [argv[i + 1]!] : []));
  const unknown = wanted.filter((w) => !SUITES.some((s) => s.name === w));
  if (unknown.length > 0) {
    console.error(
      `unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`,
    );
    process.exit(2);
  }
  const suites = wanted.length > 0 ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
  const machine = {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    date: new Date().toISOString(),
  };
  console.log(
    `Airlock benchmarks on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}${quick ? ', quick' : ''}`,
  );
  const results: SuiteResult[] = [];
  for (const suite of suites) {
    console.log(`\n## ${suite.name}: ${suite.description}`);
    const r = await suite.run({ quick });
    console.table(r.rows);
    console.log(r.summary);
    for (const t of r.targets ?? [])
      console.log(
        `  ${t.met ? 'MET ' : 'MISS'} ${t.name}: target ${t.target}, measured ${t.measured}`,
      );
    results.push(r);
  }
  // A run of every suite is the published one (latest.*); a quick or partial run goes to quick.*.
  const name = quick || wanted.length > 0 ? 'quick' : 'latest';
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${name}.json`),
    `${JSON.stringify({ machine, quick, results }, null, 2)}\n`,
  );
  writeFileSync(join(dir, `${name}.svg`), renderChart(results, machine, quick));
  console.log(`\nresults written to ${join(dir, `${name}.json`)} and ${name}.svg`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
