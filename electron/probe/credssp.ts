/**
 * Probe step 6, the CredSSP start (MS-CSSP 3.1.5 steps 1–2): over the TLS channel the server set up for
 * HYBRID/HYBRID_EX, send a TSRequest carrying an NTLM NEGOTIATE and read the CHALLENGE that comes back:
 * the server's names, product version, clock and the TSRequest version it speaks. Nothing secret is sent.
 * `beginCredssp` is shared with the credential check (nlaCheck.ts), which continues on the same channel.
 */
import type { TLSSocket } from 'node:tls';
import type { CredsspFacts, NtlmInfo, StepError } from '../../shared/probe';
import { recordCut, recordPassed } from './connectionLog';
import { subjectPublicKeyFromCertificate } from './pdu/berSubjectPublicKey';
import { decodeNtlmChallenge, formatProductVersion, type NtlmChallengeMessage } from './pdu/ntlmChallenge';
import { encodeNtlmNegotiate } from './pdu/ntlmNegotiate';
import {
  decodeTsRequest,
  encodeTsRequest,
  TSREQUEST_CLIENT_VERSION,
  TSREQUEST_MAX_BYTES,
  type TsRequest,
  tsRequestFrameLength,
} from './pdu/tsRequest';
import { openSecureChannel, SecureChannelError } from './secureChannel';
import { type ReadErrorCode, SocketReader } from './socketReader';
import type { Step, StepContext } from './stepTypes';

/** Windows (Kerberos) tolerates 5 minutes of clock difference; more is worth a warning. */
const CLOCK_SKEW_WARN_MS = 5 * 60_000;
/** A CredSSP round trip on a LAN takes milliseconds; 8 s covers a slow WAN without eating the probe. */
const CREDSSP_STEP_TIMEOUT_MS = 8_000;

/** beginCredssp's error code when the server turned CredSSP down at the negotiation. */
export const NOT_OFFERED = 'CREDSSP_NOT_OFFERED';
/** beginCredssp's error code when the channel's connection was cut before CredSSP began (issue 22). */
export const CHANNEL_CUT = 'CREDSSP_CHANNEL_CUT';
/** The error codes that mean the connection was cut where the server owed an answer. */
export const CUT_CODES: ReadonlySet<string> = new Set([CHANNEL_CUT, 'CREDSSP_CLOSED', 'CREDSSP_RESET']);

export interface CredsspSession {
  socket: TLSSocket;
  reader: SocketReader;
  negotiate: Uint8Array;
  challengeBytes: Uint8Array;
  challenge: NtlmChallengeMessage;
  /** the version field of the server's first TSRequest */
  serverVersion: number;
  /** SubjectPublicKey of the TLS certificate, which pubKeyAuth binds to */
  subjectPublicKey: Uint8Array;
  /** epoch ms half-way between sending NEGOTIATE and receiving CHALLENGE */
  challengeAtMs: number;
  /** destroys the socket (idempotent) */
  close(): void;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: StepError };

/**
 * What to ask for: like mstsc, offer HYBRID_EX too (SSL|HYBRID|HYBRID_EX) and let the server pick either
 * CredSSP flavour — unless the negotiation step saw HYBRID_EX refused while HYBRID works. null when the
 * negotiation step saw both refused (no NLA on offer).
 */
export function credsspProtocol(ctx: StepContext): 'hybrid' | 'hybridEx' | null {
  const supports = ctx.facts.negotiation?.supports;
  if (!supports) return 'hybridEx';
  if (supports.hybrid === false && supports.hybridEx === false) return null;
  if (supports.hybridEx === false) return 'hybrid';
  return 'hybridEx';
}

export const stepTimeoutMs = (ctx: StepContext): number =>
  Math.max(1, Math.min(CREDSSP_STEP_TIMEOUT_MS, ctx.deadline - Date.now()));

