/** Counts tokens of a text. Plug a real tokenizer (tiktoken, @anthropic-ai/tokenizer) here. */
export type TokenCounter = (text: string) => number;

/**
 * The default estimator: about 4 characters per token for English prose and JSON, which is what
 * OpenAI and Anthropic tokenizers average. Fast (no allocation) and never zero for non-empty text.
 */
export const estimateTokens: TokenCounter = (text) =>
  text.length === 0 ? 0 : Math.ceil(text.length / 4);
