/**
 * TLS handshakes per version and the certificate. Runs only on what the probe actually handshook; when
 * every handshake aborts there is no certificate to judge, and the handshake failure is the finding.
 */

import { localDateTime } from '../../../shared/localTime';
import type { CertificateFacts, Finding, ProbeResult, TlsVersionResult } from '../../../shared/probe';
import { makeFinding } from '../makeFinding';

const DAY_MS = 86_400_000;
/** Note this long before a certificate expires ... */
export const EXPIRING_SOON_DAYS = 30;
/** ... and warn this long before: two weeks is the time a technician needs to get and bind a new one. */
export const EXPIRING_URGENT_DAYS = 14;
/** Below these sizes current systems distrust a key. */
const MIN_RSA_BITS = 2048;
const MIN_EC_BITS = 256;
const WEAK_SIGNATURE = /md2|md4|md5|sha-?1(?![0-9])/i;
const MODERN = new Set(['TLSv1.2', 'TLSv1.3']);

/** OpenSSL's message only when it adds something: not when it merely repeats the alert or the kind. */
function extraMessage(f: NonNullable<TlsVersionResult['failure']>): string {
  const norm = (t: string) => t.toLowerCase().replace(/[_\s]+/g, ' ');
  const m = f.message.trim();
  if (!m) return '';
  const said = [f.kind, f.alert ?? ''].filter(Boolean).map(norm);
  if (said.some((x) => norm(m).includes(x))) return '';
  return `: ${m}`;
}

/** One handshake as evidence, each thing said once ("TLSv1.2: the server sent the TLS alert internal_error"). */
function describeVersion(v: TlsVersionResult): string {
  if (v.ok) return `${v.version}: handshake completed${v.cipher ? ` (${v.cipher})` : ''}`;
  const f = v.failure;
  if (!f) return `${v.version}: failed`;
  const what = f.alert ? `the server sent the TLS alert ${f.alert}` : `failed (${f.kind.replace(/_/g, ' ')})`;
  return `${v.version}: ${what}${extraMessage(f)}`;
}

function failureText(v: TlsVersionResult): string {
  const f = v.failure;
  if (!f) return 'failed';
  switch (f.kind) {
    case 'reset':
      return 'was reset';
    case 'closed':
      return 'was closed without an alert';
    case 'timeout':
      return 'timed out';
    case 'protocol_version':
      return 'was refused (protocol_version)';
    default:
      return f.alert ? `ended with alert ${f.alert}` : `failed (${f.kind})`;
  }
}

/** Did the server (not our own OpenSSL) make this handshake fail? */
function serverFailed(v: TlsVersionResult): boolean {
  // an `unknown` version's connection was cut by the path (issue 22): the server said nothing about it
  return !v.ok && v.failure?.kind !== 'client_refused' && v.status !== 'unknown';
}

export interface TlsRuleOutput {
  findings: Finding[];
  handshakeFailed: boolean;
}

export function tlsHandshakeRule(result: ProbeResult): TlsRuleOutput {
  const tls = result.tls;
  if (tls === null || tls.versions.length === 0) return { findings: [], handshakeFailed: false };
  const evidence = tls.versions.map(describeVersion);
  const ok = tls.versions.filter((v) => v.ok);
  const via =
    tls.via === 'tls' || tls.via === null
      ? 'The server selected TLS'
      : `The negotiation selected ${tls.via === 'hybrid' ? 'CredSSP' : 'CredSSP (HYBRID_EX)'}, which runs inside TLS`;

  if (ok.length === 0) {
    const tried = tls.versions.filter(serverFailed);
    // a version the link dropped (issue 22) may be the one that works: "every handshake failed" is not known
    if (tried.length === 0 || tls.versions.some((v) => v.status === 'unknown')) {
      return { findings: [], handshakeFailed: false };
    }
    const how = tried.map((v) => `${v.version} ${failureText(v)}`).join('; ');
    return {
      findings: [makeFinding('tls-handshake-failed', `${via}, then every TLS handshake failed (${how}).`, evidence)],
      handshakeFailed: true,
    };
  }

  const modernTried = tls.versions.filter((v) => MODERN.has(v.version));
  const modernOk = ok.some((v) => MODERN.has(v.version));
  if (!modernOk && modernTried.length > 0 && modernTried.every(serverFailed)) {
    return {
      findings: [
        makeFinding(
          'tls-legacy-only',
          `Only ${ok.map((v) => v.version).join(' and ')} completed; ${modernTried.map((v) => `${v.version} failed (${v.failure?.kind ?? 'error'})`).join(', ')}.`,
          evidence,
        ),
      ],
      handshakeFailed: false,
    };
  }
  return { findings: [], handshakeFailed: false };
}