export async function beginCredssp(
  ctx: StepContext,
  protocol: 'hybrid' | 'hybridEx',
): Promise<Outcome<CredsspSession>> {
  const timeoutMs = stepTimeoutMs(ctx);
  const until = Date.now() + timeoutMs;
  let socket: TLSSocket;
  try {
    // go on with the negotiation's CredSSP connection when it left one (the same request, already answered)
    const negotiated =
      ctx.handoff?.take(protocol, ctx.trace) ??
      ctx.handoff?.take(protocol === 'hybridEx' ? 'hybrid' : 'hybridEx', ctx.trace);
    const channel = await openSecureChannel({
      host: ctx.host,
      port: ctx.port,
      address: ctx.address ?? undefined,
      protocol,
      signal: ctx.signal,
      trace: ctx.trace,
      timeoutMs,
      ...(negotiated ? { negotiated } : {}),
    });
    socket = channel.socket;
    if (channel.selected !== 'hybrid' && channel.selected !== 'hybridEx') {
      // e.g. xrdp with security_layer=tls: asked for CredSSP (and TLS), it picks plain TLS
      socket.destroy();
      return fail(NOT_OFFERED, `asked for CredSSP, the server selected ${channel.selected.toUpperCase()}`);
    }
  } catch (err) {
    if (err instanceof SecureChannelError && (err.code === 'CHANNEL_NEG_FAILURE' || err.code === 'CHANNEL_NO_TLS')) {
      // e.g. SSL_NOT_ALLOWED_BY_SERVER from a Standard-RDP-only server
      return fail(NOT_OFFERED, `asked for CredSSP, ${err.message}`);
    }
    if (err instanceof SecureChannelError && err.code === 'CHANNEL_ABORTED')
      return fail('CREDSSP_ABORTED', err.message);
    // cut inside the negotiation or the TLS handshake (recorded where it happened): no answer about CredSSP
    if (err instanceof SecureChannelError && err.cut && !ctx.signal.aborted)
      return fail(CHANNEL_CUT, `the connection for CredSSP was cut before it got there: ${err.message}`);
    return fail('CREDSSP_CHANNEL_FAILED', `could not open the TLS channel for CredSSP: ${messageOf(err)}`);
  }
  const reader = new SocketReader(socket, { signal: ctx.signal, maxBytes: TSREQUEST_MAX_BYTES });
  const close = () => {
    reader.dispose();
    socket.destroy();
  };
  const cert = socket.getPeerX509Certificate();
  const spk = cert?.raw ? subjectPublicKeyFromCertificate(new Uint8Array(cert.raw)) : null;
  if (!spk?.ok) {
    close();
    return fail('CREDSSP_NO_SERVER_KEY', 'could not read the public key of the server certificate');
  }
  const negotiate = encodeNtlmNegotiate();
  const sentAt = Date.now();
  socket.write(encodeTsRequest({ version: TSREQUEST_CLIENT_VERSION, negoTokens: [negotiate] }));
  const answer = await readTsRequest(reader, until - Date.now());
  const receivedAt = Date.now();
  if (!answer.ok) {
    if (answer.error.code === 'CREDSSP_CLOSED' || answer.error.code === 'CREDSSP_RESET') {
      // the server had the whole TLS handshake done and owed us its CHALLENGE: a cut where an answer was due
      recordCut(ctx.trace, {
        phase: 'credssp',
        how: answer.error.code === 'CREDSSP_RESET' ? 'reset' : 'closed',
        bytesReceived: socket.bytesRead,
      });
    }
    close();
    return fail(answer.error.code, `no CHALLENGE: ${answer.error.message}`);
  }
  const req = decodeTsRequest(answer.value);
  if (!req.ok) {
    close();
    return fail(
      'CREDSSP_BAD_TSREQUEST',
      `the server's TSRequest does not decode: ${req.error.message} at ${req.error.offset}`,
    );
  }
  const token = firstToken(req.value);
  if (!token) {
    close();
    const status = req.value.errorCode !== undefined ? ` (errorCode 0x${req.value.errorCode.toString(16)})` : '';
    return fail('CREDSSP_NO_CHALLENGE', `the server answered NEGOTIATE without an NTLM token${status}`);
  }
  const challenge = decodeNtlmChallenge(token);
  if (!challenge.ok) {
    close();
    return fail('CREDSSP_BAD_CHALLENGE', `the NTLM CHALLENGE does not decode: ${challenge.error.message}`);
  }
  recordPassed(ctx.trace, 'credssp');
  return {
    ok: true,
    value: {
      socket,
      reader,
      negotiate,
      challengeBytes: token,
      challenge: challenge.value,
      serverVersion: req.value.version,
      subjectPublicKey: spk.value,
      challengeAtMs: Math.round((sentAt + receivedAt) / 2),
      close,
    },
  };
}

