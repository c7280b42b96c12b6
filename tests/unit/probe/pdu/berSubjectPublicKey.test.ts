import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  subjectPublicKeyFromCertificate,
  subjectPublicKeyFromSpki,
} from '../../../../electron/probe/pdu/berSubjectPublicKey';
import { makeCert } from '../../../peers/certs';

describe('SubjectPublicKey from an X.509 certificate (what CredSSP pubKeyAuth binds to)', () => {
  const pem = makeCert({ cn: 'spk.local', keyBits: 1024 }).certPem;
  const x509 = new X509Certificate(pem);

  it('is the DER RSAPublicKey, as OpenSSL exports it (PKCS#1)', () => {
    const ours = subjectPublicKeyFromCertificate(new Uint8Array(x509.raw));
    if (!ours.ok) throw new Error(ours.error.message);
    const pkcs1 = x509.publicKey.export({ type: 'pkcs1', format: 'der' });
    expect(Buffer.from(ours.value).equals(pkcs1)).toBe(true);
    const spki = subjectPublicKeyFromSpki(new Uint8Array(x509.publicKey.export({ type: 'spki', format: 'der' })));
    expect(spki.ok && Buffer.from(spki.value).equals(pkcs1)).toBe(true);
  });

  it('any bytes, or a damaged certificate: a key or a typed error, never a throw', () => {
    const raw = new Uint8Array(x509.raw);
    const damaged = fc
      .tuple(fc.nat(raw.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(raw.length))
      .map(([i, b, cut]) => {
        const copy = raw.slice(0, Math.max(cut, 1));
        if (i < copy.length) copy[i] = b;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 100 }), damaged), (bytes) => {
        const r = subjectPublicKeyFromCertificate(bytes);
        return r.ok || typeof r.error.code === 'string';
      }),
      { numRuns: 2000 },
    );
  });
});
