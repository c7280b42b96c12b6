/**
 * The server certificate as a technician needs it: names, validity, key, signature algorithm, the SHA-1
 * thumbprint Windows shows (and stores in SSLCertificateSHA1Hash), EKUs, trust and whether it names the host
 * that was typed. Built from the DER bytes with Node's X509Certificate; the signature algorithm, which Node 20
 * does not expose, is read from the DER with node-forge's ASN.1 reader.
 */
import { createHash, X509Certificate } from 'node:crypto';
import net from 'node:net';
import forge from 'node-forge';
import type { CertificateFacts } from '../../shared/probe';

export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
/** Remote Desktop Authentication, the EKU Windows' RDP certificate templates use */
export const EKU_REMOTE_DESKTOP_AUTH = '1.3.6.1.4.1.311.54.1.2';

const EC_SIG_OIDS: Record<string, string> = {
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};
const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };

export function signatureAlgorithmOf(der: Uint8Array): string {
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('binary')));
    const algId = (asn1.value as forge.asn1.Asn1[])[1];
    const oidNode = ((algId?.value ?? []) as forge.asn1.Asn1[])[0];
    if (!oidNode) return 'unknown';
    const oid = forge.asn1.derToOid(oidNode.value as string);
    const named = forge.pki.oids[oid];
    return EC_SIG_OIDS[oid] ?? (named && named !== oid ? named : oid);
  } catch {
    return 'unknown';
  }
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

export function certificateFacts(der: Uint8Array, host: string, trust: TrustVerdict): CertificateFacts {
  const x = new X509Certificate(der);
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
