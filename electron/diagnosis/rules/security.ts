/**
 * What the negotiation says about the security a client can use (MS-RDPBCGR 2.2.1.2): is NLA required or
 * missing, is TLS offered at all. Each attempt asked for one protocol on its own connection.
 */
import type { Finding, NegotiationAttempt, NegotiationFacts, ProbeResult, ProtocolName } from '../../../shared/probe';
import { describeAttempt, makeFinding, PROTOCOL_LABEL } from '../makeFinding';

const TLS_BASED: ProtocolName[] = ['tls', 'hybrid', 'hybridEx'];

/** MS-RDPBCGR 2.2.1.2.2 failure codes that say the server will not do TLS. */
const NO_TLS_FAILURES = new Set(['SSL_NOT_ALLOWED_BY_SERVER']);
/**
 * MS-RDPBCGR 2.2.1.2.2 SSL_CERT_NOT_ON_SERVER: the server wants TLS but has no certificate it can use. That is
 * not "falls back to Standard RDP Security" (xrdp with security_layer=tls and an unreadable key answers every
 * request with it, even a request for Standard RDP): it gets its own finding, tls-cert-unavailable.
 */
const CERT_NOT_ON_SERVER = 'SSL_CERT_NOT_ON_SERVER';
/** ... and the ones that say it insists on CredSSP. */
const NLA_REQUIRED_FAILURES = new Set(['HYBRID_REQUIRED_BY_SERVER']);

export function attemptsFor(neg: NegotiationFacts, p: ProtocolName): NegotiationAttempt[] {
  return neg.attempts.filter((a) => a.requested === p);
}

/** true = selected when asked, false = refused or picked another, null = no usable answer. */
export function supports(neg: NegotiationFacts, p: ProtocolName): boolean | null {
  const informative = attemptsFor(neg, p).filter((a) => ['selected', 'failure', 'legacy'].includes(a.outcome));
  if (informative.length > 0) return informative.some((a) => a.outcome === 'selected' && a.selected === p);
  return neg.supports[p] ?? null;
}

function selectedAny(neg: NegotiationFacts): boolean {
  return neg.attempts.some((a) => a.outcome === 'selected');
}

export function tlsSelectedSomewhere(neg: NegotiationFacts): boolean {
  return neg.attempts.some((a) => a.outcome === 'selected' && a.selected != null && TLS_BASED.includes(a.selected));
}

export function nlaRule(result: ProbeResult): Finding[] {
  const neg = result.negotiation;
  if (neg === null) return [];
  const findings: Finding[] = [];
  const hybrid = supports(neg, 'hybrid');
  const hybridEx = supports(neg, 'hybridEx');

  const insisting = neg.attempts.filter(
    (a) => a.outcome === 'failure' && NLA_REQUIRED_FAILURES.has(a.failureName ?? ''),
  );
  if ((hybrid === true || hybridEx === true) && insisting.length > 0) {
    const nlaAttempts = neg.attempts.filter((a) => a.requested === 'hybrid' || a.requested === 'hybridEx');
    const evidence = [...insisting, ...nlaAttempts].map(describeAttempt);
    findings.push(
      makeFinding(
        'nla-required',
        `When asked for ${orList(insisting.map((a) => PROTOCOL_LABEL[a.requested]))}, the server refused with HYBRID_REQUIRED_BY_SERVER; it accepts only CredSSP.`,
        evidence,
      ),
    );
  }

  // A CredSSP request refused for want of a certificate says nothing about NLA (tls-cert-unavailable says it).
  const hybridAttempts = attemptsFor(neg, 'hybrid').filter(
    (a) =>
      ['selected', 'failure', 'legacy'].includes(a.outcome) &&
      !(a.outcome === 'failure' && a.failureName === CERT_NOT_ON_SERVER),
  );
  if (hybrid === false && hybridEx !== true && hybridAttempts.length > 0) {
    const a = hybridAttempts[0] as NegotiationAttempt;
    const answer =
      a.outcome === 'selected' && a.selected
        ? `the server selected ${PROTOCOL_LABEL[a.selected]} instead`
        : a.outcome === 'legacy'
          ? 'the server answered like a pre-RDP 5 server'
          : `the server refused with ${a.failureName ?? 'a failure code'}`;
    findings.push(
      makeFinding(
        'nla-unsupported',
        `When asked for CredSSP (NLA), ${answer}.`,
        neg.attempts.filter((x) => x.requested === 'hybrid' || x.requested === 'hybridEx').map(describeAttempt),
      ),
    );
  }
  return findings;
}

export function tlsAvailabilityRule(result: ProbeResult): Finding[] {
  const neg = result.negotiation;
  if (neg === null || tlsSelectedSomewhere(neg)) return [];
  const noCert = neg.attempts.filter((a) => a.outcome === 'failure' && a.failureName === CERT_NOT_ON_SERVER);
  if (noCert.some((a) => TLS_BASED.includes(a.requested))) {
    const every = noCert.length === neg.attempts.filter((a) => a.outcome !== 'error').length;
    const asked = orList(noCert.map((a) => PROTOCOL_LABEL[a.requested]));
    return [
      makeFinding(
        'tls-cert-unavailable',
        every
          ? `Every connection request (${asked}) was refused with RDP_NEG_FAILURE SSL_CERT_NOT_ON_SERVER.`
          : `When asked for ${asked}, the server refused with RDP_NEG_FAILURE SSL_CERT_NOT_ON_SERVER.`,
        neg.attempts.map(describeAttempt),
      ),
    ];
  }
  const refusals = neg.attempts.filter(
    (a) =>
      TLS_BASED.includes(a.requested) &&
      ((a.outcome === 'selected' && a.selected === 'rdp') ||
        a.outcome === 'legacy' ||
        (a.outcome === 'failure' && NO_TLS_FAILURES.has(a.failureName ?? ''))),
  );
  if (refusals.length === 0) return [];
  const tlsAttempt = refusals.find((a) => a.requested === 'tls') ?? (refusals[0] as NegotiationAttempt);
  const evidence = neg.attempts
    .filter((a) => TLS_BASED.includes(a.requested) || a.requested === 'rdp')
    .map(describeAttempt);
  const answer =
    tlsAttempt.outcome === 'failure'
      ? `the server refused with ${tlsAttempt.failureName}`
      : tlsAttempt.outcome === 'legacy'
        ? 'the server answered like a pre-RDP 5 server (Standard RDP Security only)'
        : 'the server selected Standard RDP Security instead';
  const rdpSec = result.rdpSecurity;
  if (rdpSec) {
    evidence.push(
      `Standard RDP Security in use: ${rdpSec.encryptionLevel}, ${rdpSec.encryptionMethods.join(', ') || 'no encryption method'}, ` +
        `${rdpSec.serverCertType} server certificate${rdpSec.rsaKeyBits ? ` (${rdpSec.rsaKeyBits}-bit RSA)` : ''}`,
    );
  }
  // Nothing at all selected: no client can connect, whatever its settings.
  const severity = selectedAny(neg) ? undefined : 'error';
  return [
    makeFinding(
      'tls-unavailable',
      `When asked for ${PROTOCOL_LABEL[tlsAttempt.requested]}, ${answer}.`,
      evidence,
      severity,
    ),
  ];
}

function orList(items: string[]): string {
  const u = [...new Set(items)];
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} or ${u[u.length - 1]}`;
}
