import type { AirlockContext, AirlockEvent } from '@airlock/core';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import {
  ATTR_AIRLOCK_USER_ID,
  ATTR_AIRLOCK_WORKSPACE_ID,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_CONVERSATION_ID,
} from './semconv.js';

/** Span attributes for who called. Ids are fine on spans; they never become metric labels. */
export function contextAttributes(context: AirlockContext): Attributes {
  const attrs: Attributes = {};
  if (context.agentId) attrs[ATTR_GEN_AI_AGENT_ID] = context.agentId;
  if (context.conversationId) attrs[ATTR_GEN_AI_CONVERSATION_ID] = context.conversationId;
  if (context.workspaceId) attrs[ATTR_AIRLOCK_WORKSPACE_ID] = context.workspaceId;
  if (context.userId) attrs[ATTR_AIRLOCK_USER_ID] = context.userId;
  return attrs;
}

const MAX_EVENT_ATTRIBUTES = 32;

/**
 * An Airlock event's data as span-event attributes: primitives and arrays of strings as they
 * are, one level of nested counts flattened (`airlock.types.email: 2`), anything else left out.
 */
export function eventAttributes(event: AirlockEvent): Attributes {
  const attrs: Attributes = {};
  let n = 0;
  const put = (key: string, value: AttributeValue): void => {
    if (n++ < MAX_EVENT_ATTRIBUTES) attrs[key] = value;
  };
  for (const [key, value] of Object.entries(event.data)) {
    const name = `airlock.${key}`;
    if (isPrimitive(value)) put(name, value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      put(name, value as string[]);
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) if (isPrimitive(v)) put(`${name}.${k}`, v);
    }
  }
  return attrs;
}

function isPrimitive(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
