import type { AirlockContext, AirlockTool } from '@airlock/core';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { afterEach, describe, expect, it } from 'vitest';
import { airlockRunnableTools, airlockToolResults, anthropicTools } from '../src/index.js';
import { CUSTOMER } from './support/customer.js';
import { fixtures } from './support/fixtures.js';
import {
  lastToolResults,
  type MessagesRequest,
  startMessagesServer,
  type Turn,
  text,
  toolUse,
} from './support/messages-server.js';

const MODEL = 'claude-test';
let server: Awaited<ReturnType<typeof startMessagesServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Mode = 'tool runner' | 'messages.create loop';

/** Plays a conversation against the loopback Messages API, in one of the two ways users run tools. */
async function converse(mode: Mode, turns: Turn[], tools: AirlockTool[], context?: AirlockContext) {
  server = await startMessagesServer(turns);
  const client = new Anthropic({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0 });
  const prompt: MessageParam[] = [{ role: 'user', content: 'go' }];
  let finalText: string;
  if (mode === 'tool runner') {
    const final = await client.beta.messages.toolRunner({
      model: MODEL,
      max_tokens: 256,
      messages: prompt,
      tools: airlockRunnableTools(tools, { context }),
      max_iterations: 6,
    });
    finalText = final.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  } else {
    const messages = [...prompt];
    for (let i = 0; ; i++) {
      expect(i).toBeLessThan(6);
      const msg = await client.messages.create({
        model: MODEL,
        max_tokens: 256,
        messages,
        tools: anthropicTools(tools),
      });
      messages.push({ role: 'assistant', content: msg.content });
      if (msg.stop_reason !== 'tool_use') {
        finalText = msg.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
        break;
      }
      messages.push({ role: 'user', content: await airlockToolResults(tools, msg, { context }) });
    }
  }
  expect(server.remaining).toBe(0);
  return { requests: server.requests, finalText };
}

const resultsOf = (requests: MessagesRequest[], i: number) => lastToolResults(requests[i]!);

describe.each<Mode>(['tool runner', 'messages.create loop'])(
  'Anthropic client on a loopback Messages API (%s)',
  (mode) => {
    it('advertises the real schema of each tool', async () => {
      const { tools } = fixtures();
      const { requests } = await converse(mode, [() => [text('hi')]], tools);
      const weather = requests[0]!.tools!.find((t) => t.name === 'get_weather')!;
      expect(weather.description).toBe('Current weather in a city');
      expect(weather.input_schema).toMatchObject({
        type: 'object',
        additionalProperties: false,
        required: ['city'],
        properties: { city: { type: 'string' }, days: { type: 'integer' } },
      });
    });

    it('blocks a ghost argument, tells the model its name, then runs the corrected call', async () => {
      const { tools, runs } = fixtures();
      const { requests, finalText } = await converse(
        mode,
        [
          () => [toolUse('tu1', 'get_weather', { city: 'Tokyo', units: 'metric' })],
          // The "model" fixes its call from the error text alone: it drops the argument named there.
          (req) => {
            const [result] = lastToolResults(req);
            const ghost = /Unknown argument '([^']+)'/.exec(result?.content ?? '')?.[1];
            const input: Record<string, unknown> = { city: 'Tokyo', units: 'metric' };
            if (ghost) delete input[ghost];
            return [toolUse('tu2', 'get_weather', input)];
          },
          () => [text('Sunny in Tokyo.')],
        ],
        tools,
      );
      const [blocked] = resultsOf(requests, 1);
      expect(blocked).toMatchObject({ tool_use_id: 'tu1', is_error: true });
      expect(blocked!.content).toContain('GHOST_ARGUMENTS');
      expect(blocked!.content).toContain("'units'");
      expect(resultsOf(requests, 2)).toEqual([
        { tool_use_id: 'tu2', content: 'Sunny in Tokyo', is_error: false },
      ]);
      expect(runs.get_weather).toBe(1);
      expect(finalText).toBe('Sunny in Tokyo.');
    });

    it('sends the model the masked output: no email, no Aadhaar number', async () => {
      const { tools, runs } = fixtures();
      const { requests } = await converse(
        mode,
        [() => [toolUse('tu1', 'get_customer', { id: 'c-42' })], () => [text('ok')]],
        tools,
      );
      const [result] = resultsOf(requests, 1);
      expect(runs.get_customer).toBe(1);
      expect(result!.is_error).toBe(false);
      expect(result!.content).toContain('Asha Rao');
      expect(result!.content).toContain('[REDACTED:EMAIL]');
      expect(result!.content).toContain('[REDACTED:AADHAAR]');
      expect(result!.content).not.toContain(CUSTOMER.email);
      expect(result!.content).not.toContain(CUSTOMER.aadhaar);
    });

    it('answers a rate-limited call with a retryable is_error result, and the conversation goes on', async () => {
      const { tools, runs } = fixtures();
      const { requests, finalText } = await converse(
        mode,
        [
          () => [toolUse('tu1', 'get_quote', { symbol: 'ACME' })],
          () => [toolUse('tu2', 'get_quote', { symbol: 'ACME' })],
          () => [text('Waiting before asking again.')],
        ],
        tools,
      );
      expect(resultsOf(requests, 1)).toEqual([
        { tool_use_id: 'tu1', content: 'ACME: 101.5', is_error: false },
      ]);
      const [limited] = resultsOf(requests, 2);
      expect(limited!.is_error).toBe(true);
      expect(limited!.content).toContain('RATE_LIMITED');
      expect(limited!.content).toMatch(/Retry after \d+ ms/);
      expect(limited!.content).toContain('You may retry.');
      expect(runs.get_quote).toBe(1);
      expect(finalText).toBe('Waiting before asking again.');
    });

    it('lets the roles of the context decide whether a tool runs', async () => {
      for (const [roles, allowed] of [
        [['support'], false],
        [['admin'], true],
      ] as const) {
        const { tools, runs } = fixtures();
        const { requests } = await converse(
          mode,
          [() => [toolUse('tu1', 'delete_customer', { id: 'c-42' })], () => [text('done')]],
          tools,
          { userId: 'u1', roles },
        );
        const [result] = resultsOf(requests, 1);
        if (allowed) {
          expect(result).toEqual({ tool_use_id: 'tu1', content: 'deleted c-42', is_error: false });
          expect(runs.delete_customer).toBe(1);
        } else {
          expect(result!.is_error).toBe(true);
          expect(result!.content).toContain('ROLE_DENIED');
          expect(runs.delete_customer).toBe(0);
        }
        await server?.close();
        server = undefined;
      }
    });
  },
);

describe('airlockToolResults', () => {
  it('answers every tool_use block in order, an unknown tool included, without throwing', async () => {
    const { tools } = fixtures();
    const results = await airlockToolResults(tools, [
      { type: 'text', text: 'calling' },
      { type: 'tool_use', id: 'a', name: 'nope', input: {} },
      { type: 'tool_use', id: 'b', name: 'get_weather', input: { city: 'Pune' } },
    ] as never);
    expect(results.map((r) => r.tool_use_id)).toEqual(['a', 'b']);
    expect(results[0]).toMatchObject({ is_error: true });
    expect(results[0]!.content).toContain("no tool named 'nope'");
    expect(results[1]).toEqual({ type: 'tool_result', tool_use_id: 'b', content: 'Sunny in Pune' });
  });
});
