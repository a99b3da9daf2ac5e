/** What a conformance suite needs from an implementation under test. */
export interface StoreHarness<S> {
  store: S;
  /** Moves the store's clock forward: a fake clock advances, a real one is waited for. */
  advance(ms: number): Promise<void>;
  /** Releases the store (close connections, delete keys). */
  cleanup?(): Promise<void>;
}

export type HarnessFactory<S> = () => Promise<StoreHarness<S>> | StoreHarness<S>;
