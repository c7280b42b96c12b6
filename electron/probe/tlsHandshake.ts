/**
 * Upgrades a connected socket to TLS as an RDP client does after the negotiation selected TLS or CredSSP,
 * with certificate checks off (we inspect the certificate ourselves), an optional version window, and a
 * classification of how a failed handshake failed: the alert the server sent, a reset, a silent close, a
 * timeout, or our own OpenSSL refusing. Errors are values; a failed socket is destroyed.
 */
import type { Socket } from 'node:net';
import net from 'node:net';
import tls from 'node:tls';
import type { TlsVersionResult } from '../../shared/probe';
import { type ConnectionTrace, recordCut, recordPassed } from './connectionLog';

export type TlsFailure = NonNullable<TlsVersionResult['failure']>;

export type TlsUpgradeResult =
  | { ok: true; socket: tls.TLSSocket; version: string; cipher: string; ms: number }
  | {
      ok: false;
      failure: TlsFailure;
      ms: number;
      /** the connection ended (reset or EOF) inside the handshake: the path or the server cut it (issue 22) */
      cut?: { how: 'reset' | 'closed'; bytesReceived: number };
    };

export interface TlsUpgradeOptions {
  host: string;
  signal: AbortSignal;
  timeoutMs: number;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  /** an exact OpenSSL cipher string (the client-profile checks, cipherEnum.ts); default: everything */
  ciphers?: string;
  /** where this connection's connect, cuts and passes are recorded (the probe's log; absent: nowhere) */
  trace?: ConnectionTrace;
}

/**
 * OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; a diagnostic client must still be able to
 * offer them to see whether an old server speaks nothing newer.
 */
export const LEGACY_CIPHERS = 'DEFAULT:@SECLEVEL=0';

type GetCaCertificates = (type?: 'default' | 'system' | 'bundled' | 'extra') => string[];
let trustStoreCache: string[] | undefined | null = null;

/**
 * The roots the trust verdict (`socket.authorized`) is judged against. Node's default is its bundled Mozilla
 * list, which would call every certificate from a company's internal CA "untrusted"; where the runtime can read
 * the operating system's store (tls.getCACertificates, Node 22.15+, so also recent Electron), it is added, as
 * mstsc trusts what Windows trusts. On older runtimes: Node's default (undefined).
 */
export function trustStore(): string[] | undefined {
  if (trustStoreCache !== null) return trustStoreCache;
  const get = (tls as unknown as { getCACertificates?: GetCaCertificates }).getCACertificates;
  try {
    trustStoreCache = get ? [...new Set([...get('default'), ...get('system')])] : undefined;
  } catch {
    trustStoreCache = undefined;
  }
  return trustStoreCache;
}

const secureContexts = new Map<string, tls.SecureContext>();

/**
 * One client context per version window and cipher list, made once and shared by every handshake: building
 * one loads the trust store and parses the cipher list, which was the largest single CPU cost of a fleet scan
 * (issue 20). A shared client context never resumes a session by itself (Node resumes only when given
 * `session`), so every handshake is a full one and shows the certificate.
 */
export function secureContextFor(min: tls.SecureVersion, max: tls.SecureVersion, ciphers?: string): tls.SecureContext {
  const key = `${min}|${max}|${ciphers ?? ''}`;
  let context = secureContexts.get(key);
  if (!context) {
    context = tls.createSecureContext({ ca: trustStore(), minVersion: min, maxVersion: max, ciphers });
    secureContexts.set(key, context);
  }
  return context;
}

