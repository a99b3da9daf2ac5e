/**
 * A tool's output as the text a model reads: text as is, anything else as JSON (a value JSON
 * cannot hold, such as a cycle, falls back to `String`). Frameworks whose tool results are text
 * (Anthropic `tool_result`, LangChain `ToolMessage`, MCP text blocks) all use this.
 */
export function formatOutputForModel(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output === undefined) return '';
  try {
    return JSON.stringify(output) ?? String(output);
  } catch {
    return String(output);
  }
}
