import { createAirlock, z } from '@airlock/core';
import { AIMessage, type ToolMessage } from '@langchain/core/messages';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { describe, expect, it } from 'vitest';
import { airlockContextFromRuntime, airlockLangChainTool } from '../src/index.js';
import { airlockToolNode } from '../src/langgraph/index.js';
import { airlockMiddleware } from '../src/middleware/index.js';
import { fixtures } from './support/fixtures.js';

describe('airlockLangChainTool', () => {
  it('shows providers the real JSON Schema', () => {
    const { tools } = fixtures();
    const converted = convertToOpenAITool(airlockLangChainTool(tools[0]!));
    expect(converted.function.name).toBe('get_weather');
    expect(converted.function.description).toBe('Current weather in a city');
    expect(converted.function.parameters).toEqual(tools[0]!.jsonSchema);
  });

  it('returns output or error text when invoked without a tool call', async () => {
    const { tools } = fixtures();
    const lc = airlockLangChainTool(tools[0]!);
    expect(await lc.invoke({ city: 'Pune' })).toBe('Sunny in Pune');
    expect(await lc.invoke({ city: 'Pune', ghost: 1 })).toContain("Unknown argument 'ghost'");
  });

  it('fails closed when the context mapping throws', async () => {
    const airlock = createAirlock();
    let ran = 0;
    const t = airlock.tool({ name: 'x', description: 'x', input: z.object({}), run: () => ++ran });
    const lc = airlockLangChainTool(t, {
      context: () => {
        throw new Error('no session');
      },
    });
    const message = (await lc.invoke({
      id: 'c1',
      name: 'x',
      args: {},
      type: 'tool_call',
    })) as ToolMessage;
    expect(message.status).toBe('error');
    expect(String(message.content)).toContain('could not be identified');
    expect(ran).toBe(0);
  });
});

describe('airlockMiddleware', () => {
  it('registers the guarded tools with the agent', () => {
    const { tools } = fixtures();
    const middleware = airlockMiddleware(tools);
    expect((middleware.tools ?? []).map((t: { name: string }) => t.name)).toEqual(
      tools.map((t) => t.name),
    );
    expect(airlockMiddleware(tools, { registerTools: false }).tools ?? []).toHaveLength(0);
  });

  it('answers with an error ToolMessage, not a throw, when a hook fails', async () => {
    const { tools } = fixtures();
    const middleware = airlockMiddleware(tools, {
      formatError: () => {
        throw new Error('formatter bug');
      },
    });
    const request = {
      toolCall: { id: 'x1', name: 'get_weather', args: { city: 1 } },
      tool: undefined,
      state: { messages: [] },
      runtime: { context: {} },
    };
    const handler = () => Promise.reject(new Error('must not be called'));
    const message = (await middleware.wrapToolCall!(
      request as never,
      handler as never,
    )) as ToolMessage;
    expect(message.status).toBe('error');
    expect(message.tool_call_id).toBe('x1');
  });
});

describe('airlockToolNode', () => {
  it('answers every call of an AI message, blocked ones with status error', async () => {
    const { tools } = fixtures();
    const out = await airlockToolNode(tools).invoke({
      messages: [
        new AIMessage({
          content: '',
          tool_calls: [
            { id: 'a', name: 'get_weather', args: { city: 'Oslo' }, type: 'tool_call' },
            { id: 'b', name: 'get_weather', args: { city: 7 }, type: 'tool_call' },
          ],
        }),
      ],
    });
    const [ok, bad] = out.messages as ToolMessage[];
    expect([ok!.status, ok!.content]).toEqual(['success', 'Sunny in Oslo']);
    expect(bad!.status).toBe('error');
    expect(String(bad!.content)).toContain('VALIDATION_FAILED');
  });
});

describe('airlockContextFromRuntime', () => {
  it('reads the run context and uses the thread as the conversation', () => {
    expect(
      airlockContextFromRuntime({
        context: { user: { id: 'u1', roles: ['a'] }, workspaceId: 'w' },
        configurable: { thread_id: 't9' },
      }),
    ).toEqual({ userId: 'u1', roles: ['a'], workspaceId: 'w', conversationId: 't9' });
    expect(airlockContextFromRuntime({ context: { airlock: { agentId: 'x' } } })).toEqual({
      agentId: 'x',
    });
    expect(airlockContextFromRuntime(undefined)).toEqual({});
  });
});
