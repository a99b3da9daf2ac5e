/**
 * Runs offline: a fake tool-calling model drives a `createAgent` agent guarded by Airlock's
 * middleware. It sends an argument the tool does not have, reads the error ToolMessage, fixes
 * its call, and gets a masked customer record back.
 *
 *   pnpm --filter @airlock/langchain example
 */
import { createAirlock, z } from '@airlock/core';
import { airlockMiddleware } from '@airlock/langchain/middleware';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { createAgent } from 'langchain';

const airlock = createAirlock({
  policy: { toolRoles: { get_customer: ['support'] } },
});

const getCustomer = airlock.tool({
  name: 'get_customer',
  description: 'Look up a customer by id',
  input: z.object({ id: z.string() }),
  run: ({ id }) => ({ id, name: 'Asha Rao', email: 'asha.rao@example.com' }),
});

const model = fakeModel()
  .respondWithTools([
    { id: 'call_1', name: 'get_customer', args: { id: 'c-42', include_notes: true } },
  ])
  .respondWithTools([{ id: 'call_2', name: 'get_customer', args: { id: 'c-42' } }])
  .respond(new AIMessage('Customer c-42 is Asha Rao.'));

const agent = createAgent({ model, tools: [], middleware: [airlockMiddleware([getCustomer])] });
const { messages } = await agent.invoke(
  { messages: [{ role: 'user', content: 'Who is c-42?' }] },
  { context: { user: { id: 'u-7', roles: ['support'] } } },
);

for (const message of messages) {
  if (ToolMessage.isInstance(message))
    console.log(`${message.tool_call_id} (${message.status}) -> ${message.content}`);
}
console.log(`final: ${messages.at(-1)!.content}`);
