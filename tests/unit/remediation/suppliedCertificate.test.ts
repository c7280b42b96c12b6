// A supplied .pfx (issue 21) through the core's one door for it: every refusal said in words before anything
// reaches a host (no key, wrong name, no serverAuth, expired, not yet valid, 1024-bit, wrong password, too
// large, not a .pfx), the public facts right (thumbprints compared with the certificate's own DER), and the
// secret never in what a log, the audit log or the report could print (JSON, util.inspect, the error message).
import { inspect } from 'node:util';
import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { Core, type EventSink } from '../../../electron/core/core';
import {
  checkSuppliedCertificate,
  openSuppliedCertificate,
  SuppliedPfx,
} from '../../../electron/remediation/suppliedCertificate';
import { RemediationError } from '../../../electron/remediation/types';
import { PFX_MAX_BYTES } from '../../../shared/remediation';
import { makePfx, makePfxWithCert, makeTestCa, type TestCa, thumbprints } from '../../fixtures/pfx/makePfx';

const PASSWORD = 'Pfx-Secret-7f3a!';
const supplied = (pfx: Buffer, password = PASSWORD) => ({
  pfxBase64: pfx.toString('base64'),
  password,
  fileName: 'srv.pfx',
});

function refusal(pfx: Buffer, target = 'srv.example.com:3389', password = PASSWORD): string {
  try {
    openSuppliedCertificate(supplied(pfx, password), target);
  } catch (err) {
    expect(err).toBeInstanceOf(RemediationError);
    expect((err as RemediationError).code).toBe('certificate-refused');
    const message = (err as Error).message;
    expect(message).not.toContain(PASSWORD);
    return message;
  }
  throw new Error('the .pfx was not refused');
}

let ca: TestCa;
beforeAll(() => {
  ca = makeTestCa();
});

