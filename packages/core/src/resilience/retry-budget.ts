/**
 * A retry budget in the style of gRPC's retry throttling (A6): a bucket of `maxTokens` tokens;
 * every failed attempt takes one, every success gives back `tokenRatio`; retries are allowed only
 * while more than half the tokens are left. When a dependency is down for everyone, retries stop
 * after a few failures instead of multiplying the load on it.
 */
export class RetryBudget {
  private tokens: number;

  constructor(
    readonly maxTokens = 10,
    readonly tokenRatio = 0.1,
  ) {
    this.tokens = maxTokens;
  }

  get available(): number {
    return this.tokens;
  }

  onFailure(): void {
    this.tokens = Math.max(0, this.tokens - 1);
  }

  onSuccess(): void {
    this.tokens = Math.min(this.maxTokens, this.tokens + this.tokenRatio);
  }

  canRetry(): boolean {
    return this.tokens > this.maxTokens / 2;
  }
}
