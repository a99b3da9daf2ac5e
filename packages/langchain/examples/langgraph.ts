/**
 * Runs offline: a hand-built LangGraph graph whose tools node is `airlockToolNode`. A fake model
 * asks for a tool the caller's roles do not allow, then one they do.
 *
 *   pnpm --filter @airlock/langchain example:langgraph
 */
import { createAirlock, z } from '@airlock/core';
import { airlockToolNode } from '@airlock/langchain/langgraph';
import { AIMessage, HumanMessage, ToolMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { toolsCondition } from '@langchain/langgraph/prebuilt';

const airlock = createAirlock({ policy: { toolRoles: { refund_order: ['finance'] } } });
const tools = [
  airlock.tool({
    name: 'refund_order',
    description: 'Refund an order (finance only)',
    input: z.object({ orderId: z.string() }),
    run: ({ orderId }) => `refunded ${orderId}`,
  }),
  airlock.tool({
    name: 'order_status',
    description: 'Status of an order',
    input: z.object({ orderId: z.string() }),
    run: ({ orderId }) => `${orderId}: shipped`,
  }),
];

const toolsNode = airlockToolNode(tools);
const model = fakeModel()
  .respondWithTools([{ id: 'call_1', name: 'refund_order', args: { orderId: 'o-1' } }])
  .respondWithTools([{ id: 'call_2', name: 'order_status', args: { orderId: 'o-1' } }])
  .respond(new AIMessage('Order o-1 has shipped; a refund needs the finance team.'))
  .bindTools(toolsNode.tools as never);

const graph = new StateGraph(MessagesAnnotation)
  .addNode('agent', async (state) => ({ messages: [await model.invoke(state.messages)] }))
  .addNode('tools', toolsNode)
  .addEdge(START, 'agent')
  .addConditionalEdges('agent', toolsCondition)
  .addEdge('tools', 'agent')
  .compile();

const { messages } = await graph.invoke({ messages: [new HumanMessage('Refund o-1')] }, {
  context: { user: { id: 'u-7', roles: ['support'] } },
  configurable: { thread_id: 'thread-1' },
} as never);
for (const message of messages) {
  if (ToolMessage.isInstance(message))
    console.log(`${message.tool_call_id} (${message.status}) -> ${message.content}`);
}
console.log(`final: ${messages.at(-1)!.content}`);
