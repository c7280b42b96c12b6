/**
 * One TCP connect with a timeout and the probe's AbortSignal, telling apart the ways it fails:
 * refused (RST to our SYN: nothing listens), timeout (no answer: a firewall dropping packets),
 * unreachable (no route / host down), reset, aborted. Errors are values; the socket is destroyed on failure.
 */
import net from 'node:net';
import { acquireSlot } from './connectionGate';
import { type ConnectionTrace, recordConnect } from './connectionLog';

export type TcpErrorCode = 'refused' | 'timeout' | 'unreachable' | 'reset' | 'aborted' | 'error';

export type TcpConnectResult =
  | { ok: true; socket: net.Socket; ms: number }
  | { ok: false; code: TcpErrorCode; message: string; ms: number };

export function tcpErrorCode(err: NodeJS.ErrnoException): TcpErrorCode {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
      return 'unreachable';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'reset';
    default:
      return 'error';
  }
}

const SENTENCES: Record<TcpErrorCode, string> = {
  refused: 'connection refused: nothing is listening on that port, or a firewall rejects it',
  timeout: 'no answer to the connection attempt: a firewall is probably dropping it, or the host is off',
  unreachable: 'the network says the host cannot be reached',
  reset: 'the connection was reset while it was being set up',
  aborted: 'the probe was cancelled or hit its deadline',
  error: 'the connection failed',
};

export interface ConnectOptions {
  address: string;
  port: number;
  signal: AbortSignal;
  timeoutMs: number;
  /** where this connection's connect, cuts and passes are recorded (the probe's log; absent: nowhere) */
  trace?: ConnectionTrace;
}

/** The destination key for the connection gate. */
export const destinationKey = (address: string, port: number) => `${address}|${port}`;

/** Connects through the per-destination gate (connectionGate.ts), holding the slot only until connected. */
export async function connectTcp(opts: ConnectOptions): Promise<TcpConnectResult> {
  const until = Date.now() + opts.timeoutMs;
  const release = await acquireSlot(destinationKey(opts.address, opts.port), opts.signal);
  try {
    return await connectTcpUngated({ ...opts, timeoutMs: Math.max(1, until - Date.now()) });
  } finally {
    release();
  }
}

/** One connect, no gate: for callers that hold a slot themselves (x224Exchange). */
export function connectTcpUngated(opts: ConnectOptions): Promise<TcpConnectResult> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  return new Promise((resolve) => {
    if (opts.signal.aborted) {
      resolve({ ok: false, code: 'aborted', message: SENTENCES.aborted, ms: 0 });
      return;
    }
    const socket = net.connect({ host: opts.address, port: opts.port });
    socket.setNoDelay(true);
    let done = false;
    const finish = (result: TcpConnectResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (!result.ok) {
        socket.on('error', () => {});
        socket.destroy();
      }
      resolve(result);
    };
    const onConnect = () => {
      const took = ms();
      recordConnect(opts.trace, { ok: true, ms: took });
      finish({ ok: true, socket, ms: took });
    };
    const onError = (err: NodeJS.ErrnoException) => {
      const code = tcpErrorCode(err);
      const detail = err.code ? ` (${err.code})` : '';
      recordConnect(opts.trace, { ok: false, ms: ms(), code });
      finish({ ok: false, code, message: `${SENTENCES[code]}${detail}`, ms: ms() });
    };
    const onAbort = () => finish({ ok: false, code: 'aborted', message: SENTENCES.aborted, ms: ms() });
    const timer = setTimeout(
      () => {
        recordConnect(opts.trace, { ok: false, ms: ms(), code: 'timeout' });
        finish({ ok: false, code: 'timeout', message: `${SENTENCES.timeout} (${opts.timeoutMs} ms)`, ms: ms() });
      },
      Math.max(1, opts.timeoutMs),
    );
    socket.once('connect', onConnect);
    socket.once('error', onError);
    opts.signal.addEventListener('abort', onAbort, { once: true });
  });
}
