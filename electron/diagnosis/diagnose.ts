/**
 * The diagnosis: a pure function from a probe's facts to findings, root cause first. Used by the app, the
 * CLI and the report alike (through probeAndDiagnose). Never throws: a fact it cannot judge yields nothing.
 */
import { guessHostKind } from '../../shared/guessHostKind';
import type { Finding, ProbeResult } from '../../shared/probe';
import { orderFindings } from './rootCauseOrder';
import { answerRule, dnsRule, tcpRule } from './rules/connectivity';
import { credsspRules } from './rules/credssp';
import { nlaRule, tlsAvailabilityRule } from './rules/security';
import { stabilityRule } from './rules/stability';
import { certificateRules, tlsHandshakeRule } from './rules/tls';

export function diagnose(result: ProbeResult): Finding[] {
  const findings: Finding[] = [];
  // Reachability: each stage stops the rest when it fails, since later facts are missing or meaningless.
  for (const rule of [dnsRule, tcpRule, answerRule]) {
    const out = rule(result);
    findings.push(...out.findings);
    if (out.stop) return orderFindings(dedupe(findings));
  }

  findings.push(...tlsAvailabilityRule(result));
  // xrdp has no NLA at all: "no NLA" on xrdp is how it is built, a note, not a warning to act on.
  const xrdp = guessHostKind(result).kind === 'xrdp';
  findings.push(
    ...nlaRule(result).map((f) => (xrdp && f.id === 'nla-unsupported' ? { ...f, severity: 'info' as const } : f)),
  );

  const tls = tlsHandshakeRule(result);
  findings.push(...tls.findings);
  // After an aborted handshake there is no certificate to read; anything else would be noise.
  const cert = result.tls?.certificate ?? null;
  if (!tls.handshakeFailed && cert !== null) {
    findings.push(...certificateRules(cert, Date.parse(result.startedAt), result.target?.host ?? result.input));
  }

  findings.push(...credsspRules(result));
  findings.push(...stabilityRule(result));
  return orderFindings(dedupe(findings));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    if (seen.has(f.id)) return false;
    seen.add(f.id);
    return true;
  });
}
