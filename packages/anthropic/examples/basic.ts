/**
 * Runs offline: the Anthropic client gets a `fetch` that plays the Messages API from a script.
 * The "model" sends an argument the tool does not have, reads Airlock's is_error result, fixes
 * its call, and gets a masked customer record back.
 *
 *   pnpm --filter @airlock/anthropic example
 */

import { airlockRunnableTools } from '@airlock/anthropic';
import { createAirlock, z } from '@airlock/core';
import Anthropic from '@anthropic-ai/sdk';

const airlock = createAirlock({
  policy: { toolRoles: { get_customer: ['support'] } },
});

const getCustomer = airlock.tool({
  name: 'get_customer',
  description: 'Look up a customer by id',
  input: z.object({ id: z.string() }),
  run: ({ id }) => ({ id, name: 'Asha Rao', email: 'asha.rao@example.com' }),
});

// The scripted "model": each turn answers the request the client sends.
const script = [
  [
    {
      type: 'tool_use',
      id: 'tu_1',
      name: 'get_customer',
      input: { id: 'c-42', include_notes: true },
    },
  ],
  [{ type: 'tool_use', id: 'tu_2', name: 'get_customer', input: { id: 'c-42' } }],
  [{ type: 'text', text: 'Customer c-42 is Asha Rao.' }],
];
const offlineFetch = async (
  _url: string | URL | Request,
  init?: RequestInit,
): Promise<Response> => {
  const request = JSON.parse(String(init?.body));
  for (const block of request.messages.at(-1).content) {
    if (block.type === 'tool_result')
      console.log(
        `${block.tool_use_id} (is_error: ${block.is_error ?? false}) -> ${block.content}`,
      );
  }
  const content = script.shift()!;
  const message = {
    id: 'msg',
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_sequence: null,
    stop_reason: content[0]!.type === 'tool_use' ? 'tool_use' : 'end_turn',
    usage: { input_tokens: 1, output_tokens: 1 },
  };
  return new Response(JSON.stringify(message), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
};

const client = new Anthropic({ apiKey: 'offline', fetch: offlineFetch, maxRetries: 0 });
const final = await client.beta.messages.toolRunner({
  model: 'claude-sonnet-5-5',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Who is c-42?' }],
  tools: airlockRunnableTools([getCustomer], { context: { userId: 'u-7', roles: ['support'] } }),
});
console.log(`final: ${final.content.map((b) => (b.type === 'text' ? b.text : '')).join('')}`);
