import type { AuditRecord, AuditSink, TruncationInfo } from '@airlock/core';
import { type GuardId, guardsOf } from './guards.js';

/** One guarded call as the transcript and the web console show it. */
export interface CallRecord extends AuditRecord {
  /** Order across the whole process (the console's feed key). */
  seq: number;
  /** Which demo run it belongs to (1, 2, ... in the console). */
  run: number;
  guards: GuardId[];
  /** Set when the output was cut: tokens before and after, and what that saved. */
  truncation?: { originalTokens: number; keptTokens: number; savedTokens: number };
}

type Listener = (record: CallRecord) => void;

/**
 * Collects every call Airlock makes, blocked or not, from the audit sink (one record a call,
 * with masked argument and output previews) and `onTruncate` (tokens saved). The transcript
 * takes the records of its run in order; the console streams them as they come.
 */
export class CallRecorder {
  private seq = 0;
  private readonly truncations = new Map<string, TruncationInfo>();
  private readonly unclaimed = new Map<string, CallRecord[]>();
  private readonly listeners = new Set<Listener>();
  readonly counts = new Map<GuardId | 'calls' | 'allowed', number>();
  run = 0;

  /** The sink to pass as `audit: { sink }`. */
  readonly sink: AuditSink = { write: (record) => this.record(record) };

  /** The callback to pass as `onTruncate`; it fires before the call's audit record. */
  readonly onTruncate = (info: TruncationInfo): void => {
    this.truncations.set(info.callId, info);
  };

  record(audit: AuditRecord): CallRecord {
    const info = this.truncations.get(audit.callId);
    this.truncations.delete(audit.callId);
    const record: CallRecord = {
      ...audit,
      seq: ++this.seq,
      run: this.run,
      guards: guardsOf(audit),
      ...(info
        ? {
            truncation: {
              originalTokens: info.originalTokens,
              keptTokens: info.keptTokens,
              savedTokens: info.savedTokens,
            },
          }
        : {}),
    };
    this.bump('calls');
    if (record.outcome === 'allowed') this.bump('allowed');
    for (const g of record.guards) this.bump(g);
    const queue = this.unclaimed.get(record.tool) ?? [];
    queue.push(record);
    this.unclaimed.set(record.tool, queue);
    for (const listener of this.listeners) {
      try {
        listener(record);
      } catch {
        // A broken listener (a closed browser tab) must not lose the record for the others.
      }
    }
    return record;
  }

  /**
   * The oldest record of `tool` not yet claimed. The agent makes one call at a time, and each
   * call gives exactly one record, so the n-th call of a tool is its n-th record.
   */
  claim(tool: string): CallRecord | undefined {
    return this.unclaimed.get(tool)?.shift();
  }

  /** Drops what the last run left unclaimed (a real model may do things the printer skips). */
  resetClaims(): void {
    this.unclaimed.clear();
  }

  onRecord(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  count(key: GuardId | 'calls' | 'allowed'): number {
    return this.counts.get(key) ?? 0;
  }

  private bump(key: GuardId | 'calls' | 'allowed'): void {
    this.counts.set(key, this.count(key) + 1);
  }
}