export function upgradeTls(socket: Socket, opts: TlsUpgradeOptions): Promise<TlsUpgradeResult> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  return new Promise((resolve) => {
    const legacy = opts.minVersion === 'TLSv1' || opts.minVersion === 'TLSv1.1';
    const tlsSocket = tls.connect({
      socket,
      rejectUnauthorized: false,
      secureContext: secureContextFor(
        opts.minVersion ?? 'TLSv1',
        opts.maxVersion ?? 'TLSv1.3',
        opts.ciphers ?? (legacy || !opts.minVersion ? LEGACY_CIPHERS : undefined),
      ),
      // SNI only for names; an IP literal in SNI is not allowed (RFC 6066 section 3)
      ...(net.isIP(opts.host) ? {} : { servername: opts.host }),
    });
    let done = false;
    const finish = (result: TlsUpgradeResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal.removeEventListener('abort', onAbort);
      tlsSocket.off('secureConnect', onSecure);
      tlsSocket.off('error', onError);
      tlsSocket.off('close', onClose);
      // A reset after the handshake must never become an uncaught 'error' event while the caller has not
      // attached its own listener yet; the caller's listeners still see every error.
      tlsSocket.on('error', () => {});
      if (!result.ok) {
        if (result.cut) recordCut(opts.trace, { phase: 'tls', ...result.cut });
        tlsSocket.destroy();
        socket.destroy();
      } else {
        recordPassed(opts.trace, 'tls');
      }
      resolve(result);
    };
    const onSecure = () =>
      finish({
        ok: true,
        socket: tlsSocket,
        version: tlsSocket.getProtocol() ?? 'unknown',
        cipher: tlsSocket.getCipher()?.standardName ?? tlsSocket.getCipher()?.name ?? 'unknown',
        ms: ms(),
      });
    // the raw socket's count stops when TLS takes its handle over; the larger of the two is what arrived
    const bytesIn = () => Math.max(socket.bytesRead ?? 0, tlsSocket.bytesRead ?? 0);
    // a reset or an EOF is a cut; an alert or a reply that is not TLS is the server's answer
    const cutHow = (err: NodeJS.ErrnoException): 'reset' | 'closed' | null =>
      err.code === 'ECONNRESET' || err.code === 'EPIPE'
        ? err.syscall === 'read' || err.syscall === 'write' || err.code === 'EPIPE'
          ? 'reset'
          : 'closed'
        : null;
    const onError = (err: NodeJS.ErrnoException) => {
      const how = cutHow(err);
      finish({
        ok: false,
        failure: classifyTlsError(err),
        ms: ms(),
        ...(how ? { cut: { how, bytesReceived: bytesIn() } } : {}),
      });
    };
    const onClose = () =>
      finish({
        ok: false,
        failure: { kind: 'closed', message: 'the server closed the connection during the handshake' },
        ms: ms(),
        cut: { how: 'closed', bytesReceived: bytesIn() },
      });
    const onAbort = () =>
      finish({
        ok: false,
        failure: { kind: 'timeout', message: 'the probe was cancelled or hit its deadline' },
        ms: ms(),
      });
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          failure: { kind: 'timeout', message: `no TLS handshake within ${opts.timeoutMs} ms` },
          ms: ms(),
        }),
      Math.max(1, opts.timeoutMs),
    );
    tlsSocket.once('secureConnect', onSecure);
    tlsSocket.on('error', onError);
    tlsSocket.once('close', onClose);
    if (opts.signal.aborted) onAbort();
    else opts.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** OpenSSL error codes as Node reports them → what happened on the wire. */
export function classifyTlsError(err: NodeJS.ErrnoException): TlsFailure {
  const code = err.code ?? '';
  const message = err.message.split('\n')[0] ?? String(err);
  const alert = /^ERR_SSL_(?:TLSV1|SSLV3|TLSV13)_ALERT_(.+)$/.exec(code)?.[1]?.toLowerCase();
  if (alert) {
    if (alert === 'protocol_version')
      return {
        kind: 'protocol_version',
        alert,
        message: 'the server refused this TLS version (protocol_version alert)',
      };
    if (alert === 'internal_error')
      return {
        kind: 'internal_error',
        alert,
        message: 'the server aborted the handshake with an internal_error alert',
      };
    if (alert === 'handshake_failure')
      return {
        kind: 'handshake_failure',
        alert,
        message: 'the server found nothing in common with us (handshake_failure alert)',
      };
    return { kind: 'alert', alert, message: `the server sent a TLS alert: ${alert}` };
  }
  if (code === 'ERR_SSL_UNSUPPORTED_PROTOCOL') {
    return { kind: 'protocol_version', message: `the server answered with a TLS version we did not offer (${code})` };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    // Not a version mismatch: the reply is not a TLS record at all. xrdp does this when it cannot load its key:
    // it gives up on TLS and sends its RDP disconnect in plain text, then closes.
    return {
      kind: 'closed',
      message: 'the server abandoned the handshake: it answered with data that is not TLS, then closed',
    };
  }
  if (code === 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' || code === 'ERR_SSL_NO_CIPHERS_AVAILABLE') {
    return { kind: 'client_refused', message: `this machine's OpenSSL will not offer this (${code})` };
  }
  if (code === 'ECONNRESET') {
    // Node reports a peer that closed before the handshake finished with ECONNRESET too, but without a syscall
    if (err.syscall === 'read' || err.syscall === 'write')
      return { kind: 'reset', message: 'the server reset the connection during the handshake' };
    return { kind: 'closed', message: 'the server closed the connection during the handshake without an alert' };
  }
  if (code === 'EPIPE') return { kind: 'reset', message: 'the server closed the connection while we were writing' };
  return { kind: 'error', message: code ? `${message} (${code})` : message };
}
