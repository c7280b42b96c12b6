import { FINDING_CATALOGUE, type FindingId } from '../../shared/findings';
import { glossFirst } from '../../shared/glossary';
import type { Finding, NegotiationAttempt, ProtocolName, Severity } from '../../shared/probe';

/**
 * A finding from the catalogue: the catalogue's plain explanation (the cause, in plain words) comes first, then
 * `observed`, one or two sentences on what this probe saw (which request got which answer). Severity is the catalogue's default unless a
 * rule has a documented reason to change it.
 */
export function makeFinding(id: FindingId, observed: string, evidence: string[], severity?: Severity): Finding {
  const entry = FINDING_CATALOGUE[id];
  return {
    id,
    severity: severity ?? entry.severity,
    title: entry.title,
    // the cause in plain words first, then what this probe saw (issue 18)
    detail: glossFirst(`${entry.explanation} Seen here: ${lowerFirstWord(observed.trim())}`),
    evidence,
    explainsCodes: [...entry.explainsCodes],
    fixPhases: { windows: [...entry.fixPhases.windows], xrdp: [...entry.fixPhases.xrdp] },
  };
}

/** Protocol names as a technician reads them (MS-RDPBCGR 2.2.1.1.1 requestedProtocols). */
export const PROTOCOL_LABEL: Record<ProtocolName, string> = {
  rdp: 'Standard RDP Security',
  tls: 'TLS',
  hybrid: 'CredSSP (NLA)',
  hybridEx: 'CredSSP with Early User Authorization (HYBRID_EX)',
  rdstls: 'RDSTLS',
};

/** "asked for TLS → the server selected Standard RDP Security" — one negotiation attempt as evidence. */
export function describeAttempt(a: NegotiationAttempt): string {
  const asked = `asked for ${PROTOCOL_LABEL[a.requested]}`;
  switch (a.outcome) {
    case 'selected':
      return a.selected
        ? `${asked} → the server selected ${PROTOCOL_LABEL[a.selected]}`
        : `${asked} → the server selected protocol ${a.selectedRaw ?? '?'}`;
    case 'failure': {
      const code = a.failureCode === undefined ? '' : ` (0x${a.failureCode.toString(16)})`;
      return `${asked} → the server refused with RDP_NEG_FAILURE ${a.failureName ?? 'unknown code'}${code}`;
    }
    case 'legacy':
      return `${asked} → the server answered without negotiation data (a pre-RDP 5 server: Standard RDP Security)`;
    case 'not-rdp':
      return `${asked} → something other than RDP answered`;
    case 'no-response':
      return `${asked} → no answer before the deadline`;
    case 'closed':
      return `${asked} → the server closed the connection without answering`;
    default:
      return `${asked} → ${a.error?.message ?? 'the attempt failed'}`;
  }
}

export function sentence(text: string): string {
  const t = text.trim();
  if (t.length === 0) return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** "When asked …" → "when asked …" after "Seen here:", but "TLSv1.2 …" and "The certificate (subject …" stay. */
function lowerFirstWord(text: string): string {
  return /^(When|Every|Only|The server|Repeated|Something)\b/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;
}
