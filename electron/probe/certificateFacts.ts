/**
 * The server certificate as a technician needs it: names, validity, key, signature algorithm, the SHA-1
 * thumbprint Windows shows (and stores in SSLCertificateSHA1Hash), EKUs, trust and whether it names the host
 * that was typed. Built from the DER bytes with Node's X509Certificate; the signature algorithm, which Node 20
 * does not expose, is read from the DER with the BER reader CredSSP uses (no second ASN.1 library to load).
 */
import { createHash, X509Certificate } from 'node:crypto';
import net from 'node:net';
import type { CertificateFacts } from '../../shared/probe';
import { readTlv, TAG_SEQUENCE } from './pdu/ber';

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
/** Remote Desktop Authentication, the EKU Windows' RDP certificate templates use */
export const EKU_REMOTE_DESKTOP_AUTH = '1.3.6.1.4.1.311.54.1.2';

/** Signature algorithms by OID (RFC 4055, RFC 5758, RFC 8410): what RDP servers' certificates use. */
const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};
const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };
const TAG_OID = 0x06;

/** X.690 8.19: an OBJECT IDENTIFIER's content octets in dotted form; null when malformed. */
export function oidToString(bytes: Uint8Array): string | null {
  if (bytes.length === 0 || (bytes.at(-1)! & 0x80) !== 0) return null;
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    if (value > Number.MAX_SAFE_INTEGER / 128) return null;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift()!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}

/**
 * The outer signatureAlgorithm of a DER certificate (RFC 5280 4.1.1.2: Certificate ::= SEQUENCE {
 * tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signatureValue }), which Node 20 does not expose.
 */
export function signatureAlgorithmOf(der: Uint8Array): string {
  const cert = readTlv(der, 0);
  if (!cert.ok || cert.value.tag !== TAG_SEQUENCE) return 'unknown';
  const tbs = readTlv(der, cert.value.contentStart, cert.value.end);
  if (!tbs.ok) return 'unknown';
  const alg = readTlv(der, tbs.value.end, cert.value.end);
  if (!alg.ok || alg.value.tag !== TAG_SEQUENCE) return 'unknown';
  const oid = readTlv(der, alg.value.contentStart, alg.value.end);
  if (!oid.ok || oid.value.tag !== TAG_OID) return 'unknown';
  const dotted = oidToString(der.subarray(oid.value.contentStart, oid.value.end));
  if (!dotted) return 'unknown';
  return SIGNATURE_ALGORITHMS[dotted] ?? dotted;
}

/** X509Certificate's multi-line DN → "CN=..., O=..." */
const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ');
const cnOf = (dn: string) => /(?:^|\n)CN=([^\n]*)/.exec(dn)?.[1] ?? null;

/** "DNS:a, IP Address:1.2.3.4" → ["a", "1.2.3.4"] */
export function sansOf(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName
    .split(/,\s*/)
    .map((s) => s.replace(/^(?:DNS|IP Address):/, '').trim())
    .filter(Boolean);
}

export interface TrustVerdict {
  authorized: boolean;
  authorizationError?: string;
}

/** `parsed`: the same certificate already parsed (the TLS socket's getPeerX509Certificate), not parsed again. */
export function certificateFacts(
  der: Uint8Array,
  host: string,
  trust: TrustVerdict,
  parsed?: X509Certificate,
): CertificateFacts {
  const x = parsed ?? new X509Certificate(der);
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails;
  const keyBits = details?.modulusLength ?? (details?.namedCurve ? (CURVE_BITS[details.namedCurve] ?? null) : null);
  const ekus = x.keyUsage ?? [];
  let selfSigned = false;
  try {
    // issuer = subject and the certificate's own key verifies its signature (checkIssued would also demand
    // the keyCertSign key usage, which self-signed server certificates usually lack)
    selfSigned = x.issuer === x.subject && x.verify(key);
  } catch {
    selfSigned = false;
  }
  const nameMatches = net.isIP(host) ? x.checkIP(host) !== undefined : x.checkHost(host) !== undefined;
  const facts: CertificateFacts = {
    subject: oneLine(x.subject),
    subjectCN: cnOf(x.subject),
    issuer: oneLine(x.issuer),
    issuerCN: cnOf(x.issuer),
    sans: sansOf(x.subjectAltName),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    selfSigned,
    keyType: key.asymmetricKeyType ?? 'unknown',
    keyBits,
    signatureAlgorithm: signatureAlgorithmOf(der),
    sha1Thumbprint: createHash('sha1').update(der).digest('hex').toUpperCase(),
    sha256Fingerprint: createHash('sha256').update(der).digest('hex').toUpperCase(),
    ekus,
    // no EKU extension at all means "any purpose" (RFC 5280 4.2.1.12)
    hasServerAuth: ekus.length === 0 || ekus.includes(EKU_SERVER_AUTH),
    hasRemoteDesktopAuth: ekus.includes(EKU_REMOTE_DESKTOP_AUTH),
    trusted: trust.authorized,
    nameMatches,
    serialNumber: x.serialNumber,
    pem: x.toString(),
  };
  if (!trust.authorized && trust.authorizationError) facts.trustError = trust.authorizationError;
  return facts;
}
