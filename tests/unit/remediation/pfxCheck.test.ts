// The .pfx check, on .pfx files made here with node-forge: a good one passes; each fault is named.
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { checkPfx } from '../../../electron/remediation/xrdp/pfxCheck';

const keys2048 = forge.pki.rsa.generateKeyPair(2048);

function makePfx(
  opts: {
    cn?: string;
    sans?: string[];
    days?: number;
    start?: number;
    eku?: 'server' | 'client' | 'none';
    keys?: forge.pki.rsa.KeyPair;
    withKey?: boolean;
    password?: string;
  } = {},
): Buffer {
  const keys = opts.keys ?? keys2048;
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  const start = new Date(Date.now() + (opts.start ?? -1) * 86_400_000);
  cert.validity.notBefore = start;
  cert.validity.notAfter = new Date(start.getTime() + (opts.days ?? 365) * 86_400_000);
  const attrs = [{ name: 'commonName', value: opts.cn ?? 'srv.example.com' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  const ext: object[] = [
    {
      name: 'subjectAltName',
      altNames: (opts.sans ?? ['srv.example.com']).map((v) =>
        /^\d/.test(v) ? { type: 7, ip: v } : { type: 2, value: v },
      ),
    },
  ];
  if (opts.eku !== 'none')
    ext.push({ name: 'extKeyUsage', ...(opts.eku === 'client' ? { clientAuth: true } : { serverAuth: true }) });
  cert.setExtensions(ext);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(
    opts.withKey === false ? null : keys.privateKey,
    [cert],
    opts.password ?? 'pw',
    { algorithm: '3des' },
  );
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

describe('checkPfx', { timeout: 60_000 }, () => {
  it('a good .pfx: key, names the host, server auth, valid, 2048 bits', () => {
    const c = checkPfx(makePfx(), 'pw', 'srv.example.com');
    expect(c.problems).toEqual([]);
    expect(c).toMatchObject({ ok: true, keyBits: 2048, serverAuth: true, sans: ['srv.example.com'] });
  });
  it('wrong password, no key, wrong name, client-only EKU, expired, not yet valid: each said plainly', () => {
    expect(checkPfx(makePfx(), 'nope', 'srv.example.com').problems).toEqual([
      'The .pfx does not open with this password.',
    ]);
    expect(checkPfx(makePfx({ withKey: false }), 'pw', 'srv.example.com').problems[0]).toMatch(/no private key/);
    expect(checkPfx(makePfx(), 'pw', 'other.example.com').problems).toEqual([
      'The certificate names srv.example.com, not other.example.com.',
    ]);
    expect(checkPfx(makePfx({ eku: 'client' }), 'pw', 'srv.example.com').problems[0]).toMatch(/server authentication/);
    expect(checkPfx(makePfx({ start: -400, days: 30 }), 'pw', 'srv.example.com').problems[0]).toMatch(/expired on/);
    expect(checkPfx(makePfx({ start: 10 }), 'pw', 'srv.example.com').problems[0]).toMatch(/not valid before/);
  });
  it('wildcards name one label; an IP must be in the SANs; no EKU means any use', () => {
    expect(checkPfx(makePfx({ sans: ['*.example.com'] }), 'pw', 'srv.example.com').ok).toBe(true);
    expect(checkPfx(makePfx({ sans: ['*.example.com'] }), 'pw', 'a.srv.example.com').ok).toBe(false);
    expect(checkPfx(makePfx({ sans: ['10.0.0.5'] }), 'pw', '10.0.0.5').ok).toBe(true);
    expect(checkPfx(makePfx({ eku: 'none' }), 'pw', 'srv.example.com').serverAuth).toBe(true);
  });
  it('a short key is named', () => {
    const small = forge.pki.rsa.generateKeyPair(1024);
    expect(checkPfx(makePfx({ keys: small }), 'pw', 'srv.example.com').problems).toEqual([
      'The key has 1024 bits; current clients want at least 2048.',
    ]);
  });
  it('garbage is not a .pfx', () => {
    expect(checkPfx(Buffer.from('not a pfx'), 'pw', 'h').problems[0]).toMatch(/not a readable \.pfx|does not open/);
  });
});
