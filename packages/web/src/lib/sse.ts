/**
 * @module sse
 * A server-sent-events parser over a fetch() body. EventSource cannot send an Authorization
 * header, so check progress is read with fetch and parsed here, following the WHATWG
 * event-stream rules: lines end in CRLF, LF or CR; `data:` lines of one event are joined with
 * "\n"; a blank line dispatches; lines starting with ":" are comments; `event:` names the event
 * ("message" when absent). Unlike a browser, an event still pending when the stream ends is
 * dispatched too, so a server that omits the final blank line loses nothing.
 */

export interface SseMessage {
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  private started = false;

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): SseMessage[] {
    this.buffer += text;
    if (!this.started && this.buffer.length > 0) {
      this.started = true;
      if (this.buffer.charCodeAt(0) === 0xfeff) this.buffer = this.buffer.slice(1);
    }
    const out: SseMessage[] = [];
    let pos = 0;
    for (;;) {
      let end = -1;
      for (let i = pos; i < this.buffer.length; i++) {
        const ch = this.buffer.charCodeAt(i);
        if (ch === 10 || ch === 13) {
          end = i;
          break;
        }
      }
      if (end < 0) break;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait.
      if (this.buffer.charCodeAt(end) === 13 && end === this.buffer.length - 1) break;
      const line = this.buffer.slice(pos, end);
      pos = end + (this.buffer.charCodeAt(end) === 13 && this.buffer.charCodeAt(end + 1) === 10 ? 2 : 1);
      const message = this.line(line);
      if (message) out.push(message);
    }
    this.buffer = this.buffer.slice(pos);
    return out;
  }

  /** The stream ended: completes a pending line and event. */
  end(): SseMessage[] {
    const out: SseMessage[] = [];
    if (this.buffer.length > 0) {
      const line = this.buffer.replace(/\r$/, '');
      this.buffer = '';
      const message = this.line(line);
      if (message) out.push(message);
    }
    const last = this.dispatch();
    if (last) out.push(last);
    return out;
  }

  private line(line: string): SseMessage | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    // "retry" and unknown fields are ignored.
    return undefined;
  }

  private dispatch(): SseMessage | undefined {
    const data = this.data;
    const event = this.event;
    this.data = [];
    this.event = '';
    if (data.length === 0) return undefined;
    const message: SseMessage = { event: event || 'message', data: data.join('\n') };
    if (this.id !== undefined) message.id = this.id;
    return message;
  }
}

/** Reads a response body as server-sent events. */
export async function* readSse(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const cancel = () => {
    reader.cancel().catch(() => {});
  };
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        yield* parser.push(decoder.decode());
        yield* parser.end();
        return;
      }
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    reader.releaseLock();
  }
}
