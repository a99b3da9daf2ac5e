import { closeSync, openSync, write, writeSync } from 'node:fs';
import type { AuditRecord, AuditSink } from './audit-record.js';

export interface JsonlFileSinkOptions {
  path: string;
  /** Called when a write fails; the failure never reaches the call. */
  onError?: (error: unknown) => void;
}

/**
 * Appends one JSON line per record. Lines are batched and each batch is a single `write(2)` on
 * a file opened with O_APPEND, so several processes appending to one file never interleave or
 * lose lines. Whatever is buffered is written synchronously at process exit.
 */
export class JsonlFileSink implements AuditSink {
  private fd: number | undefined;
  private buffer: string[] = [];
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onExit = (): void => this.flushSync();

  constructor(private readonly options: JsonlFileSinkOptions) {
    if (typeof options?.path !== 'string' || options.path.length === 0) {
      throw new TypeError('JsonlFileSink: path must be a non-empty string');
    }
    process.once('exit', this.onExit);
  }

  write(record: AuditRecord): void {
    if (this.closed) return;
    let line: string;
    try {
      line = `${JSON.stringify(record)}\n`;
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    this.buffer.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        void this.drain();
      });
    }
  }

  /** Resolves when everything written so far is on disk (in the OS). */
  async flush(): Promise<void> {
    await this.drain();
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    process.removeListener('exit', this.onExit);
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  private drain(): Promise<void> {
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  private async writeBatch(): Promise<void> {
    if (this.buffer.length === 0) return;
    const data = Buffer.from(this.buffer.join(''));
    this.buffer = [];
    try {
      const fd = this.open();
      let offset = 0;
      while (offset < data.length) {
        offset += await new Promise<number>((resolve, reject) =>
          write(fd, data, offset, data.length - offset, null, (err, n) =>
            err ? reject(err) : resolve(n),
          ),
        );
      }
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private flushSync(): void {
    if (this.buffer.length === 0) return;
    try {
      const data = Buffer.from(this.buffer.join(''));
      this.buffer = [];
      const fd = this.open();
      let offset = 0;
      while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private open(): number {
    this.fd ??= openSync(this.options.path, 'a');
    return this.fd;
  }
}
