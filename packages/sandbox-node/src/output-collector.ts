/**
 * Keeps the first `limit` bytes of the output streams it is given (shared between stdout and
 * stderr), drops the rest, and remembers that it did. It also looks for `watch` in all of stderr,
 * so a fatal message (V8's "heap out of memory") is seen even after a flood of output.
 */
export class OutputCollector {
  private used = 0;
  private readonly kept = new Map<string, Buffer[]>();
  /** The last characters of each stream, so a match split across chunks is found. */
  private readonly tails = new Map<string, string>();
  truncated = false;
  /** Whether `watch` matched anywhere in stderr, kept or dropped. */
  matched = false;

  constructor(
    private readonly limit: number,
    private readonly watch?: RegExp,
  ) {}

  push(stream: string, chunk: Buffer): void {
    const previous = this.tails.get(stream) ?? '';
    const text = chunk.toString('latin1');
    if (this.watch && stream === 'stderr' && !this.matched)
      this.matched = this.watch.test(previous.slice(-64) + text);
    this.tails.set(stream, (previous + text).slice(-64));
    const room = this.limit - this.used;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (piece.length < chunk.length) this.truncated = true;
    this.used += piece.length;
    const list = this.kept.get(stream);
    if (list) list.push(piece);
    else this.kept.set(stream, [piece]);
  }

  text(stream: string): string {
    const text = Buffer.concat(this.kept.get(stream) ?? []).toString('utf8');
    // A cut in the middle of a multi-byte character leaves a replacement character: drop it.
    return this.truncated ? text.replace(/\uFFFD$/, '') : text;
  }
}
