import type { AirlockTool } from '@airlock/core';
import { airlockContextFromRunContext, airlockFunctionTools } from '@airlock/openai-agents';
import { Agent, type Model } from '@openai/agents';
import type { AgentName } from './scenario.js';

/**
 * The desk's two agents on the OpenAI Agents SDK. Their roles come from who they are: the
 * support agent reads and writes to customers, the billing agent pays refunds. Both see every
 * tool (so the policy, not the tool list, is what stops a call) and support can hand a
 * conversation to billing.
 */

export const AGENT_ROLES: Record<AgentName, string[]> = {
  support: ['support'],
  billing: ['billing'],
};

const INSTRUCTIONS = [
  "You work on Acme's customer support desk. Use the tools to help with the ticket.",
  'When a tool answers with an error, read it: fix the call as it says, or tell the user what',
  'happened. Refunds are paid by the billing agent: hand the conversation to billing for them.',
  'Never put credentials into emails.',
].join(' ');

/** The run context every scene passes to `run()`: who is at the desk, and which ticket. */
export interface DeskContext {
  user: { id: string };
  workspaceId: string;
  conversationId: string;
}

export function buildAgents(
  model: Model | string | undefined,
  tools: AirlockTool[],
): Record<AgentName, Agent<DeskContext>> {
  const toolsFor = () =>
    airlockFunctionTools<DeskContext>(tools, {
      // The default bridge reads user, workspace and conversation; roles follow the agent.
      context: (runContext, agent) => ({
        ...airlockContextFromRunContext(runContext, agent),
        roles: AGENT_ROLES[agent?.name as AgentName] ?? [],
      }),
    });
  const modelOption = model === undefined ? {} : { model };
  const billing = new Agent<DeskContext>({
    name: 'billing',
    instructions: `${INSTRUCTIONS} You are the billing agent.`,
    tools: toolsFor(),
    ...modelOption,
  });
  const support = new Agent<DeskContext>({
    name: 'support',
    instructions: `${INSTRUCTIONS} You are the support agent.`,
    tools: toolsFor(),
    handoffs: [billing],
    ...modelOption,
  });
  return { support, billing };
}
