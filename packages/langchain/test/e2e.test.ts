import type { AirlockTool } from '@airlock/core';
import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { toolsCondition } from '@langchain/langgraph/prebuilt';
import { createAgent } from 'langchain';
import { describe, expect, it } from 'vitest';
import { airlockToolNode } from '../src/langgraph/index.js';
import { airlockMiddleware } from '../src/middleware/index.js';
import { CUSTOMER } from './support/customer.js';
import { fixtures } from './support/fixtures.js';

/** One scripted model turn: the reply, chosen from the messages the model was sent. */
type Turn = (messages: BaseMessage[]) => AIMessage;
type Mode = 'createAgent + airlockMiddleware' | 'LangGraph StateGraph + airlockToolNode';

const call =
  (id: string, name: string, args: Record<string, unknown>): Turn =>
  () =>
    new AIMessage({ content: '', tool_calls: [{ id, name, args, type: 'tool_call' }] });
const say =
  (text: string): Turn =>
  () =>
    new AIMessage(text);

/** Runs a conversation with a fake tool-calling model, the way each kind of user wires tools. */
async function converse(
  mode: Mode,
  turns: Turn[],
  tools: AirlockTool[],
  context?: Record<string, unknown>,
) {
  let model = fakeModel();
  for (const turn of turns) model = model.respond((messages: BaseMessage[]) => turn(messages));
  const config = {
    ...(context ? { context } : {}),
    configurable: { thread_id: 'thread-1' },
    recursionLimit: 20,
  };
  let messages: BaseMessage[];
  if (mode === 'createAgent + airlockMiddleware') {
    const agent = createAgent({ model, tools: [], middleware: [airlockMiddleware(tools)] });
    messages = (await agent.invoke({ messages: [new HumanMessage('go')] }, config as never))
      .messages;
  } else {
    const node = airlockToolNode(tools);
    const bound = model.bindTools(node.tools as never);
    const graph = new StateGraph(MessagesAnnotation)
      .addNode('agent', async (state) => ({ messages: [await bound.invoke(state.messages)] }))
      .addNode('tools', node)
      .addEdge(START, 'agent')
      .addConditionalEdges('agent', toolsCondition)
      .addEdge('tools', 'agent')
      .compile();
    messages = (await graph.invoke({ messages: [new HumanMessage('go')] }, config as never))
      .messages;
  }
  expect(model.callCount).toBe(turns.length);
  return { model, messages };
}

/** The tool messages the model was sent in its n-th call (0-based), newest last. */
function toolMessagesSeen(model: ReturnType<typeof fakeModel>, n: number): ToolMessage[] {
  return model.calls[n]!.messages.filter((m): m is ToolMessage => ToolMessage.isInstance(m));
}
const textOf = (m: ToolMessage) =>
  typeof m.content === 'string' ? m.content : JSON.stringify(m.content);

describe.each<Mode>(['createAgent + airlockMiddleware', 'LangGraph StateGraph + airlockToolNode'])(
  '%s with a fake tool-calling model',
  (mode) => {
    it('blocks a ghost argument, tells the model its name, then runs the corrected call', async () => {
      const { tools, runs } = fixtures();
      const { model, messages } = await converse(
        mode,
        [
          call('t1', 'get_weather', { city: 'Tokyo', units: 'metric' }),
          // The "model" fixes its call from the error text alone: it drops the argument named there.
          (seen) => {
            const last = seen.filter((m) => ToolMessage.isInstance(m)).at(-1) as ToolMessage;
            const ghost = /Unknown argument '([^']+)'/.exec(textOf(last))?.[1];
            const args: Record<string, unknown> = { city: 'Tokyo', units: 'metric' };
            if (ghost) delete args[ghost];
            return call('t2', 'get_weather', args)([]);
          },
          say('Sunny in Tokyo.'),
        ],
        tools,
      );
      const [blocked] = toolMessagesSeen(model, 1);
      expect(blocked!.status).toBe('error');
      expect(blocked!.tool_call_id).toBe('t1');
      expect(textOf(blocked!)).toContain('GHOST_ARGUMENTS');
      expect(textOf(blocked!)).toContain("'units'");
      const fixed = toolMessagesSeen(model, 2).find((m) => m.tool_call_id === 't2')!;
      expect(fixed.status).toBe('success');
      expect(textOf(fixed)).toBe('Sunny in Tokyo');
      expect(runs.get_weather).toBe(1);
      expect(messages.at(-1)!.content).toBe('Sunny in Tokyo.');
    });

    it('sends the model the masked output: no email, no Aadhaar number', async () => {
      const { tools, runs } = fixtures();
      const { model } = await converse(
        mode,
        [call('t1', 'get_customer', { id: 'c-42' }), say('ok')],
        tools,
      );
      const [result] = toolMessagesSeen(model, 1);
      const text = textOf(result!);
      expect(runs.get_customer).toBe(1);
      expect(result!.status).toBe('success');
      expect(text).toContain('Asha Rao');
      expect(text).toContain('[REDACTED:EMAIL]');
      expect(text).toContain('[REDACTED:AADHAAR]');
      expect(text).not.toContain(CUSTOMER.email);
      expect(text).not.toContain(CUSTOMER.aadhaar);
    });

    it('answers a rate-limited call with a retryable error ToolMessage, and the run goes on', async () => {
      const { tools, runs } = fixtures();
      const { model, messages } = await converse(
        mode,
        [
          call('t1', 'get_quote', { symbol: 'ACME' }),
          call('t2', 'get_quote', { symbol: 'ACME' }),
          say('Waiting.'),
        ],
        tools,
      );
      expect(textOf(toolMessagesSeen(model, 1)[0]!)).toBe('ACME: 101.5');
      const limited = toolMessagesSeen(model, 2).find((m) => m.tool_call_id === 't2')!;
      expect(limited.status).toBe('error');
      expect(textOf(limited)).toContain('RATE_LIMITED');
      expect(textOf(limited)).toMatch(/Retry after \d+ ms/);
      expect(textOf(limited)).toContain('You may retry.');
      expect(limited.artifact.airlock).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect(runs.get_quote).toBe(1);
      expect(messages.at(-1)!.content).toBe('Waiting.');
    });

    it("lets the roles of the run's context decide whether a tool runs", async () => {
      for (const [roles, allowed] of [
        [['support'], false],
        [['admin'], true],
      ] as const) {
        const { tools, runs } = fixtures();
        const { model } = await converse(
          mode,
          [call('t1', 'delete_customer', { id: 'c-42' }), say('done')],
          tools,
          {
            user: { id: 'u1', roles },
          },
        );
        const [result] = toolMessagesSeen(model, 1);
        if (allowed) {
          expect(result!.status).toBe('success');
          expect(textOf(result!)).toBe('deleted c-42');
          expect(runs.delete_customer).toBe(1);
        } else {
          expect(result!.status).toBe('error');
          expect(textOf(result!)).toContain('ROLE_DENIED');
          expect(runs.delete_customer).toBe(0);
        }
      }
    });
  },
);
