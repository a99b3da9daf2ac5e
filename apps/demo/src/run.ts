import { type Airlock, createAirlock } from '@airlock/core';
import { type RunItem, Runner } from '@openai/agents';
import type { Registry } from 'prom-client';
import { buildAgents, type DeskContext } from './agents.js';
import { type Availability, composePlugins } from './plugins.js';
import { deskPolicy } from './policy.js';
import type { CallRecorder } from './recorder.js';
import { type Scene, scenes } from './scenario.js';
import { scriptedModel } from './script.js';
import { createServices, type Services } from './services.js';
import { defineTools } from './tools.js';

/** Which model drives the agents: the offline script, or OpenAI (`OPENAI_API_KEY`). */
export type ModelChoice = { kind: 'scripted' } | { kind: 'openai'; name?: string };

export interface SceneOutcome {
  items: RunItem[];
  finalOutput?: string;
  error?: unknown;
  /** Scripted model only: false when the run ended before the script did. */
  scriptComplete: boolean;
}

export interface RunOptions {
  available: Availability;
  recorder: CallRecorder;
  registry: Registry;
  model: ModelChoice;
  onScene?(scene: Scene, index: number): void;
  onSceneEnd?(scene: Scene, outcome: SceneOutcome, services: Services): void;
}

export interface RunResult {
  /** Still open: close it when done (the console keeps it for `/healthz` until the next run). */
  airlock: Airlock;
  ok: boolean;
}

/**
 * One run of the whole ticket, on a fresh airlock (fresh limits, breakers and back office), so
 * every run tells the same story. Each scene is one `Runner.run` of the agents.
 */
export async function runScenario(options: RunOptions): Promise<RunResult> {
  const { available, recorder } = options;
  const run = ++recorder.run;
  const runId = `${process.pid}-${Date.now().toString(36)}-${run}`;
  const services = createServices();
  const plugins = await composePlugins(available, {
    registry: options.registry,
    runId,
  });
  const airlock = createAirlock({
    plugins,
    policy: deskPolicy(),
    ghostArgs: 'strict',
    output: { mask: true, strategies: { email: 'partial' } },
    audit: { sink: recorder.sink, previewChars: 4_000 },
    onTruncate: recorder.onTruncate,
    tokenCostPer1k: 0.01,
  });
  const tools = defineTools(airlock, services);

  // One tool call at a time: the transcript pairs the n-th call of a tool with its n-th record.
  // Tracing stays off: the demo sends nothing anywhere unless a real model is asked for.
  const runner = new Runner({
    tracingDisabled: true,
    toolExecution: { maxFunctionToolConcurrency: 1 },
  });
  const realAgents =
    options.model.kind === 'openai' ? buildAgents(options.model.name, tools) : undefined;
  const context: DeskContext = {
    user: { id: 'desk-7' },
    workspaceId: 'acme-support',
    conversationId: `ticket-4821-${runId}`,
  };

  let ok = true;
  const list = scenes(services);
  for (const [index, scene] of list.entries()) {
    options.onScene?.(scene, index);
    recorder.resetClaims();
    const model =
      options.model.kind === 'scripted'
        ? scriptedModel(scene.turns, `r${run}s${index + 1}`)
        : undefined;
    const agents = realAgents ?? buildAgents(model, tools);
    const outcome: SceneOutcome = { items: [], scriptComplete: true };
    try {
      const result = await runner.run(agents[scene.agent], scene.user, { context, maxTurns: 12 });
      outcome.items = result.newItems;
      if (typeof result.finalOutput === 'string') outcome.finalOutput = result.finalOutput;
    } catch (error) {
      outcome.error = error;
      ok = false;
    }
    if (model && model.remainingSteps > 0) {
      outcome.scriptComplete = false;
      ok = false;
    }
    options.onSceneEnd?.(scene, outcome, services);
    // A real model that cannot be reached fails every scene the same way: stop at the first.
    if (outcome.error !== undefined && options.model.kind === 'openai') break;
  }
  return { airlock, ok };
}
