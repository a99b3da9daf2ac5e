import { Agent, OutputGuardrailTripwireTriggered, Runner } from '@openai/agents';
import {
  assistantMessage,
  functionCall,
  modelResponder,
  ScriptedModel,
} from '@openai/agents/testing';
import { describe, expect, it } from 'vitest';
import { airlockFunctionTools } from '../src/index.js';
import { CUSTOMER } from './support/customer.js';
import { fixtures } from './support/fixtures.js';

/** The text of every tool result the model was sent in its last request. */
function toolResults(model: ScriptedModel): { callId: string; text: string }[] {
  const input = model.lastCall?.request.input;
  if (!Array.isArray(input)) return [];
  return input
    .filter((i: any) => i.type === 'function_call_result')
    .map((i: any) => ({
      callId: i.callId,
      text: typeof i.output === 'string' ? i.output : (i.output?.text ?? JSON.stringify(i.output)),
    }));
}

const runner = new Runner({ tracingDisabled: true });

describe('OpenAI Agents Runner with a scripted model', () => {
  it('blocks a ghost argument, tells the model its name, then runs the corrected call', async () => {
    const { tools, runs } = fixtures();
    const model = new ScriptedModel([
      [functionCall('get_weather', { city: 'Tokyo', units: 'metric' }, { callId: 'c1' })],
      // The "model" fixes its call from the error text alone: it drops the argument named there.
      modelResponder(({ request }) => {
        const result = (request.input as any[]).find(
          (i) => i.type === 'function_call_result' && i.callId === 'c1',
        );
        const text: string = result.output?.text ?? result.output;
        const ghost = /Unknown argument '([^']+)'/.exec(text)?.[1];
        const args: Record<string, unknown> = { city: 'Tokyo', units: 'metric' };
        if (ghost) delete args[ghost];
        return [functionCall('get_weather', args, { callId: 'c2' })];
      }),
      [assistantMessage('It is sunny in Tokyo.')],
    ]);
    const agent = new Agent({ name: 'weather', model, tools: airlockFunctionTools(tools) });
    const result = await runner.run(agent, 'Weather in Tokyo?');

    const seen = model.calls[1]!.request.input as any[];
    const first = seen.find((i) => i.type === 'function_call_result' && i.callId === 'c1');
    expect(first.output.text ?? first.output).toContain('GHOST_ARGUMENTS');
    expect(first.output.text ?? first.output).toContain("'units'");
    expect(toolResults(model).find((r) => r.callId === 'c2')?.text).toBe('Sunny in Tokyo');
    expect(runs.get_weather).toBe(1);
    expect(result.finalOutput).toBe('It is sunny in Tokyo.');
    // The SDK records the block as a tool input guardrail rejection with the Airlock error.
    const rejected = result.toolInputGuardrailResults.filter(
      (r) => r.output.behavior.type === 'rejectContent',
    );
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.output.outputInfo.airlock.code).toBe('GHOST_ARGUMENTS');
    model.assertComplete();
  });

  it('turns a wrongly typed argument into a validation error the model can fix', async () => {
    const { tools, runs } = fixtures();
    const model = new ScriptedModel([
      [functionCall('get_weather', { city: 'Tokyo', days: 'three' }, { callId: 'c1' })],
      [assistantMessage('sorry')],
    ]);
    const agent = new Agent({ name: 'weather', model, tools: airlockFunctionTools(tools) });
    await runner.run(agent, 'Weather?');
    const [result] = toolResults(model);
    expect(result!.text).toContain('VALIDATION_FAILED');
    expect(result!.text).toContain('days');
    expect(runs.get_weather).toBe(0);
  });

  it('accepts the nulls strict mode sends for optional arguments', async () => {
    const { tools, runs } = fixtures();
    const model = new ScriptedModel([
      [functionCall('get_weather', { city: 'Pune', days: null }, { callId: 'c1' })],
      [assistantMessage('ok')],
    ]);
    await runner.run(
      new Agent({ name: 'w', model, tools: airlockFunctionTools(tools) }),
      'Weather?',
    );
    expect(toolResults(model)[0]!.text).toBe('Sunny in Pune');
    expect(runs.get_weather).toBe(1);
  });

  it('sends the model the masked output: no email, no Aadhaar number', async () => {
    const { tools, runs } = fixtures();
    const model = new ScriptedModel([
      [functionCall('get_customer', { id: 'c-42' }, { callId: 'c1' })],
      [assistantMessage('Found Asha.')],
    ]);
    await runner.run(
      new Agent({ name: 'crm', model, tools: airlockFunctionTools(tools) }),
      'Who is c-42?',
    );
    const text = toolResults(model)[0]!.text;
    expect(runs.get_customer).toBe(1);
    expect(text).toContain('Asha Rao');
    expect(text).toContain('[REDACTED:EMAIL]');
    expect(text).toContain('[REDACTED:AADHAAR]');
    expect(text).not.toContain(CUSTOMER.email);
    expect(text).not.toContain(CUSTOMER.aadhaar);
    expect(text).not.toContain(CUSTOMER.aadhaar.replace(/ /g, ''));
  });

  it('answers a rate-limited call with a retryable rejection and lets the run go on', async () => {
    const { tools, runs } = fixtures();
    const model = new ScriptedModel([
      [functionCall('get_quote', { symbol: 'ACME' }, { callId: 'c1' })],
      [functionCall('get_quote', { symbol: 'ACME' }, { callId: 'c2' })],
      [assistantMessage('The quote service asks us to wait.')],
    ]);
    const result = await runner.run(
      new Agent({ name: 'q', model, tools: airlockFunctionTools(tools) }),
      'Quote twice',
    );
    const results = toolResults(model);
    expect(results.find((r) => r.callId === 'c1')?.text).toBe('ACME: 101.5');
    const limited = results.find((r) => r.callId === 'c2')!.text;
    expect(limited).toContain('RATE_LIMITED');
    expect(limited).toMatch(/Retry after \d+ ms/);
    expect(limited).toContain('You may retry.');
    expect(runs.get_quote).toBe(1);
    expect(result.finalOutput).toBe('The quote service asks us to wait.');
    const rejection = result.toolOutputGuardrailResults.find(
      (r) => r.output.behavior.type === 'rejectContent',
    );
    expect(rejection?.output.outputInfo.airlock).toMatchObject({
      code: 'RATE_LIMITED',
      retryable: true,
    });
    expect(rejection?.output.outputInfo.airlock.retryAfterMs).toBeGreaterThan(0);
  });

  it('lets the roles in the run context decide whether a tool runs', async () => {
    for (const [roles, allowed] of [
      [['support'], false],
      [['admin'], true],
    ] as const) {
      const { tools, runs } = fixtures();
      const model = new ScriptedModel([
        [functionCall('delete_customer', { id: 'c-42' }, { callId: 'c1' })],
        [assistantMessage('done')],
      ]);
      const agent = new Agent<{ user: { id: string; roles: readonly string[] } }>({
        name: 'crm',
        model,
        tools: airlockFunctionTools(tools),
      });
      await runner.run(agent, 'Delete c-42', { context: { user: { id: 'u1', roles } } });
      const text = toolResults(model)[0]!.text;
      if (allowed) {
        expect(text).toBe('deleted c-42');
        expect(runs.delete_customer).toBe(1);
      } else {
        expect(text).toContain('ROLE_DENIED');
        expect(text).toContain("'admin'");
        expect(runs.delete_customer).toBe(0);
      }
    }
  });

  it('checks arguments before a human is asked, when pre-approval guardrails are on', async () => {
    const { tools, runs } = fixtures();
    const { airlockFunctionTool } = await import('../src/index.js');
    const guarded = airlockFunctionTool(tools[0]!, { needsApproval: true });
    const model = new ScriptedModel([
      [functionCall('get_weather', { city: 'Oslo', ghost: true }, { callId: 'c1' })],
      [assistantMessage('fixed')],
    ]);
    const approvalRunner = new Runner({
      tracingDisabled: true,
      toolExecution: { preApprovalInputGuardrails: true },
    });
    const result = await approvalRunner.run(
      new Agent({ name: 'w', model, tools: [guarded] }),
      'Weather?',
    );
    expect(result.interruptions ?? []).toHaveLength(0);
    expect(toolResults(model)[0]!.text).toContain("'ghost'");
    expect(runs.get_weather).toBe(0);
  });

  it('rejects a final answer that leaks personal data when asked to trip', async () => {
    const { airlock } = fixtures();
    const { airlockOutputGuardrail } = await import('../src/index.js');
    const model = new ScriptedModel([[assistantMessage(`Her email is ${CUSTOMER.email}`)]]);
    const agent = new Agent({
      name: 'a',
      model,
      outputGuardrails: [airlockOutputGuardrail(airlock)],
    });
    await expect(runner.run(agent, 'email?')).rejects.toBeInstanceOf(
      OutputGuardrailTripwireTriggered,
    );
  });
});
