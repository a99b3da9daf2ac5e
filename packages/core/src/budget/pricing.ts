import type { AirlockContext } from '../context.js';
import { mostSpecific } from '../policy/glob.js';
import type { PricingOptions, TokenPrice } from './budget-options.js';

/** Money is kept in integer millionths of a currency unit: sums of floats drift, integers don't. */
export const MICROS = 1_000_000;

export const toMicros = (amount: number): number => Math.round(amount * MICROS);
export const fromMicros = (micros: number): number => micros / MICROS;

const defaultModelOf = (context: AirlockContext): string | undefined => {
  const model = context.metadata?.model;
  return typeof model === 'string' ? model : undefined;
};

/** Prices calls: the most specific tool glob, else the call's model, else the default. */
export class Pricing {
  private readonly tools: [string, TokenPrice][];
  private readonly modelOf: (context: AirlockContext) => string | undefined;

  constructor(private readonly options: PricingOptions = {}) {
    this.tools = Object.entries(options.tools ?? {});
    this.modelOf = options.modelOf ?? defaultModelOf;
  }

  /** True when nothing can cost money: cost budgets then need no pricing work. */
  get isFree(): boolean {
    return !this.options.default && this.tools.length === 0 && !this.options.models;
  }

  priceFor(tool: string, context: AirlockContext): TokenPrice | undefined {
    const byTool = mostSpecific(this.tools, tool);
    if (byTool) return byTool.value;
    const model = this.modelOf(context);
    if (model !== undefined) {
      const byModel = this.options.models?.[model];
      if (byModel) return byModel;
    }
    return this.options.default;
  }

  /** Cost of a call in micro-units. */
  costMicros(price: TokenPrice | undefined, inputTokens: number, outputTokens: number): number {
    if (!price) return 0;
    const amount =
      (inputTokens / 1000) * (price.inputPer1k ?? 0) +
      (outputTokens / 1000) * (price.outputPer1k ?? 0) +
      (price.perCall ?? 0);
    return toMicros(amount);
  }
}
