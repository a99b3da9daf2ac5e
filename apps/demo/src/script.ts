import {
  assistantMessage,
  functionCall,
  modelResponder,
  ScriptedModel,
  type ScriptedModelResponse,
} from '@openai/agents/testing';

/**
 * A tiny language for the scripted model. Each turn is one model response, decided from what
 * the model has seen so far (the last tool result): so when Airlock blocks a call, the scripted
 * model really reads the error and builds its next call from the fix hint in it, as a real
 * model does.
 */

/** What the model saw last: the text of the latest tool result, if any. */
export interface Seen {
  tool?: string;
  output?: string;
}

export type Turn = (seen: Seen, nextCallId: () => string) => ScriptedModelResponse;

/** Call a tool with these arguments (exactly as written: ghost arguments and wrong types too). */
export const call =
  (tool: string, args: Record<string, unknown>): Turn =>
  (_seen, id) => [functionCall(tool, args, { callId: id() })];

/** Answer in words (ends the turn); the text may depend on what was seen. */
export const say =
  (text: string | ((seen: Seen) => string)): Turn =>
  (seen) => [assistantMessage(typeof text === 'string' ? text : text(seen))];

/** Hand the conversation to another agent (the SDK's `transfer_to_<name>` tool). */
export const handOffTo =
  (agent: string): Turn =>
  (_seen, id) => [functionCall(`transfer_to_${agent}`, {}, { callId: id() })];

/**
 * Retry the tool with the corrected call Airlock suggested ("Corrected call: {...}"). If the
 * last result holds no such hint, the model gives up and says so.
 */
export const retryAsHinted =
  (tool: string): Turn =>
  (seen, id) => {
    const hinted = correctedCall(seen.output);
    if (!hinted) return [assistantMessage(`I could not work out how to fix my ${tool} call.`)];
    return [functionCall(tool, hinted, { callId: id() })];
  };

export function correctedCall(output: string | undefined): Record<string, unknown> | undefined {
  const line = output?.split('\n').find((l) => l.includes('Corrected call: '));
  if (!line) return undefined;
  try {
    const value = JSON.parse(line.slice(line.indexOf('Corrected call: ') + 16));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** "Retry after 29999 ms." → seconds, for the model's answer to the user. */
export function retryAfterSeconds(output: string | undefined): number | undefined {
  const m = /Retry after (\d+) ms/.exec(output ?? '');
  return m ? Math.ceil(Number(m[1]) / 1000) : undefined;
}

/** A `ScriptedModel` that plays these turns in order, each reading the request it answers. */
export function scriptedModel(turns: readonly Turn[], callIdPrefix: string): ScriptedModel {
  let n = 0;
  const nextCallId = () => `${callIdPrefix}_${++n}`;
  return new ScriptedModel(
    turns.map((turn) =>
      modelResponder((recorded) => turn(lastSeen(recorded.request.input), nextCallId)),
    ),
  );
}

function lastSeen(input: unknown): Seen {
  if (!Array.isArray(input)) return {};
  for (let i = input.length - 1; i >= 0; i--) {
    const item = input[i] as { type?: string; name?: string; output?: unknown };
    if (item.type === 'function_call_result') {
      return { ...(item.name ? { tool: item.name } : {}), output: outputText(item.output) };
    }
  }
  return {};
}

/** A tool result's output as text (the SDK wraps strings as `{ type: 'text', text }`). */
export function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output && typeof output === 'object' && 'text' in output)
    return String((output as { text: unknown }).text);
  return JSON.stringify(output);
}
