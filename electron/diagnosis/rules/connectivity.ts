/**
 * Reachability: DNS, TCP, and whether anything RDP answers at all. When one of these fails, nothing after it
 * can be judged, so `stop` tells the caller not to look further.
 */
import type { Finding, ProbeResult } from '../../../shared/probe';
import { describeAttempt, makeFinding, sentence } from '../makeFinding';

export interface RuleOutput {
  findings: Finding[];
  /** true when later rules have nothing trustworthy to look at */
  stop: boolean;
}

const DNS_ERROR = /dns|enotfound|eai_again|eai_noname|nxdomain|not.?found|unresolved/i;

export function dnsRule(result: ProbeResult): RuleOutput {
  const t = result.target;
  const step = result.steps.target;
  const dnsFailed =
    (t !== null && !t.dnsSkipped && t.addresses.length === 0) ||
    (step?.status === 'failed' && DNS_ERROR.test(`${step.error?.code ?? ''} ${step.error?.message ?? ''}`));
  if (!dnsFailed) return { findings: [], stop: t === null && step?.status === 'failed' };
  const host = t?.host ?? result.input;
  const why = step?.error?.message ? ` (${step.error.message})` : '';
  return {
    findings: [
      makeFinding('dns-unresolved', `DNS returned no address for "${host}"${why}.`, [
        `DNS lookup of ${host}: no A or AAAA record${why}`,
      ]),
    ],
    stop: true,
  };
}

export function tcpRule(result: ProbeResult): RuleOutput {
  const tcp = result.tcp;
  if (tcp === null) {
    const step = result.steps.tcp;
    if (step?.status !== 'failed' || !step.error) return { findings: [], stop: result.negotiation === null };
    const code = step.error.code;
    const id = /refused|reset/i.test(code) ? 'tcp-refused' : /timeout|unreachable/i.test(code) ? 'tcp-timeout' : null;
    if (!id) return { findings: [], stop: true };
    return {
      findings: [makeFinding(id, sentence(step.error.message), [`TCP: ${code}: ${step.error.message}`])],
      stop: true,
    };
  }
  if (tcp.attempts.some((a) => a.ok) || tcp.connectMs !== null) return { findings: [], stop: false };
  if (tcp.attempts.length === 0) return { findings: [], stop: true };

  const evidence = tcp.attempts.map(
    (a) =>
      `TCP ${a.address} port ${tcp.port}: ${a.errorCode ?? 'failed'} after ${Math.round(a.ms)} ms${a.message ? ` (${a.message})` : ''}`,
  );
  // Refused (or reset) from any address means a host answered: nothing listens. That beats a timeout elsewhere.
  const refused = tcp.attempts.filter((a) => a.errorCode === 'refused' || a.errorCode === 'reset');
  if (refused.length > 0) {
    const where = refused.map((a) => a.address).join(', ');
    return {
      findings: [makeFinding('tcp-refused', `The connection to ${where} port ${tcp.port} was refused.`, evidence)],
      stop: true,
    };
  }
  const kinds = [...new Set(tcp.attempts.map((a) => a.errorCode ?? 'error'))].join(' / ');
  return {
    findings: [
      makeFinding(
        'tcp-timeout',
        `Connecting to port ${tcp.port} got no answer (${kinds}) from ${tcp.attempts.map((a) => a.address).join(', ')}.`,
        evidence,
      ),
    ],
    stop: true,
  };
}

/** TCP worked; does anything RDP answer? */
export function answerRule(result: ProbeResult): RuleOutput {
  const neg = result.negotiation;
  if (neg === null) return { findings: [], stop: true };
  const attempts = neg.attempts;
  const notRdpAttempt = attempts.find((a) => a.outcome === 'not-rdp');
  if (neg.notRdp !== null || notRdpAttempt) {
    const kind = neg.notRdp?.kind ?? 'unknown';
    const sample = neg.notRdp?.sample ? `: "${neg.notRdp.sample}"` : '';
    const evidence = attempts.map(describeAttempt);
    if (neg.notRdp) evidence.push(`first bytes (${kind})${sample}`);
    return {
      findings: [
        makeFinding(
          'not-rdp',
          `The program on port ${result.tcp?.port ?? result.target?.port ?? '?'} answered the RDP connection request like ${kindLabel(kind)}${sample}.`,
          evidence,
        ),
      ],
      stop: true,
    };
  }
  const answered = attempts.some((a) => a.outcome === 'selected' || a.outcome === 'failure' || a.outcome === 'legacy');
  if (answered || attempts.length === 0) return { findings: [], stop: attempts.length === 0 };
  // Unanswered: silence, a close, or the probe's deadline hit while waiting. At least one attempt must have
  // got its TCP connection, so this is about the listener and not about connecting.
  const unanswered = attempts.every(
    (a) =>
      a.outcome === 'no-response' ||
      a.outcome === 'closed' ||
      (a.outcome === 'error' && WAITED_OUT.test(a.error?.code ?? '') && a.ms >= MIN_WAIT_MS),
  );
  const reachedListener = attempts.some(
    (a) => a.outcome === 'no-response' || a.outcome === 'closed' || !/^TCP_/.test(a.error?.code ?? 'TCP_'),
  );
  if (!unanswered || !reachedListener) return { findings: [], stop: true };
  const closedAll = attempts.every((a) => a.outcome === 'closed');
  const waited = Math.max(...attempts.map((a) => a.ms));
  return {
    findings: [
      makeFinding(
        'no-response',
        closedAll
          ? `The TCP connection opens, but the server closed it without answering any of ${attempts.length} RDP connection requests.`
          : `The TCP connection opens, but none of ${attempts.length} RDP connection requests got an answer in ${(waited / 1000).toFixed(1)} s.`,
        attempts.map(describeAttempt),
      ),
    ],
    stop: true,
  };
}

/** Attempt error codes that mean "still waiting when time ran out". */
const WAITED_OUT = /ABORT|TIMEOUT|NO_RESPONSE/i;
/**
 * An RDP server answers the connection request within milliseconds; a second of silence before the probe
 * stopped is meaningful, a cancel after 200 ms is not.
 */
const MIN_WAIT_MS = 1000;

function kindLabel(kind: string): string {
  switch (kind) {
    case 'ssh':
      return 'an SSH server';
    case 'http':
      return 'a web server';
    case 'tls':
      return 'a plain TLS server';
    case 'smtp-like':
      return 'a mail-style text protocol';
    default:
      return 'something that is not RDP';
  }
}
