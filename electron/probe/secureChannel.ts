/**
 * The TLS channel an RDP client opens before CredSSP or TLS-secured RDP: TCP connect, X.224 Connection
 * Request with RDP_NEG_REQ, Connection Confirm, TLS upgrade (certificate checks off: the probe inspects the
 * certificate itself). Shared by the TLS, certificate, CredSSP and NLA-check steps.
 *
 * Rejects with a `SecureChannelError` (a `code` and a human message) and never leaves a socket behind on
 * failure; on success the caller owns the TLSSocket and must destroy it. To read framed replies off the
 * socket, use `SocketReader` from ./socketReader (bounded, with a timeout).
 */
import type { TLSSocket } from 'node:tls';
import type { NegotiationAttempt, ProtocolName } from '../../shared/probe';
import type { ConnectionTrace } from './connectionLog';
import type { Negotiated } from './handoff';
import { type TlsFailure, upgradeTls } from './tlsHandshake';
import { exchangeX224 } from './x224Exchange';

export type SecureChannelErrorCode =
  | 'CHANNEL_NEGOTIATION' // no Connection Confirm: connect failed, no answer, not RDP, ...
  | 'CHANNEL_NEG_FAILURE' // RDP_NEG_FAILURE
  | 'CHANNEL_NO_TLS' // the server selected Standard RDP Security: there is no TLS to open
  | 'CHANNEL_TLS' // the TLS handshake failed
  | 'CHANNEL_ABORTED';

export class SecureChannelError extends Error {
  constructor(
    readonly code: SecureChannelErrorCode,
    message: string,
    readonly attempt?: NegotiationAttempt,
    readonly tlsFailure?: TlsFailure,
    /** the connection was cut inside the handshake (a reset or an EOF), not answered */
    readonly cut?: { how: 'reset' | 'closed'; bytesReceived: number },
  ) {
    super(message);
    this.name = 'SecureChannelError';
  }
}

export interface SecureChannelOptions {
  host: string;
  port: number;
  /** the address to connect to (from the TCP step); defaults to `host` */
  address?: string;
  protocol: 'tls' | 'hybrid' | 'hybridEx';
  signal: AbortSignal;
  timeoutMs: number;
  tls?: {
    minVersion?: import('node:tls').SecureVersion;
    maxVersion?: import('node:tls').SecureVersion;
    ciphers?: string;
  };
  /** a connection whose negotiation already happened (handoff.ts): go straight on to the TLS upgrade */
  negotiated?: Negotiated;
  /** where this connection's connect, cuts and passes are recorded (the probe's log; absent: nowhere) */
  trace?: ConnectionTrace;
}

export async function openSecureChannel(
  opts: SecureChannelOptions,
): Promise<{ socket: TLSSocket; selected: ProtocolName; attempt: NegotiationAttempt }> {
  const until = Date.now() + opts.timeoutMs;
  if (opts.signal.aborted)
    throw new SecureChannelError('CHANNEL_ABORTED', 'the probe was cancelled or hit its deadline');
  const x224 = opts.negotiated
    ? { attempt: opts.negotiated.attempt, socket: opts.negotiated.socket }
    : await exchangeX224({
        address: opts.address ?? opts.host,
        port: opts.port,
        requested: opts.protocol,
        signal: opts.signal,
        timeoutMs: opts.timeoutMs,
        keepOpen: true,
        trace: opts.trace,
      });
  const { attempt } = x224;
  if (attempt.outcome === 'failure') {
    throw new SecureChannelError('CHANNEL_NEG_FAILURE', `the server refused: ${attempt.failureName}`, attempt);
  }
  if (!x224.socket || (attempt.outcome !== 'selected' && attempt.outcome !== 'legacy')) {
    x224.socket?.destroy();
    const code = attempt.error?.code;
    throw new SecureChannelError(
      'CHANNEL_NEGOTIATION',
      attempt.error?.message ?? `negotiation ended with ${attempt.outcome}`,
      attempt,
      undefined,
      code === 'X224_RESET' || code === 'X224_CLOSED'
        ? { how: code === 'X224_RESET' ? 'reset' : 'closed', bytesReceived: 0 }
        : undefined,
    );
  }
  const selected = attempt.selected ?? null;
  if (selected === null || selected === 'rdp' || attempt.outcome === 'legacy') {
    x224.socket.destroy();
    const what =
      selected === null
        ? `an unknown protocol (0x${(attempt.selectedRaw ?? 0).toString(16)})`
        : 'Standard RDP Security';
    throw new SecureChannelError('CHANNEL_NO_TLS', `the server selected ${what}, so there is no TLS to open`, attempt);
  }
  const upgraded = await upgradeTls(x224.socket, {
    host: opts.host,
    signal: opts.signal,
    timeoutMs: Math.max(1, until - Date.now()),
    minVersion: opts.tls?.minVersion,
    maxVersion: opts.tls?.maxVersion,
    ciphers: opts.tls?.ciphers,
    trace: opts.trace,
  });
  if (!upgraded.ok) {
    throw new SecureChannelError(
      'CHANNEL_TLS',
      `TLS handshake failed: ${upgraded.failure.message}`,
      attempt,
      upgraded.failure,
      upgraded.cut,
    );
  }
  return { socket: upgraded.socket, selected, attempt };
}
