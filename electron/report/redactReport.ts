/**
 * Redaction for sharing a report outside the company: every user name, host name, domain name, IP address
 * and certificate name the session learned is replaced by a placeholder (`user-1`, `host-2`, `domain-1`,
 * `ip-1`, `name-1`), the same value always by the same placeholder, in every field and inside every
 * sentence that quotes it (summaries, findings, error messages).
 *
 * How: the names are collected from the structured fields that hold them (target, addresses, certificate
 * subject/issuer/SANs, NTLM names, the NLA account, who ran it and where), then every free-text string of
 * the report is scrubbed of them. Matching ignores case (Windows names do: SRV01 is srv01) and respects word
 * edges, so `srv01` is not found inside `srv010`. Short values (2–3 characters, e.g. a NetBIOS name "VM") are
 * matched in prose only as spelled, so a user "Ann" does not eat the word "ann"; a single character is
 * replaced only where it is a whole field.
 *
 * What cannot be scrubbed is dropped: the certificate PEM (names inside DER) and a non-RDP server's banner
 * sample. Thumbprints, serial numbers, versions, timings and codes stay: they identify no person or host name.
 */
import { isIP } from 'node:net';
import type { Report } from '../../shared/report';

type Kind = 'user' | 'host' | 'domain' | 'ip' | 'name';

const MIN_IN_TEXT = 2;
/** Case-sensitive below this length ("Ann" the user is not "ann" in a word). */
const MIN_CASE_INSENSITIVE = 4;
export const REDACTED_SAMPLE = '[redacted]';

/**
 * Keys whose string values are machine-readable vocabulary (ids, enums, codes, hashes, dates, versions),
 * never names: left as they are so a redacted report still validates and reads the same. Everything else is
 * scrubbed, so a new field is redacted by default.
 */
const VOCABULARY_KEYS = new Set([
  'schemaVersion',
  'kind',
  'id',
  'status',
  'severity',
  'code',
  'fixPhases',
  'explainsCodes',
  'relatedFindings',
  'table',
  'hex',
  'name',
  'outcome',
  'requested',
  'selected',
  'flags',
  'failureName',
  'version',
  'negotiatedVersion',
  'cipher',
  'via',
  'keyType',
  'signatureAlgorithm',
  'ekus',
  'sha1Thumbprint',
  'sha256Fingerprint',
  'serialNumber',
  'encryptionLevel',
  'encryptionMethods',
  'serverCertType',
  'rdpVersion',
  'productVersion',
  'ntStatus',
  'ntStatusName',
  'errorCode',
  'alert',
  'phaseId',
  'startedAt',
  'finishedAt',
  'generatedAt',
  'serverTime',
  'notBefore',
  'notAfter',
]);

/** Same value (ignoring case) → same placeholder, numbered per kind in the order first seen. */
export class Placeholders {
  private readonly byValue = new Map<string, string>();
  private readonly counts = new Map<Kind, number>();
  private readonly spellings = new Set<string>();
  readonly values: string[] = [];

  add(kind: Kind, raw: string | null | undefined): void {
    const value = raw?.trim();
    if (!value) return;
    // Every spelling is kept: short values are matched case-sensitively, so "VM" and "vm" both need listing.
    if (!this.spellings.has(value)) {
      this.spellings.add(value);
      this.values.push(value);
    }
    const key = value.toLowerCase();
    if (this.byValue.has(key)) return;
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    this.byValue.set(key, `${kind}-${n}`);
  }

  /** A host-ish value: an IP literal is an address, a DNS-like name a host, anything else (spaces) a name. */
  addHostish(raw: string | null | undefined, fallback: Kind = 'host'): void {
    const value = raw?.trim();
    if (!value) return;
    const bare = value.replace(/^\[(.*)\]$/, '$1');
    if (isIP(bare)) this.add('ip', bare);
    else this.add(/\s/.test(value) ? 'name' : fallback, value);
  }

  placeholderFor(value: string): string | undefined {
    return this.byValue.get(value.toLowerCase());
  }

  /** Replaces every collected value inside `text`. */
  scrub(text: string): string {
    const exact = this.placeholderFor(text.trim());
    if (exact && text.trim() === text) return exact;
    const pattern = this.pattern();
    if (!pattern) return text;
    return text.replace(pattern, (match) => {
      if (match.length < MIN_CASE_INSENSITIVE && !this.spellings.has(match)) return match;
      return this.placeholderFor(match) ?? match;
    });
  }

