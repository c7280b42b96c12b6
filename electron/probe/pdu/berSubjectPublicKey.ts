/**
 * The SubjectPublicKey bits of an X.509 certificate (RFC 5280 4.1): what CredSSP binds the NTLM context
 * to (MS-CSSP 3.1.5: "the public key from the server's X.509 certificate", i.e. the BIT STRING's contents
 * without the unused-bits byte — for RSA the DER RSAPublicKey).
 */
import { type BerResult, berFail, contextTag, expectTlv, ok, readTlv, TAG_BIT_STRING, TAG_SEQUENCE } from './ber';

export function subjectPublicKeyFromCertificate(der: Uint8Array): BerResult<Uint8Array> {
  const cert = expectTlv(der, 0, der.length, TAG_SEQUENCE, 'Certificate SEQUENCE');
  if (!cert.ok) return cert;
  const tbs = expectTlv(der, cert.value.contentStart, cert.value.end, TAG_SEQUENCE, 'TBSCertificate SEQUENCE');
  if (!tbs.ok) return tbs;
  let at = tbs.value.contentStart;
  const first = readTlv(der, at, tbs.value.end);
  if (!first.ok) return first;
  if (first.value.tag === contextTag(0)) at = first.value.end; // explicit version
  // serialNumber, signature, issuer, validity, subject
  for (let i = 0; i < 5; i++) {
    const skip = readTlv(der, at, tbs.value.end);
    if (!skip.ok) return skip;
    at = skip.value.end;
  }
  const spki = expectTlv(der, at, tbs.value.end, TAG_SEQUENCE, 'SubjectPublicKeyInfo SEQUENCE');
  if (!spki.ok) return spki;
  return subjectPublicKeyFromSpki(der.subarray(spki.value.start, spki.value.end));
}

/** The same from a DER SubjectPublicKeyInfo (e.g. Node's KeyObject.export({ type: 'spki', format: 'der' })). */
export function subjectPublicKeyFromSpki(der: Uint8Array): BerResult<Uint8Array> {
  const spki = expectTlv(der, 0, der.length, TAG_SEQUENCE, 'SubjectPublicKeyInfo SEQUENCE');
  if (!spki.ok) return spki;
  const alg = expectTlv(der, spki.value.contentStart, spki.value.end, TAG_SEQUENCE, 'AlgorithmIdentifier');
  if (!alg.ok) return alg;
  const bits = expectTlv(der, alg.value.end, spki.value.end, TAG_BIT_STRING, 'subjectPublicKey BIT STRING');
  if (!bits.ok) return bits;
  if (bits.value.end - bits.value.contentStart < 1)
    return berFail('BER_TRUNCATED', 'empty BIT STRING', bits.value.start);
  return ok(der.slice(bits.value.contentStart + 1, bits.value.end));
}
