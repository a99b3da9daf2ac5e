/**
 * Runs offline: a scripted model stands in for OpenAI. It sends a call with an argument the
 * tool does not have, reads Airlock's error, fixes the call, and gets a masked customer record.
 *
 *   pnpm --filter @airlock/openai-agents example
 */
import { createAirlock, z } from '@airlock/core';
import { airlockFunctionTools } from '@airlock/openai-agents';
import { Agent, Runner } from '@openai/agents';
import { assistantMessage, functionCall, ScriptedModel } from '@openai/agents/testing';

const airlock = createAirlock({
  policy: { toolRoles: { get_customer: ['support'] } },
});

const getCustomer = airlock.tool({
  name: 'get_customer',
  description: 'Look up a customer by id',
  input: z.object({ id: z.string() }),
  run: ({ id }) => ({ id, name: 'Asha Rao', email: 'asha.rao@example.com' }),
});

const model = new ScriptedModel([
  [functionCall('get_customer', { id: 'c-42', include_notes: true }, { callId: 'call_1' })],
  [functionCall('get_customer', { id: 'c-42' }, { callId: 'call_2' })],
  [assistantMessage('Customer c-42 is Asha Rao.')],
]);

const agent = new Agent({ name: 'support', model, tools: airlockFunctionTools([getCustomer]) });
const result = await new Runner({ tracingDisabled: true }).run(agent, 'Who is c-42?', {
  context: { user: { id: 'u-7', roles: ['support'] } },
});

for (const item of model.lastCall!.request.input as any[]) {
  if (item.type === 'function_call_result') {
    console.log(`${item.callId} -> ${item.output?.text ?? item.output}`);
  }
}
console.log(`final: ${result.finalOutput}`);