export function ntlmInfo(session: CredsspSession): NtlmInfo {
  const c = session.challenge;
  return {
    targetName: c.targetName,
    netbiosComputer: c.netbiosComputer,
    netbiosDomain: c.netbiosDomain,
    dnsComputer: c.dnsComputer,
    dnsDomain: c.dnsDomain,
    dnsTree: c.dnsTree,
    productVersion: c.version ? formatProductVersion(c.version) : null,
    serverTime: c.serverTimeMs !== null ? new Date(c.serverTimeMs).toISOString() : null,
    clockSkewMs: c.serverTimeMs !== null ? c.serverTimeMs - session.challengeAtMs : null,
    negotiateFlags: c.negotiateFlags,
  };
}

export const credsspStep: Step<CredsspFacts> = async (ctx) => {
  const protocol = credsspProtocol(ctx);
  if (!protocol) {
    return { status: 'skipped', summary: 'the server does not offer CredSSP (NLA)' };
  }
  let begun = await beginCredssp(ctx, protocol);
  let retried = false;
  // a fact is never concluded from a cut connection: once more on a fresh one (issue 22)
  if (!begun.ok && CUT_CODES.has(begun.error.code) && !ctx.signal.aborted) {
    retried = true;
    begun = await beginCredssp(ctx, protocol);
  }
  if (!begun.ok && CUT_CODES.has(begun.error.code)) {
    const passed = ctx.connections?.passed;
    // the server answered at that point on other connections: the path dropped this one, twice
    const elsewhere = begun.error.code === CHANNEL_CUT ? (passed?.tls ?? 0) : (passed?.credssp ?? 0);
    if (elsewhere > 0) {
      const message = `CredSSP unknown: the link dropped the connection${retried ? ' and its retry' : ''} (${begun.error.message})`;
      return { status: 'warning', summary: message, error: { code: 'CREDSSP_LINK_DROPPED', message } };
    }
  }
  if (!begun.ok && begun.error.code === NOT_OFFERED) {
    return { status: 'skipped', summary: `no CredSSP (NLA): ${begun.error.message}` };
  }
  if (!begun.ok) {
    return { status: 'failed', summary: begun.error.message, error: begun.error };
  }
  const session = begun.value;
  session.close();
  const ntlm = ntlmInfo(session);
  const facts: CredsspFacts = { tsRequestVersion: session.serverVersion, ntlm };
  const skewed = ntlm.clockSkewMs !== null && Math.abs(ntlm.clockSkewMs) > CLOCK_SKEW_WARN_MS;
  const again = retried ? ' (on the retry: the first connection was cut)' : '';
  return { status: skewed ? 'warning' : 'passed', summary: summarize(facts) + again, facts };
};

function summarize(f: CredsspFacts): string {
  const n = f.ntlm!;
  const name = n.dnsComputer ?? n.netbiosComputer ?? n.targetName ?? 'unnamed';
  const domain = n.netbiosDomain && n.netbiosDomain !== n.netbiosComputer ? ` (${n.netbiosDomain})` : '';
  const version = n.productVersion ? `, version ${n.productVersion}` : '';
  const skew =
    n.clockSkewMs !== null ? `, clock ${n.clockSkewMs >= 0 ? '+' : ''}${(n.clockSkewMs / 1000).toFixed(1)} s` : '';
  return `NTLM: ${name}${domain}${version}, TSRequest v${f.tsRequestVersion}${skew}`;
}

const READ_CODES: Record<ReadErrorCode, string> = {
  NO_RESPONSE: 'CREDSSP_TIMEOUT',
  INCOMPLETE: 'CREDSSP_TIMEOUT',
  TOO_LARGE: 'CREDSSP_TOO_LARGE',
  BAD_FRAME: 'CREDSSP_NOT_TSREQUEST',
  CLOSED: 'CREDSSP_CLOSED',
  RESET: 'CREDSSP_RESET',
  SOCKET_ERROR: 'CREDSSP_SOCKET_ERROR',
  ABORTED: 'CREDSSP_ABORTED',
};

/** The next whole TSRequest off the channel, or why there is none (CREDSSP_* codes). */
export async function readTsRequest(reader: SocketReader, timeoutMs: number): Promise<Outcome<Uint8Array>> {
  const r = await reader.readFrame(tsRequestFrameLength, Math.max(1, timeoutMs));
  if (r.ok) return r;
  const prefix = r.error.code === 'BAD_FRAME' ? "the server's reply is not a TSRequest: " : '';
  return fail(READ_CODES[r.error.code], `${prefix}${r.error.message}`);
}

export function firstToken(req: TsRequest): Uint8Array | undefined {
  return req.negoTokens[0];
}

function fail<T>(code: string, message: string): Outcome<T> {
  return { ok: false, error: { code, message } };
}

export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
