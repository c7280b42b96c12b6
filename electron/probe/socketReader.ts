/**
 * A small bounded reader for probe sockets, reusable by any step that reads framed replies off a
 * `net.Socket` or `tls.TLSSocket`:
 *
 *   const reader = new SocketReader(socket, { signal, maxBytes: 64 * 1024 });
 *   const frame = await reader.readFrame(tpktFrameLength, timeoutMs); // { ok, value } | { ok: false, error }
 *   reader.dispose(); // detach before handing the socket on (e.g. to a TLS upgrade); does not destroy it
 *
 * `frameLength` looks at the bytes buffered so far and says how long the frame at the front is (or how many
 * more bytes it needs, or that the bytes are not that kind of frame). The reader never holds more than
 * `maxBytes`, and each read has one overall timeout, so a peer that claims a huge length, drips one byte a
 * second or floods us is cut off with a named error instead of growing memory or hanging the probe.
 * Errors are values: NO_RESPONSE, INCOMPLETE (some bytes then silence or a drip), TOO_LARGE, BAD_FRAME,
 * CLOSED, RESET, SOCKET_ERROR, ABORTED. `received` keeps the first bytes seen, for telling what answered.
 */
import type { Socket } from 'node:net';
import type { PduResult } from './pdu/pduResult';

export type ReadErrorCode =
  | 'NO_RESPONSE'
  | 'INCOMPLETE'
  | 'TOO_LARGE'
  | 'BAD_FRAME'
  | 'CLOSED'
  | 'RESET'
  | 'SOCKET_ERROR'
  | 'ABORTED';

export interface ReadError {
  code: ReadErrorCode;
  message: string;
  /** the first bytes the peer sent (at most 256), for classification */
  received: Uint8Array;
}

export type ReadResult = { ok: true; value: Uint8Array } | { ok: false; error: ReadError };
export type FrameLength = (buf: Uint8Array) => PduResult<{ length: number } | { need: number }>;

const SAMPLE_BYTES = 256;

export class SocketReader {
  private buffer: Buffer = Buffer.alloc(0);
  private sample: Buffer = Buffer.alloc(0);
  private total = 0;
  private ended: { code: ReadErrorCode; message: string } | null = null;
  private waiter: (() => void) | null = null;
  private readonly maxBytes: number;

  private readonly onData = (chunk: Buffer) => {
    this.total += chunk.length;
    if (this.sample.length < SAMPLE_BYTES) {
      this.sample = Buffer.concat([this.sample, chunk.subarray(0, SAMPLE_BYTES - this.sample.length)]);
    }
    if (this.buffer.length + chunk.length > this.maxBytes) {
      this.buffer = Buffer.alloc(0);
      this.end('TOO_LARGE', `the peer sent more than ${this.maxBytes} bytes without completing a message`);
      this.socket.destroy();
      return;
    }
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    this.wake();
  };
  private readonly onEnd = () => this.end('CLOSED', 'the peer closed the connection');
  private readonly onError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNRESET') this.end('RESET', 'the peer reset the connection');
    else this.end('SOCKET_ERROR', `connection error: ${err.code ?? err.message}`);
  };
  private readonly onAbort = () => this.end('ABORTED', 'the probe was cancelled or hit its deadline');

  constructor(
    private readonly socket: Socket,
    opts: { signal: AbortSignal; maxBytes: number },
  ) {
    this.maxBytes = opts.maxBytes;
    this.signal = opts.signal;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
    if (this.signal.aborted) this.onAbort();
    else this.signal.addEventListener('abort', this.onAbort, { once: true });
  }
  private readonly signal: AbortSignal;

  /** bytes received on this socket so far */
  get bytesReceived(): number {
    return this.total;
  }

  async readFrame(frameLength: FrameLength, timeoutMs: number): Promise<ReadResult> {
    const until = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      if (this.buffer.length > 0) {
        const head = frameLength(this.buffer);
        if (!head.ok) return this.fail('BAD_FRAME', head.error.message);
        if ('length' in head.value) {
          const { length } = head.value;
          if (length > this.maxBytes) {
            return this.fail('TOO_LARGE', `the peer announced a ${length}-byte message (limit ${this.maxBytes})`);
          }
          if (this.buffer.length >= length) {
            const frame = new Uint8Array(this.buffer.subarray(0, length));
            this.buffer = this.buffer.subarray(length);
            return { ok: true, value: frame };
          }
        }
      }
      if (this.ended) return this.fail(this.ended.code, this.ended.message);
      const left = until - Date.now();
      if (left <= 0) {
        if (this.buffer.length === 0) return this.fail('NO_RESPONSE', 'the peer sent nothing before the timeout');
        return this.fail(
          'INCOMPLETE',
          `the peer sent ${this.buffer.length} bytes of a message and then nothing more before the timeout`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = null;
    }
  }

  /** Detaches from the socket (which stays open) and from the signal. Idempotent. */
  dispose(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onError);
    // a late reset after dispose must not become an uncaught exception
    if (this.socket.listenerCount('error') === 0) this.socket.on('error', () => {});
    this.wake();
  }

  private fail(code: ReadErrorCode, message: string): ReadResult {
    return { ok: false, error: { code, message, received: new Uint8Array(this.sample) } };
  }

  private end(code: ReadErrorCode, message: string): void {
    if (!this.ended) this.ended = { code, message };
    this.wake();
  }

  private wake(): void {
    this.waiter?.();
  }
}
