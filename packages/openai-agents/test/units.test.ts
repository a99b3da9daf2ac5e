import { createAirlock, z } from '@airlock/core';
import { indiaPii } from '@airlock/pii-india';
import { Agent, InputGuardrailTripwireTriggered, Runner } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents/testing';
import { describe, expect, it } from 'vitest';
import {
  airlockContextFromRunContext,
  airlockFunctionTool,
  airlockInputGuardrail,
  airlockModelInputFilter,
  airlockOutputGuardrail,
  dropStrictNulls,
  maskedFinalOutput,
} from '../src/index.js';
import { CUSTOMER } from './support/customer.js';

const runner = new Runner({ tracingDisabled: true });

describe('airlockFunctionTool', () => {
  it('advertises the strict form of the real schema', () => {
    const airlock = createAirlock();
    const t = airlockFunctionTool(
      airlock.tool({
        name: 'search',
        description: 'Search',
        input: z.object({ q: z.string(), limit: z.number().int().optional() }),
        run: () => [],
      }),
    );
    expect(t.name).toBe('search');
    expect(t.strict).toBe(true);
    expect(t.parameters).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['q', 'limit'],
      properties: {
        q: { type: 'string' },
        limit: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
      },
    });
  });

  it('still builds a tool for a schema strict mode cannot take as JSON Schema', () => {
    const airlock = createAirlock();
    const tagged = airlock.tool({
      name: 'tag',
      description: 'Tag',
      input: z.object({ tags: z.record(z.string(), z.string()) }),
      run: () => 'ok',
    });
    expect(() => airlockFunctionTool(tagged)).not.toThrow();
  });
});

describe('dropStrictNulls', () => {
  const schema = createAirlock().tool({
    name: 't',
    description: 't',
    input: z.object({
      a: z.string(),
      b: z.number().optional(),
      c: z.string().nullable(),
      nested: z.object({ d: z.boolean().optional() }).optional(),
      list: z.array(z.object({ e: z.string().optional() })).optional(),
    }),
    run: () => null,
  }).jsonSchema;

  it('drops nulls only where the argument is optional and not nullable, and keeps unknown keys', () => {
    expect(
      dropStrictNulls(schema, {
        a: null,
        b: null,
        c: null,
        nested: { d: null },
        list: [{ e: null }],
        ghost: null,
      }),
    ).toEqual({ a: null, c: null, nested: {}, list: [{}], ghost: null });
  });
});

describe('airlockContextFromRunContext', () => {
  const agent = new Agent({ name: 'billing-agent' });
  it('reads user, workspace and roles, and names the agent', () => {
    expect(
      airlockContextFromRunContext(
        { context: { user: { id: 'u1', roles: ['billing'] }, workspace: { id: 'w1' } } } as any,
        agent,
      ),
    ).toEqual({ agentId: 'billing-agent', userId: 'u1', roles: ['billing'], workspaceId: 'w1' });
  });
  it('takes an explicit airlock context as is', () => {
    expect(
      airlockContextFromRunContext({ context: { airlock: { userId: 'u2', roles: ['a'] } } } as any),
    ).toEqual({
      userId: 'u2',
      roles: ['a'],
    });
  });
  it('gives an empty context for a run without one', () => {
    expect(airlockContextFromRunContext(undefined)).toEqual({});
  });
});

describe('agent guardrails and the model input filter', () => {
  const airlock = createAirlock({ plugins: [indiaPii()] });

  it('stops the run before the model sees personal data in the input', async () => {
    const model = new ScriptedModel([[assistantMessage('never')]]);
    const agent = new Agent({
      name: 'a',
      model,
      inputGuardrails: [airlockInputGuardrail(airlock)],
    });
    const error = await runner
      .run(agent, `my aadhaar is ${CUSTOMER.aadhaar}`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputGuardrailTripwireTriggered);
    expect((error as InputGuardrailTripwireTriggered).result.output.outputInfo.findings).toEqual({
      aadhaar: 1,
    });
    expect(model.calls).toHaveLength(0);
  });

  it('trips only on the listed types', async () => {
    const model = new ScriptedModel([[assistantMessage('fine')]]);
    const agent = new Agent({
      name: 'a',
      model,
      inputGuardrails: [airlockInputGuardrail(airlock, { tripOn: 'secrets' })],
    });
    const result = await runner.run(agent, `write to ${CUSTOMER.email}`);
    expect(result.finalOutput).toBe('fine');
  });

  it('reports a masked final output in mask mode', async () => {
    const model = new ScriptedModel([[assistantMessage(`Mail ${CUSTOMER.email}`)]]);
    const agent = new Agent({
      name: 'a',
      model,
      outputGuardrails: [airlockOutputGuardrail(airlock, { action: 'mask' })],
    });
    const result = await runner.run(agent, 'mail?');
    expect(result.finalOutput).toBe(`Mail ${CUSTOMER.email}`);
    expect(maskedFinalOutput(result)).toBe('Mail [REDACTED:EMAIL]');
  });

  it('masks what every model call receives, tool outputs included, with callModelInputFilter', async () => {
    const plain = createAirlock();
    const leaky = airlockFunctionTool(
      plain.tool({
        name: 'lookup',
        description: 'Lookup',
        input: z.object({}),
        run: () => `reach ${CUSTOMER.email}`,
      }),
    );
    const model = new ScriptedModel([
      [functionCall('lookup', {}, { callId: 'c1' })],
      [assistantMessage('ok')],
    ]);
    const agent = new Agent({ name: 'a', model, tools: [leaky] });
    await runner.run(agent, `I am ${CUSTOMER.email}`, {
      callModelInputFilter: airlockModelInputFilter(airlock),
    });
    const sent = JSON.stringify(model.lastCall!.request.input);
    expect(sent).not.toContain(CUSTOMER.email);
    expect(sent.match(/\[REDACTED:EMAIL\]/g)).toHaveLength(2);
    expect(sent).toContain('"callId":"c1"');
  });
});
