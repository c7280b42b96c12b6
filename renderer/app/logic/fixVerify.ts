/**
 * The verify step: the re-probe after the fix side by side with the probe before it, and one sentence tied
 * to the code the technician typed ("0x904/0x7: explained by "The RDP service cannot use its certificate's
 * private key" — fixed, TLS 1.2 and 1.3 now work"). Titles, never finding ids, where a technician reads. Pure.
 */
import type { DecodeResult } from '../../../shared/codes';
import type { Finding, ProbeResult, TlsVersionName } from '../../../shared/probe';
import type { Inspection } from '../../../shared/remediation';
import { matchingCodes } from './findingsView';

export interface VerifyRow {
  id: string;
  label: string;
  before: string;
  after: string;
  /** true = better after the fix, false = worse, null = the same or not comparable */
  better: boolean | null;
}

const VERSIONS: TlsVersionName[] = ['TLSv1.2', 'TLSv1.3'];

function tlsWorks(r: ProbeResult | null, v: TlsVersionName): boolean | null {
  if (!r?.tls) return r ? false : null;
  const got = r.tls.versions.find((x) => x.version === v);
  return got ? got.ok : null;
}

function yesNo(v: boolean | null): string {
  return v === null ? 'not checked' : v ? 'works' : 'fails';
}

function layers(r: ProbeResult | null): string {
  if (!r?.negotiation) return r ? 'no answer' : 'not checked';
  const s = r.negotiation.supports;
  const names: string[] = [];
  if (s.hybrid) names.push('NLA (CredSSP)');
  if (s.tls) names.push('TLS');
  if (s.rdp) names.push('Standard RDP Security');
  return names.length ? names.join(', ') : 'none';
}

function certText(r: ProbeResult | null): string {
  const c = r?.tls?.certificate;
  if (!c) return r ? 'none seen' : 'not checked';
  return `${c.subjectCN ?? c.subject} (SHA-256 ${c.sha256Fingerprint.slice(0, 16)}…)`;
}

function problems(r: ProbeResult | null): string {
  if (!r) return 'not checked';
  const errs = r.findings.filter((f) => f.severity !== 'info').map((f) => f.title);
  return errs.length ? errs.join('; ') : 'none';
}

function titleOf(r: ProbeResult | null, id: string): string {
  return r?.findings.find((f) => f.id === id)?.title ?? id;
}

function score(v: boolean | null): number {
  return v === null ? 0 : v ? 1 : -1;
}

export function verifyRows(before: ProbeResult | null, after: ProbeResult): VerifyRow[] {
  const rows: VerifyRow[] = [];
  const bl = layers(before);
  const al = layers(after);
  rows.push({
    id: 'layers',
    label: 'Security offered',
    before: bl,
    after: al,
    better:
      bl === al || !before
        ? null
        : after.negotiation?.supports.tls && !before.negotiation?.supports.tls
          ? true
          : before.negotiation?.supports.tls && !after.negotiation?.supports.tls
            ? false
            : null,
  });
  for (const v of VERSIONS) {
    const b = tlsWorks(before, v);
    const a = tlsWorks(after, v);
    rows.push({
      id: v,
      label: v.replace('TLSv', 'TLS '),
      before: yesNo(b),
      after: yesNo(a),
      better: b === a || before === null ? null : score(a) > score(b),
    });
  }
  const bc = certText(before);
  const ac = certText(after);
  rows.push({ id: 'certificate', label: 'Certificate', before: bc, after: ac, better: null });
  // Problems: what is gone is what the fix did; what is new usually only shows now that TLS works (the
  // certificate's warnings), so a longer list is not by itself worse; a new blocking error is.
  const ids = (r: ProbeResult | null, sev?: string) =>
    (r?.findings ?? []).filter((f) => f.severity !== 'info' && (!sev || f.severity === sev)).map((f) => f.id);
  const afterIds = ids(after);
  const gone = before ? ids(before).filter((id) => !afterIds.includes(id)) : [];
  const newErrors = before ? ids(after, 'error').filter((id) => !ids(before).includes(id)) : [];
  rows.push({
    id: 'problems',
    label: 'Problems found',
    before: problems(before),
    after: problems(after),
    better: newErrors.length > 0 ? false : null,
  });
  if (before) {
    rows.push({
      id: 'gone',
      label: 'No longer found',
      before: '',
      after: gone.length ? gone.map((id) => titleOf(before, id)).join('; ') : 'none',
      better: gone.length > 0 ? true : null,
    });
  }
  return rows;
}

/** What the re-probe proves, in words: "TLS 1.2 and 1.3 now work". */
export function tlsNowSentence(after: ProbeResult): string {
  const ok = VERSIONS.filter((v) => tlsWorks(after, v)).map((v) => v.replace('TLSv', ''));
  if (ok.length === 0) return 'TLS still does not work';
  return `TLS ${ok.join(' and ')} now work${ok.length === 1 ? 's' : ''}`;
}

/**
 * The verdict line. The finding that explains the typed code is taken from the host-confirmed findings
 * first (a fact read on the host outranks a guess from outside), then from the probe before the fix.
 */
export function verifyHeadline(opts: {
  before: ProbeResult | null;
  after: ProbeResult;
  /** the inspection before the fix: what explained the code */
  inspection: Inspection | null;
  /** the re-inspection after the fix, when the core made one: a host finding still there is not fixed */
  inspectionAfter?: Inspection | null;
  decode: DecodeResult | null;
  fixed: boolean;
}): { code: string | null; findingId: string | null; text: string } {
  const { before, after, inspection, decode, fixed } = opts;
  const hostFindings: Finding[] = (inspection?.findings ?? []).filter((f) => f.seenOn === 'host');
  const candidates: Finding[] = [...hostFindings, ...(before?.findings ?? [])];
  let code: string | null = null;
  let explainer: Finding | null = null;
  for (const f of candidates) {
    const m = matchingCodes(f.explainsCodes, decode);
    if (m.length > 0) {
      code = m[0] ?? null;
      explainer = f;
      break;
    }
  }
  // Without a typed code (or no finding explains it), speak of the main problem that was fixed.
  explainer ??=
    hostFindings.find((f) => f.severity === 'error') ?? candidates.find((f) => f.severity !== 'info') ?? null;
  const id = explainer?.id;
  const stillThere =
    id !== undefined &&
    (after.findings.some((f) => f.id === id) || (opts.inspectionAfter?.findings ?? []).some((f) => f.id === id));
  const outcome = fixed && !stillThere ? 'fixed' : 'not fixed yet';
  const tls = tlsNowSentence(after);
  const parts: string[] = [];
  if (code) parts.push(`${code}: explained by "${explainer?.title}"`);
  else if (explainer) parts.push(`"${explainer.title}"`);
  parts.push(`${outcome}, ${tls}`);
  return { code, findingId: explainer?.id ?? null, text: parts.join(' — ') };
}
