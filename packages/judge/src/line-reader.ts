/**
 * @module line-reader
 * Splits a stream from a sandboxed process into lines, with a hard cap on line length:
 * a process that sends one enormous "message" is stopped, not buffered.
 */
import type { Readable } from 'node:stream';

export class LineReader {
  private chunks: Buffer[] = [];
  private size = 0;
  private lines: string[] = [];
  private waiters: ((line: string | null) => void)[] = [];
  private ended = false;
  overflowed = false;

  private readonly maxLine: number;
  private readonly onOverflow: () => void;
  private readonly stream: Readable;

  constructor(stream: Readable, maxLine: number, onOverflow: () => void) {
    this.maxLine = maxLine;
    this.onOverflow = onOverflow;
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => this.push(chunk));
    stream.on('end', () => this.finish());
    stream.on('error', () => this.finish());
  }

  private push(chunk: Buffer): void {
    if (this.overflowed) return;
    let start = 0;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, start)) {
      this.chunks.push(chunk.subarray(start, i));
      this.emit(Buffer.concat(this.chunks).toString('utf8'));
      this.chunks = [];
      this.size = 0;
      start = i + 1;
    }
    const rest = chunk.subarray(start);
    this.size += rest.length;
    this.chunks.push(rest);
    if (this.size > this.maxLine) {
      this.overflowed = true;
      this.chunks = [];
      // Read no further: the writer's next write fails (EPIPE) instead of racing on (and
      // printing "it worked") while the kill travels through the sandbox.
      this.stream.destroy();
      this.onOverflow();
      this.finish();
    }
  }

  private emit(line: string): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(line);
    else this.lines.push(line);
  }

  private finish(): void {
    this.ended = true;
    for (const w of this.waiters.splice(0)) w(null);
  }

  /** The next line, or null at end of stream. */
  next(): Promise<string | null> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** Reads a whole stream up to maxBytes (more → truncated flag). */
export function readAll(stream: Readable, maxBytes: number): Promise<{ data: Buffer; truncated: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    stream.on('data', (c: Buffer) => {
      if (size + c.length > maxBytes) {
        truncated = true;
        stream.destroy();
        return;
      }
      size += c.length;
      chunks.push(c);
    });
    const done = () => resolve({ data: Buffer.concat(chunks), truncated });
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}
