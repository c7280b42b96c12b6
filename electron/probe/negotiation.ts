/**
 * Probe step 3: security negotiation. One X.224 Connection Request per protocol, each on its own connection
 * (the first on the TCP step's), all at once; the connections that selected TLS, CredSSP or Standard RDP
 * Security are handed on to the steps that continue them (handoff.ts) instead of being reopened. For each we
 * record what the server *selected* (a TLS answer to a CredSSP request means no NLA), or its RDP_NEG_FAILURE
 * code by name, or that the reply was not RDP / never came / the connection closed.
 */
import type { Socket } from 'node:net';
import type { NegotiationAttempt, NegotiationFacts, ProtocolName } from '../../shared/probe';
import type { NotRdp } from './pdu/notRdp';
import { type Step, stepBudget } from './stepTypes';
import { describeNotRdp, exchangeX224 } from './x224Exchange';

export const NEGOTIATED_PROTOCOLS: ProtocolName[] = ['rdp', 'tls', 'hybrid', 'hybridEx', 'rdstls'];
/** The requests whose connection a later step can go on with (see handoff.ts). */
const CONTINUED: ProtocolName[] = ['rdp', 'tls', 'hybrid', 'hybridEx'];
/** xrdp and Windows answer a Connection Request in milliseconds; 5 s is generous even over a VPN. */
const NEGOTIATION_TIMEOUT_MS = 5_000;

const LABEL: Record<ProtocolName, string> = {
  rdp: 'Standard RDP',
  tls: 'TLS',
  hybrid: 'CredSSP (NLA)',
  hybridEx: 'HYBRID_EX',
  rdstls: 'RDSTLS',
};

const answeredAttempt = (a: NegotiationAttempt) =>
  a.outcome === 'selected' || a.outcome === 'failure' || a.outcome === 'legacy';
/** The connection ended (reset or EOF) where the confirm was due; an X.224 Disconnect is an answer, not a cut. */
const wasCut = (a: NegotiationAttempt) =>
  a.outcome === 'closed' && (a.error?.code === 'X224_CLOSED' || a.error?.code === 'X224_RESET');

/** Whether the server supports `p`, judged only from the attempt that asked for it. */
export function supportFrom(a: NegotiationAttempt): boolean | null {
  if (a.outcome === 'selected') return a.selected === a.requested;
  if (a.outcome === 'legacy') return a.requested === 'rdp';
  if (a.outcome === 'failure') return false;
  return null;
}

export const negotiationStep: Step<NegotiationFacts> = async (ctx) => {
  const address = ctx.address ?? ctx.host;
  const timeoutMs = stepBudget(ctx, NEGOTIATION_TIMEOUT_MS);
  const ask = (requested: ProtocolName, connected?: { socket: Socket; connectMs: number }) =>
    exchangeX224({
      address,
      port: ctx.port,
      requested,
      signal: ctx.signal,
      trace: ctx.trace,
      timeoutMs: stepBudget(ctx, timeoutMs),
      keepOpen: ctx.handoff !== undefined && CONTINUED.includes(requested),
      ...(connected ? { connected } : {}),
    });
  // the first request goes on with the TCP step's connection when it is still open (handoff.ts)
  const tcpSocket = ctx.handoff?.takeConnected() ?? null;
  const reused = tcpSocket ? { socket: tcpSocket, connectMs: ctx.facts.tcp?.connectMs ?? 0 } : undefined;
  const results = await Promise.all(NEGOTIATED_PROTOCOLS.map((p, i) => ask(p, i === 0 ? reused : undefined)));
  // A request whose connection was cut before the answer, while the server answered the others, is asked once
  // more (issue 22): no fact is concluded from a cut connection. A server that closes every request gets no
  // retry: that is its answer.
  if (results.some((r) => answeredAttempt(r.attempt))) {
    await Promise.all(
      results.map(async (r, i) => {
        if (!wasCut(r.attempt) || ctx.signal.aborted) return;
        const again = await ask(r.attempt.requested);
        results[i] = { ...again, attempt: { ...again.attempt, retried: true } };
      }),
    );
  }
  // The requests whose answer a later step continues (TLS handshake, CredSSP, MCS) stay open for it.
  for (const r of results) {
    if (!r.socket) continue;
    const a = r.attempt;
    const useful =
      a.outcome === 'selected' &&
      ((a.requested === 'rdp' && a.selected === 'rdp') ||
        (a.requested === 'tls' && a.selected === 'tls') ||
        ((a.requested === 'hybrid' || a.requested === 'hybridEx') &&
          (a.selected === 'hybrid' || a.selected === 'hybridEx')));
    if (useful && ctx.handoff) ctx.handoff.put(a.requested, { socket: r.socket, attempt: a });
    else r.socket.destroy();
  }
  const attempts = results.map((r) => r.attempt);
  const notRdp: NotRdp | null = results.find((r) => r.notRdp)?.notRdp ?? null;
  const supports = Object.fromEntries(
    attempts.map((a) => [a.requested, supportFrom(a)]),
  ) as NegotiationFacts['supports'];
  const facts: NegotiationFacts = { attempts, supports, notRdp };

  if (notRdp) {
    const message = describeNotRdp(notRdp);
    return { status: 'failed', summary: message, error: { code: 'NEG_NOT_RDP', message }, facts };
  }
  const answered = attempts.filter(
    (a) => a.outcome === 'selected' || a.outcome === 'failure' || a.outcome === 'legacy',
  );
  if (answered.length === 0) {
    const first = attempts[0]!;
    const code =
      first.outcome === 'no-response' ? 'NEG_NO_RESPONSE' : first.outcome === 'closed' ? 'NEG_CLOSED' : 'NEG_ERROR';
    const message =
      first.outcome === 'no-response'
        ? 'the port accepts connections but nothing answers the RDP connection request'
        : (first.error?.message ?? 'no usable answer to any RDP connection request');
    return { status: 'failed', summary: message, error: { code, message }, facts };
  }
  const offered = NEGOTIATED_PROTOCOLS.filter((p) => supports[p] === true);
  const parts = [`offers ${offered.length ? offered.map((p) => LABEL[p]).join(', ') : 'nothing we asked for'}`];
  for (const a of attempts) {
    if (a.outcome === 'failure') parts.push(`${LABEL[a.requested]} refused: ${a.failureName}`);
    // the answers that mislead most when read as a "success": asked for NLA or TLS, got something weaker
    else if (
      a.outcome === 'selected' &&
      a.selected &&
      a.selected !== a.requested &&
      (a.requested === 'hybrid' || a.requested === 'tls')
    ) {
      parts.push(`asked for ${LABEL[a.requested]}, got ${LABEL[a.selected]}`);
    }
  }
  if (offered.length === 0) {
    const message = parts.join('; ');
    return { status: 'failed', summary: message, error: { code: 'NEG_NOTHING_SELECTED', message }, facts };
  }
  const partial = answered.length < attempts.length;
  const cut = attempts.filter(wasCut);
  const unknown = cut.length
    ? `; ${cut.map((a) => LABEL[a.requested]).join(', ')} unknown: the link dropped the request and its retry`
    : '';
  const retried = attempts.some((a) => a.retried) ? '; retried after a dropped connection' : '';
  return {
    status: partial ? 'warning' : 'passed',
    summary: parts.join('; ') + (partial && !cut.length ? '; some requests got no answer' : '') + unknown + retried,
    facts,
  };
};