  private cached: { count: number; re: RegExp | null } | null = null;
  private pattern(): RegExp | null {
    if (this.cached?.count === this.values.length) return this.cached.re;
    const inText = this.values.filter((v) => v.length >= MIN_IN_TEXT).sort((a, b) => b.length - a.length);
    const re = inText.length
      ? new RegExp(`(?<![A-Za-z0-9])(?:${inText.map(escapeRegExp).join('|')})(?![A-Za-z0-9])`, 'gi')
      : null;
    this.cached = { count: this.values.length, re };
    return re;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "srv01:3389", "[fe80::1]:3389", "srv01" → the host part. */
export function hostOfInput(input: string): string {
  const s = input.trim();
  const v6 = /^\[([^\]]*)\](?::\d*)?$/.exec(s);
  if (v6) return v6[1] ?? '';
  if (isIP(s)) return s;
  const colon = s.lastIndexOf(':');
  return colon > 0 && s.indexOf(':') === colon ? s.slice(0, colon) : s;
}

/** RDN values of a distinguished name, "CN=a, O=b" or one per line; C= (a country) is not identifying. */
export function dnValues(dn: string): string[] {
  return dn
    .split(/\n|,\s*(?=[A-Za-z][A-Za-z0-9.]*=)/)
    .map((part) => /^\s*([A-Za-z][A-Za-z0-9.]*)=(.*)$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null && m[1]?.toUpperCase() !== 'C')
    .map((m) => (m[2] ?? '').trim())
    .filter(Boolean);
}

/** "LAB\carol" → [domain LAB, user carol]; "carol@lab.example" → [user carol, domain lab.example]. */
function addAccount(p: Placeholders, account: string | null | undefined): void {
  const a = account?.trim();
  if (!a) return;
  const backslash = a.indexOf('\\');
  const at = a.lastIndexOf('@');
  if (backslash > 0) {
    p.add('domain', a.slice(0, backslash));
    p.add('user', a.slice(backslash + 1));
  } else if (at > 0) {
    p.add('user', a.slice(0, at));
    p.add('domain', a.slice(at + 1));
  }
  p.add('user', a);
}

/** Every name and address the report holds, in reading order (so the target is host-1). */
export function collectNames(report: Report, p = new Placeholders()): Placeholders {
  const f = report.facts;
  p.addHostish(report.target.host ?? hostOfInput(report.target.input));
  p.addHostish(f.target?.host);
  for (const a of f.target?.addresses ?? []) p.add('ip', a.address);
  p.addHostish(f.tcp?.address);
  for (const a of f.tcp?.attempts ?? []) p.addHostish(a.address);
  const cert = f.tls?.certificate;
  if (cert) {
    p.addHostish(cert.subjectCN);
    for (const san of cert.sans) p.addHostish(san.replace(/^(?:DNS|IP Address|IP|email|URI):/i, ''));
    for (const v of dnValues(cert.subject)) p.addHostish(v, 'name');
    p.addHostish(cert.issuerCN);
    for (const v of dnValues(cert.issuer)) p.addHostish(v, 'name');
  }
  const ntlm = f.credssp?.ntlm;
  if (ntlm) {
    p.addHostish(ntlm.dnsComputer);
    p.addHostish(ntlm.netbiosComputer);
    p.add('domain', ntlm.dnsDomain);
    p.add('domain', ntlm.dnsTree);
    p.add('domain', ntlm.netbiosDomain);
    p.add('domain', ntlm.targetName);
  }
  addAccount(p, f.nlaCheck?.user);
  const sample = f.negotiation?.notRdp?.sample;
  if (sample && sample.trim().length >= 8) p.add('name', sample);
  addAccount(p, report.session.ranBy);
  p.addHostish(report.session.machine);
  return p;
}

/** Scrubs every free-text string below `value` (vocabulary keys kept); the fleet report shares it. */
export function scrubDeep(value: unknown, p: Placeholders, key: string | null): unknown {
  if (key !== null && VOCABULARY_KEYS.has(key)) return value;
  if (typeof value === 'string') return p.scrub(value);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, p, null));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, p, k);
    return out;
  }
  return value;
}

export function redactReport(report: Report): Report {
  const p = collectNames(report);
  const out = scrubDeep(report, p, null) as Report;
  out.redacted = true;
  // Names inside the DER and a foreign server's banner cannot be scrubbed reliably: drop them.
  if (out.facts.tls?.certificate) out.facts.tls.certificate.pem = '';
  if (out.facts.negotiation?.notRdp) out.facts.negotiation.notRdp.sample = REDACTED_SAMPLE;
  return out;
}
