// Certificate facts from real certificates made here (the harness's node-forge maker for RSA, the openssl
// binary for EC): thumbprints match an independent computation, names, EKUs, self-signed and IP SAN matching.

import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { certificateFacts, oidToString, sansOf, signatureAlgorithmOf } from '../../../electron/probe/certificateFacts';
import { findBinary, makeCert } from '../../peers';

const der = (pem: string) => new Uint8Array(new X509Certificate(pem).raw);
const untrusted = { authorized: false, authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' };

describe('certificateFacts', () => {
  it('a self-signed RSA server certificate', () => {
    const cert = makeCert({ cn: 'rds01.corp.test', sans: ['rds01.corp.test', '10.1.2.3'], keyBits: 2048 });
    const raw = der(cert.certPem);
    const f = certificateFacts(raw, 'rds01.corp.test', untrusted);
    expect(f).toMatchObject({
      subject: 'CN=rds01.corp.test',
      subjectCN: 'rds01.corp.test',
      issuerCN: 'rds01.corp.test',
      sans: ['rds01.corp.test', '10.1.2.3'],
      selfSigned: true,
      keyType: 'rsa',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      ekus: ['1.3.6.1.5.5.7.3.1'],
      hasServerAuth: true,
      hasRemoteDesktopAuth: false,
      trusted: false,
      trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      nameMatches: true,
    });
    expect(f.sha1Thumbprint).toBe(createHash('sha1').update(raw).digest('hex').toUpperCase());
    expect(f.sha256Fingerprint).toBe(createHash('sha256').update(raw).digest('hex').toUpperCase());
    expect(f.sha1Thumbprint).toBe(new X509Certificate(cert.certPem).fingerprint.replaceAll(':', ''));
    expect(f.notAfter).toBe(new Date(new X509Certificate(cert.certPem).validTo).toISOString());
    expect(certificateFacts(raw, '10.1.2.3', untrusted).nameMatches).toBe(true);
    expect(certificateFacts(raw, '10.1.2.4', untrusted).nameMatches).toBe(false);
    expect(certificateFacts(raw, 'other.corp.test', untrusted).nameMatches).toBe(false);
  });

  it('a CA-issued certificate is not self-signed; no EKU extension means any purpose; SHA-1 signatures are named', () => {
    const ca = makeCert({ cn: 'Test CA', isCa: true });
    const leaf = makeCert({ cn: 'leaf.test', issuer: ca, serverAuth: false, digest: 'sha1' });
    const f = certificateFacts(der(leaf.certPem), 'leaf.test', { authorized: true });
    expect(f.selfSigned).toBe(false);
    expect(f.issuerCN).toBe('Test CA');
    expect(f.ekus).toEqual([]);
    expect(f.hasServerAuth).toBe(true);
    expect(f.trusted).toBe(true);
    expect(f.trustError).toBeUndefined();
    expect(f.signatureAlgorithm).toBe('sha1WithRSAEncryption');
  });

  it.skipIf(!findBinary('openssl'))('an EC certificate with the Remote Desktop Authentication EKU (openssl)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-ec-'));
    try {
      const certFile = path.join(dir, 'c.pem');
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=ec.test',
          '-keyout',
          path.join(dir, 'k.pem'),
          '-out',
          certFile,
          '-addext',
          'extendedKeyUsage=serverAuth,1.3.6.1.4.1.311.54.1.2',
        ],
        { stdio: 'ignore' },
      );
      const f = certificateFacts(der(readFileSync(certFile, 'utf8')), 'ec.test', untrusted);
      expect(f).toMatchObject({
        keyType: 'ec',
        keyBits: 256,
        signatureAlgorithm: 'ecdsa-with-SHA256',
        hasRemoteDesktopAuth: true,
        hasServerAuth: true,
        nameMatches: true,
        selfSigned: true,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('helpers take what Node gives and never throw on junk', () => {
    expect(sansOf('DNS:a.test, IP Address:10.0.0.1, DNS:b.test')).toEqual(['a.test', '10.0.0.1', 'b.test']);
    expect(sansOf(undefined)).toEqual([]);
    expect(signatureAlgorithmOf(Uint8Array.of(1, 2, 3))).toBe('unknown');
  });
});

describe('oidToString', () => {
  it('decodes OIDs and refuses malformed ones', () => {
    expect(oidToString(Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b))).toBe(
      '1.2.840.113549.1.1.11',
    );
    expect(oidToString(Uint8Array.of(0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x36, 0x01, 0x02))).toBe(
      '1.3.6.1.4.1.311.54.1.2',
    );
    expect(oidToString(Uint8Array.of(0x88, 0x37))).toBe('2.999');
    expect(oidToString(Uint8Array.of(0x2a, 0x86))).toBeNull();
    expect(oidToString(new Uint8Array(0))).toBeNull();
  });

  it('any bytes: a string or null, never a throw; signatureAlgorithmOf always answers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const s = oidToString(b);
        expect(s === null || /^\d+(\.\d+)+$/.test(s)).toBe(true);
        expect(typeof signatureAlgorithmOf(b)).toBe('string');
      }),
    );
  });
});
