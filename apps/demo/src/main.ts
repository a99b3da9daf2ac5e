import { Registry } from 'prom-client';
import { parseArgs } from './cli.js';
import { colorEnabled, palette } from './colors.js';
import { describeAvailability, detectAvailability } from './plugins.js';
import { type CallRecord, CallRecorder } from './recorder.js';
import { type ModelChoice, runScenario } from './run.js';
import { serveConsole } from './server.js';
import { TranscriptPrinter } from './transcript.js';

/**
 * `pnpm demo`: a support agent on the OpenAI Agents SDK works a ticket, every tool call through
 * Airlock, and the transcript shows each guard firing. `pnpm demo --serve`: the same agent on a
 * loop, watched from a web console.
 */
// `pnpm demo | head` closes the pipe early: stop quietly rather than crash on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const options = parseArgs(process.argv.slice(2));
const model: ModelChoice =
  process.env.OPENAI_API_KEY && !options.offline
    ? { kind: 'openai', ...(process.env.OPENAI_MODEL ? { name: process.env.OPENAI_MODEL } : {}) }
    : { kind: 'scripted' };
const available = await detectAvailability();
const recorder = new CallRecorder();
const registry = new Registry();
const c = palette(colorEnabled());
const printer = new TranscriptPrinter(c, recorder);
const facts: [string, string][] = [
  [
    'model',
    model.kind === 'scripted'
      ? 'scripted (offline, no key; set OPENAI_API_KEY for a real model)'
      : `OpenAI ${model.name ?? "(the SDK's default model)"}`,
  ],
  ...describeAvailability(available),
];

if (options.serve) {
  await serveConsole({ options, available, recorder, registry, model, facts, palette: c });
} else {
  printer.banner(
    'Airlock demo: a support agent on the OpenAI Agents SDK, every tool call guarded',
    facts,
  );
  const records: CallRecord[] = [];
  recorder.onRecord((r) => records.push(r));
  const { airlock, ok } = await runScenario({
    available,
    recorder,
    registry,
    model,
    onScene: (scene, i) => printer.scene(scene, i),
    onSceneEnd: (scene, outcome, services) =>
      printer.sceneEnd(outcome, scene.afterward?.(services)),
  });
  await airlock.close();
  printer.summary(records);
  if (!ok && model.kind === 'openai')
    process.stdout.write(
      c.dim('(the real model failed: `pnpm demo --offline` runs the scripted one)\n'),
    );
  // The scripted model must finish its script; a real model may take other paths, but no errors.
  process.exitCode = ok ? 0 : 1;
}
