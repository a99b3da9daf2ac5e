import type { SanitizerEngine } from './engine.js';
import type { ScanFor } from './engine-types.js';
import type { Finding } from './recognizer.js';

export interface MaskedChunk {
  text: string;
  findings: Finding[];
  /** Token writes in flight (`tokenize`): await them before emitting `text`. */
  pending?: Promise<unknown>;
}

/** Raw text kept from before the emitted point, so context words there still count. */
const CONTEXT_KEEP = 64;
/** A run without whitespace longer than this is not held back whole (keys and JWTs are shorter). */
const MAX_RUN_HOLD = 16_384;
/** An unfinished PEM block is held at most this long before it is masked as it is. */
const MAX_PENDING_HOLD = 65_536;

/**
 * Masks a text stream chunk by chunk. It holds back the tail that could still be part of a
 * value: the last `engine.maxLength` characters, the whole whitespace-free run at the cut (a
 * token or key being written), any finding the cut would split, and any unfinished block
 * (a PEM key whose END line has not come yet). Finding offsets are positions in the stream.
 */
export class StreamMasker {
  private buffer = '';
  /** Already emitted raw text kept for context (never emitted again). */
  private context = '';
  /** Stream offset of `buffer[0]`. */
  private offset = 0;
  private readonly holdBack: number;

  constructor(
    private readonly engine: SanitizerEngine,
    private readonly who?: ScanFor,
  ) {
    this.holdBack = engine.maxLength;
  }

  /** Adds a chunk; returns the masked text that is now safe to emit (possibly empty). */
  push(chunk: string): MaskedChunk {
    if (typeof chunk !== 'string') throw new TypeError('StreamMasker.push: chunk must be a string');
    this.buffer += chunk;
    if (this.buffer.length <= this.holdBack) return { text: '', findings: [] };
    return this.emit(false);
  }

  /** Flushes what is held back; call once when the stream ends. */
  end(): MaskedChunk {
    return this.emit(true);
  }

  private emit(final: boolean): MaskedChunk {
    const lead = this.context.length;
    const text = this.context + this.buffer;
    const findings = this.engine.scanForStream(text, this.who).filter((f) => f.end > lead);
    let cut = text.length;
    if (!final) {
      cut = text.length - this.holdBack;
      cut = runStart(text, cut, lead);
      const pending = this.engine.pendingStart(text.slice(lead), this.who);
      if (pending >= 0 && text.length - (lead + pending) < MAX_PENDING_HOLD)
        cut = Math.min(cut, lead + pending);
      for (const f of findings) if (f.start < cut && f.end > cut) cut = Math.min(cut, f.start);
      if (cut <= lead) return { text: '', findings: [] };
    }
    let out = '';
    let last = lead;
    const emitted: Finding[] = [];
    const writes: Promise<unknown>[] = [];
    for (const f of findings) {
      if (f.end > cut) break;
      const start = Math.max(f.start, lead);
      out += text.slice(last, start) + this.engine.replace(f, this.who, writes);
      last = f.end;
      emitted.push({ ...f, start: start - lead + this.offset, end: f.end - lead + this.offset });
    }
    out += text.slice(last, cut);
    this.offset += cut - lead;
    this.buffer = text.slice(cut);
    this.context = text.slice(Math.max(0, cut - CONTEXT_KEEP), cut);
    const result: MaskedChunk = { text: out, findings: emitted };
    if (writes.length > 0) result.pending = Promise.all(writes);
    return result;
  }
}

/** Moves `cut` back to the start of the whitespace-free run it falls in (not past `floor`). */
function runStart(text: string, cut: number, floor: number): number {
  let i = cut;
  const limit = Math.max(floor, cut - MAX_RUN_HOLD);
  while (i > limit && !isSpace(text.charCodeAt(i - 1))) i--;
  return i === limit && limit > floor ? cut : i;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}
