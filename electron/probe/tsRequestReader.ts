/**
 * Reads whole TSRequests off the CredSSP TLS channel (DER framing, MS-CSSP 2.2.1), one at a time, with a
 * timeout, the probe's AbortSignal and a size bound: a peer that claims a huge length or floods us is cut
 * off with a named error. How the channel ended (closed, reset, TLS alert) is kept as evidence.
 */
import type { TLSSocket } from 'node:tls';
import type { StepError } from '../../shared/probe';
import { TSREQUEST_MAX_BYTES, tsRequestFrameLength } from './pdu/tsRequest';

export type ReadResult = { ok: true; value: Uint8Array } | { ok: false; error: StepError };

export class TsRequestReader {
  private buffer = Buffer.alloc(0);
  private ended: StepError | null = null;
  private waiter: (() => void) | null = null;
  private readonly onData = (chunk: Buffer) => {
    if (this.buffer.length + chunk.length > TSREQUEST_MAX_BYTES + 16) {
      this.finish({
        code: 'CREDSSP_TOO_LARGE',
        message: `the server sent more than ${TSREQUEST_MAX_BYTES} bytes at once`,
      });
      return;
    }
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.wake();
  };
  private readonly onEnd = () => this.finish({ code: 'CREDSSP_CLOSED', message: 'the server closed the connection' });
  private readonly onError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNRESET') this.finish({ code: 'CREDSSP_RESET', message: 'the server reset the connection' });
    else this.finish({ code: 'CREDSSP_SOCKET_ERROR', message: `connection error: ${err.code ?? err.message}` });
  };
  private readonly onAbort = () =>
    this.finish({ code: 'CREDSSP_ABORTED', message: 'the probe was cancelled or hit its deadline' });

  constructor(
    private readonly socket: TLSSocket,
    private readonly signal: AbortSignal,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
    if (signal.aborted) this.onAbort();
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The next whole TSRequest, or why there is none. */
  async next(timeoutMs: number): Promise<ReadResult> {
    const until = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      const frame = tsRequestFrameLength(this.buffer);
      if (!frame.ok) {
        const code = frame.error.code === 'BER_LENGTH_TOO_LARGE' ? 'CREDSSP_TOO_LARGE' : 'CREDSSP_NOT_TSREQUEST';
        return { ok: false, error: { code, message: `the server's reply is not a TSRequest: ${frame.error.message}` } };
      }
      if ('length' in frame.value && this.buffer.length >= frame.value.length) {
        const msg = new Uint8Array(this.buffer.subarray(0, frame.value.length));
        this.buffer = this.buffer.subarray(frame.value.length);
        return { ok: true, value: msg };
      }
      if (this.ended) return { ok: false, error: this.ended };
      const left = until - Date.now();
      if (left <= 0) {
        const got = this.buffer.length ? ` (${this.buffer.length} bytes of a partial message)` : '';
        return { ok: false, error: { code: 'CREDSSP_TIMEOUT', message: `the server did not answer in time${got}` } };
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

  dispose(): void {
    this.signal.removeEventListener('abort', this.onAbort);
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    // keep an error listener: a late reset after dispose must not become an uncaught exception
    this.socket.off('error', this.onError);
    this.socket.on('error', () => {});
    this.wake();
  }

  private finish(e: StepError): void {
    if (!this.ended) this.ended = e;
    if (e.code === 'CREDSSP_TOO_LARGE') this.buffer = Buffer.alloc(0);
    this.wake();
  }

  private wake(): void {
    this.waiter?.();
  }
}
