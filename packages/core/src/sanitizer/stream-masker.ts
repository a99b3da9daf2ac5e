import type { SanitizerEngine } from './engine.js';
import type { Finding } from './recognizer.js';

export interface MaskedChunk {
  text: string;
  findings: Finding[];
}

/**
 * Masks a text stream chunk by chunk. It holds back the last `engine.maxLength` characters, and
 * never cuts through a value that is still being matched, so a value split across chunks is
 * masked whole. Finding offsets are positions in the whole stream.
 */
export class StreamMasker {
  private buffer = '';
  /** Stream offset of `buffer[0]`. */
  private offset = 0;
  private readonly holdBack: number;

  constructor(private readonly engine: SanitizerEngine) {
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
    const text = this.buffer;
    const findings = this.engine.scan(text);
    let cut = final ? text.length : text.length - this.holdBack;
    // Never cut through a value: move the cut back to the start of any finding it would split.
    for (const f of findings) if (f.start < cut && f.end > cut) cut = Math.min(cut, f.start);
    let out = '';
    let last = 0;
    const emitted: Finding[] = [];
    for (const f of findings) {
      if (f.end > cut) break;
      out += text.slice(last, f.start) + this.engine.replace(f);
      last = f.end;
      emitted.push({ ...f, start: f.start + this.offset, end: f.end + this.offset });
    }
    out += text.slice(last, cut);
    this.buffer = text.slice(cut);
    this.offset += cut;
    return { text: out, findings: emitted };
  }
}