function days(ms: number): number {
  return Math.floor(Math.abs(ms) / DAY_MS);
}

/**
 * Self-signed by the probe's signature check, by OpenSSL's verdict (DEPTH_ZERO_SELF_SIGNED_CERT), or issued
 * by its own subject. The first alone misses certificates whose keyUsage lacks keyCertSign (as Windows' and
 * many test certificates do), for which OpenSSL's issuer check fails.
 */
export function isSelfSigned(cert: CertificateFacts): boolean {
  // not SELF_SIGNED_CERT_IN_CHAIN: that is a CA-issued certificate whose (self-signed) root is not trusted here
  return cert.selfSigned || /DEPTH_ZERO_SELF_SIGNED/i.test(cert.trustError ?? '') || cert.issuer === cert.subject;
}

/** Certificate findings; `now` is when the probe ran, so the rules stay pure. */
export function certificateRules(cert: CertificateFacts, now: number, typedHost: string): Finding[] {
  const findings: Finding[] = [];
  const subject = cert.subjectCN ?? cert.subject;
  const ident = `The certificate (subject "${subject}", SHA-1 ${cert.sha1Thumbprint})`;
  const validity = `valid from ${localDateTime(cert.notBefore)} to ${localDateTime(cert.notAfter)}`;
  const notAfter = Date.parse(cert.notAfter);
  const notBefore = Date.parse(cert.notBefore);

  if (Number.isFinite(now) && Number.isFinite(notAfter) && notAfter < now) {
    findings.push(
      makeFinding(
        'tls-cert-expired',
        `${ident} expired on ${localDateTime(cert.notAfter)}, ${days(now - notAfter)} days before this probe.`,
        [validity],
      ),
    );
  } else if (Number.isFinite(now) && Number.isFinite(notBefore) && notBefore > now) {
    findings.push(
      makeFinding(
        'tls-cert-not-yet-valid',
        `${ident} only becomes valid on ${localDateTime(cert.notBefore)}, ${days(notBefore - now)} days after this probe.`,
        [validity],
      ),
    );
  } else if (Number.isFinite(now) && Number.isFinite(notAfter) && notAfter - now < EXPIRING_SOON_DAYS * DAY_MS) {
    findings.push(
      makeFinding(
        'tls-cert-expiring-soon',
        `${ident} expires on ${localDateTime(cert.notAfter)}, in ${days(notAfter - now)} days.`,
        [validity],
        // More than two weeks left: a note (renew in time); within two weeks: a warning.
        notAfter - now < EXPIRING_URGENT_DAYS * DAY_MS ? 'warning' : 'info',
      ),
    );
  }

  const untrustedSelfSigned = isSelfSigned(cert) && !cert.trusted;
  if (!cert.nameMatches) {
    // the CN is usually repeated as a SAN: name each once
    const names = [...new Set([cert.subjectCN, ...cert.sans].filter((n): n is string => Boolean(n)))];
    findings.push(
      makeFinding(
        'tls-cert-name-mismatch',
        `${ident} names ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'no host'}, not "${typedHost}".`,
        [`subject: ${cert.subject}`, `subject alternative names: ${cert.sans.join(', ') || '(none)'}`],
        // An untrusted self-signed certificate already makes mstsc ask once (Debian's snakeoil names the
        // machine, not the address typed): the name adds nothing to do, so it is a note like the self-signing.
        untrustedSelfSigned ? 'info' : undefined,
      ),
    );
  }

  if (untrustedSelfSigned) {
    findings.push(
      makeFinding('tls-cert-self-signed', `${ident} is self-signed (issuer = subject) and not trusted here.`, [
        `issuer: ${cert.issuer}`,
        ...(cert.trustError ? [`trust check: ${cert.trustError}`] : []),
      ]),
    );
  }

  const weak: string[] = [];
  const keyType = cert.keyType.toLowerCase();
  if (cert.keyBits !== null && keyType === 'rsa' && cert.keyBits < MIN_RSA_BITS)
    weak.push(`a ${cert.keyBits}-bit RSA key`);
  if (cert.keyBits !== null && keyType === 'ec' && cert.keyBits < MIN_EC_BITS)
    weak.push(`a ${cert.keyBits}-bit EC key`);
  if (WEAK_SIGNATURE.test(cert.signatureAlgorithm)) weak.push(`a ${cert.signatureAlgorithm} signature`);
  if (weak.length > 0) {
    findings.push(
      makeFinding('tls-cert-weak', `${ident} uses ${weak.join(' and ')}.`, [
        `key: ${cert.keyType} ${cert.keyBits ?? '?'} bits`,
        `signature: ${cert.signatureAlgorithm}`,
      ]),
    );
  }
  return findings;
}
