/**
 * One security negotiation on its own TCP connection (MS-RDPBCGR 1.3.1.1 phase 1): connect, send an X.224
 * Connection Request carrying RDP_NEG_REQ, read the Connection Confirm, and describe the answer as a
 * NegotiationAttempt: what the server selected (never "success" for a mere reply), the RDP_NEG_FAILURE code by
 * name, a legacy confirm, or a reply that is not RDP, silence, a close. With `keepOpen` the caller gets the
 * socket back to continue (TLS upgrade, MCS) and must destroy it.
 */
import type { Socket } from 'node:net';
import type { NegotiationAttempt, ProtocolName, StepError } from '../../shared/probe';
import { acquireSlot } from './connectionGate';
import { type ConnectionTrace, recordCut, recordPassed } from './connectionLog';
import { classifyNonRdp, type NotRdp } from './pdu/notRdp';
import { failureName, flagNames, protocolName, REQUESTED_PROTOCOLS } from './pdu/rdpNeg';
import { TPKT_MAX_LENGTH, tpktFrameLength } from './pdu/tpkt';
import { decodeConnectionConfirm, encodeConnectionRequest } from './pdu/x224';
import { SocketReader } from './socketReader';
import { connectTcpUngated, destinationKey } from './tcpConnect';

export interface X224Options {
  address: string;
  port: number;
  requested: ProtocolName;
  signal: AbortSignal;
  timeoutMs: number;
  keepOpen?: boolean;
  /** a connection already open to address:port with nothing sent on it (the TCP step's): used instead of a new one */
  connected?: { socket: Socket; connectMs: number };
  /** where this connection's connect, cuts and passes are recorded (the probe's log; absent: nowhere) */
  trace?: ConnectionTrace;
}

export interface X224Exchange {
  attempt: NegotiationAttempt;
  notRdp: NotRdp | null;
  /** set only with keepOpen and a Connection Confirm; the caller owns (and destroys) it */
  socket: Socket | null;
  /** how long the TCP connect took, null when it failed */
  connectMs: number | null;
}

/** The cookie is what mstsc sends for a user name; a neutral one keeps logs on the server readable. */
const COOKIE = 'rdpdoctor';

export async function exchangeX224(opts: X224Options): Promise<X224Exchange> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  const until = Date.now() + opts.timeoutMs;
  const base = { requested: opts.requested };
  const failed = (
    outcome: NegotiationAttempt['outcome'],
    error: StepError,
    notRdp: NotRdp | null = null,
  ): X224Exchange => ({
    attempt: { ...base, outcome, error, ms: ms() },
    notRdp,
    socket: null,
    connectMs: null as number | null,
  });

  // hold a gate slot until the server has answered (or not): see connectionGate.ts
  const release = await acquireSlot(destinationKey(opts.address, opts.port), opts.signal);
  try {
    return await exchange(opts, until, failed, base, ms);
  } finally {
    release();
  }
}

async function exchange(
  opts: X224Options,
  until: number,
  failed: (outcome: NegotiationAttempt['outcome'], error: StepError, notRdp?: NotRdp | null) => X224Exchange,
  base: { requested: ProtocolName },
  ms: () => number,
): Promise<X224Exchange> {
  const tcp = opts.connected
    ? ({ ok: true, socket: opts.connected.socket, ms: opts.connected.connectMs } as const)
    : await connectTcpUngated({
        address: opts.address,
        port: opts.port,
        signal: opts.signal,
        timeoutMs: Math.max(1, until - Date.now()),
        trace: opts.trace,
      });
  if (!tcp.ok) return failed('error', { code: `TCP_${tcp.code.toUpperCase()}`, message: tcp.message });
  const socket = tcp.socket;
  const reader = new SocketReader(socket, { signal: opts.signal, maxBytes: TPKT_MAX_LENGTH });
  let keep = false;
  try {
    socket.write(encodeConnectionRequest(REQUESTED_PROTOCOLS[opts.requested], { cookie: COOKIE }));
    const frame = await reader.readFrame(tpktFrameLength, Math.max(1, until - Date.now()));
    if (!frame.ok) {
      const notRdp = classifyNonRdp(frame.error.received);
      const connectMs = tcp.ms;
      if (notRdp) {
        return {
          ...failed('not-rdp', { code: 'NOT_RDP', message: describeNotRdp(notRdp) }, notRdp),
          connectMs,
        };
      }
      const code = frame.error.code;
      // the server (or the path) ended the connection where the confirm was due: a sample of the path
      if (code === 'CLOSED' || code === 'RESET') {
        recordCut(opts.trace, {
          phase: 'negotiation',
          how: code === 'RESET' ? 'reset' : 'closed',
          bytesReceived: socket.bytesRead,
        });
      }
      const outcome =
        code === 'NO_RESPONSE' ? 'no-response' : code === 'CLOSED' || code === 'RESET' ? 'closed' : 'error';
      const message =
        code === 'NO_RESPONSE'
          ? 'the server accepted the TCP connection but never answered the RDP connection request'
          : frame.error.message;
      return { ...failed(outcome, { code: `X224_${code}`, message }), connectMs };
    }
    const cc = decodeConnectionConfirm(frame.value);
    if (!cc.ok) {
      const code = cc.error.code;
      if (code === 'X224_DISCONNECT') {
        return { ...failed('closed', { code, message: cc.error.message }), connectMs: tcp.ms };
      }
      return {
        ...failed('error', { code, message: `${cc.error.message} (at byte ${cc.error.offset})` }),
        connectMs: tcp.ms,
      };
    }
    recordPassed(opts.trace, 'negotiation');
    const neg = cc.value.negotiation;
    let attempt: NegotiationAttempt;
    if (!neg) {
      attempt = { ...base, outcome: 'legacy', selected: 'rdp', selectedRaw: 0, ms: ms() };
    } else if (neg.type === 'failure') {
      attempt = {
        ...base,
        outcome: 'failure',
        failureCode: neg.failureCode,
        failureName: failureName(neg.failureCode),
        ms: ms(),
      };
    } else {
      attempt = {
        ...base,
        outcome: 'selected',
        selected: protocolName(neg.selectedProtocol),
        selectedRaw: neg.selectedProtocol,
        flags: flagNames(neg.flags),
        flagsRaw: neg.flags,
        ms: ms(),
      };
    }
    keep = opts.keepOpen === true && attempt.outcome !== 'failure';
    return { attempt, notRdp: null, socket: keep ? socket : null, connectMs: tcp.ms };
  } finally {
    reader.dispose();
    if (!keep) socket.destroy();
  }
}

export function describeNotRdp(n: NotRdp): string {
  const what: Record<NotRdp['kind'], string> = {
    ssh: 'an SSH server',
    http: 'a web server',
    tls: 'a plain TLS service (not RDP)',
    'smtp-like': 'a text-protocol service (mail/FTP-like greeting)',
    unknown: 'something that is not an RDP server',
  };
  return `${what[n.kind]} answered on this port: "${n.sample}"`;
}