describe('openSuppliedCertificate', { timeout: 60_000 }, () => {
  it('a good .pfx from a CA: the public facts, the thumbprints of exactly its certificate, the chain', () => {
    const { pfx, cert } = makePfxWithCert({ ca, password: PASSWORD, cn: 'srv.example.com' });
    const got = openSuppliedCertificate(supplied(pfx), 'srv.example.com:3389');
    const t = thumbprints(cert);
    expect(got.facts).toMatchObject({
      sha1Thumbprint: t.sha1,
      sha256Fingerprint: t.sha256,
      subject: 'CN=srv.example.com',
      issuer: 'CN=RDP Doctor Test CA',
      sans: ['srv.example.com'],
      keyBits: 2048,
      chainLength: 1,
      fileName: 'srv.pfx',
    });
    const pem = got.secretPem();
    expect(pem.keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    // the server certificate first, then the CA
    const chain = pem.chainPem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    expect(chain.map((c) => thumbprints(forge.pki.certificateFromPem(c)).sha1)).toEqual([
      t.sha1,
      thumbprints(ca.cert).sha1,
    ]);
    expect(got.secretPfx().password).toBe(PASSWORD);
  });

  it('its secret never shows in JSON, util.inspect or a template string', () => {
    const got = openSuppliedCertificate(supplied(makePfx({ password: PASSWORD })), 'srv.example.com');
    const key = got.secretPem().keyPem.split('\n')[1] as string;
    const b64 = makePfx({ password: PASSWORD }).toString('base64').slice(0, 40);
    for (const text of [
      JSON.stringify({ job: { supplied: { certificate: got } } }),
      inspect(got, { depth: 5 }),
      `${got}`,
    ]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(key);
      expect(text).not.toContain(b64);
    }
    expect(JSON.parse(JSON.stringify(got))).toEqual(got.facts);
  });

  it('refuses each fault with its own sentence, naming the file and that nothing was sent', () => {
    expect(refusal(makePfx({ password: PASSWORD }), 'srv.example.com', 'wrong')).toBe(
      'srv.pfx was refused, nothing was sent to the host: The .pfx does not open with this password.',
    );
    expect(refusal(makePfx({ withKey: false, password: PASSWORD }))).toMatch(/holds no private key/);
    expect(refusal(makePfx({ password: PASSWORD }), 'other.example.com:3389')).toMatch(
      /names srv\.example\.com, not other\.example\.com\./,
    );
    expect(refusal(makePfx({ password: PASSWORD, sans: ['10.0.0.5'] }), '10.0.0.6')).toMatch(
      /not 10\.0\.0\.6 \(an address must be in its subjectAltName\)/,
    );
    expect(refusal(makePfx({ eku: 'client', password: PASSWORD }))).toMatch(/not be used for server authentication/);
    expect(refusal(makePfx({ start: -400, days: 30, password: PASSWORD }))).toMatch(/expired on \d{4}-/);
    expect(refusal(makePfx({ start: 10, password: PASSWORD }))).toMatch(/not valid before \d{4}-/);
    const small = forge.pki.rsa.generateKeyPair(1024);
    expect(refusal(makePfx({ keys: small, password: PASSWORD }))).toMatch(
      /The key has 1024 bits; current clients want at least 2048\./,
    );
    expect(refusal(Buffer.from('not a pfx at all'))).toMatch(/not a readable \.pfx|does not open/);
  });

  it('the target as typed is what must be named: host:port and [v6]:port are parsed, a bad target is refused', () => {
    expect(() =>
      openSuppliedCertificate(supplied(makePfx({ password: PASSWORD })), 'srv.example.com:3390'),
    ).not.toThrow();
    expect(() => openSuppliedCertificate(supplied(makePfx({ password: PASSWORD })), 'srv example')).toThrow(
      RemediationError,
    );
  });

  it('too large: refused before it is opened', () => {
    const big = Buffer.alloc(PFX_MAX_BYTES + 1, 1);
    expect(refusal(big)).toBe(
      `The .pfx file is larger than ${PFX_MAX_BYTES / 1024} KiB: that is not a server certificate.`,
    );
    expect(checkSuppliedCertificate(supplied(big), 'srv')).toEqual({
      certificate: null,
      problems: [`The .pfx file is larger than ${PFX_MAX_BYTES / 1024} KiB: that is not a server certificate.`],
    });
  });

  it('checkSuppliedCertificate: the facts of a file that opened, with every problem (for the UI)', () => {
    const r = checkSuppliedCertificate(
      supplied(makePfx({ password: PASSWORD, start: -400, days: 30 })),
      'other.example.com',
    );
    expect(r.certificate?.subject).toBe('CN=srv.example.com');
    expect(r.problems).toHaveLength(2);
    expect(checkSuppliedCertificate(supplied(makePfx({ password: PASSWORD }), 'nope'), 'srv.example.com')).toEqual({
      certificate: null,
      problems: ['The .pfx does not open with this password.'],
    });
  });

  it('a SuppliedPfx is only made by opening a checked file', () => {
    expect(openSuppliedCertificate(supplied(makePfx({ password: PASSWORD })), 'srv.example.com')).toBeInstanceOf(
      SuppliedPfx,
    );
  });
});

describe('the contract carries it (fix.checkCertificate, fix.plan, fix.start)', { timeout: 60_000 }, () => {
  const core = new Core({ mode: 'web' });
  const sink: EventSink = { emit: () => undefined };

  it('fix.checkCertificate: facts and problems, nothing reached', async () => {
    const reply = await core.handle(
      'fix.checkCertificate',
      { target: 'other.example.com', certificate: supplied(makePfx({ password: PASSWORD })) },
      sink,
    );
    expect(reply).toMatchObject({
      ok: true,
      value: {
        certificate: { subject: 'CN=srv.example.com' },
        problems: ['The certificate names srv.example.com, not other.example.com.'],
      },
    });
  });

  it('a file over the limit is refused by the contract with its size in words', async () => {
    const reply = await core.handle(
      'fix.checkCertificate',
      { target: 'srv', certificate: { pfxBase64: 'A'.repeat(Math.ceil(PFX_MAX_BYTES / 3) * 4 + 4), password: 'x' } },
      sink,
    );
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply)).toMatch(/larger than 100 KiB/);
  });

  it('fix.plan and fix.start refuse a bad .pfx before reaching any host, without echoing the password', async () => {
    for (const [name, extra] of [
      ['fix.plan', {}],
      ['fix.start', { phases: ['xrdp-restart'], planDigest: 'a'.repeat(64) }],
    ] as const) {
      const reply = await core.handle(
        name,
        {
          target: 'other.example.com',
          hostKind: 'xrdp',
          // an SSH host nothing listens on: reaching it would fail with another code
          access: { via: 'ssh', host: '127.46.0.9', port: 1, user: 'root', auth: { method: 'agent' } },
          certificate: supplied(makePfx({ password: PASSWORD })),
          ...extra,
        } as never,
        sink,
      );
      expect(reply).toMatchObject({ ok: false, error: { code: 'certificate-refused' } });
      expect(JSON.stringify(reply)).not.toContain(PASSWORD);
    }
  });
});
