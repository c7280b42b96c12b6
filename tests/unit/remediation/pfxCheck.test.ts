// The .pfx check, on .pfx files made in the test with node-forge (tests/fixtures/pfx): a good one passes; each fault is named.
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { checkPfx } from '../../../electron/remediation/pfxCheck';
import { makePfx } from '../../fixtures/pfx/makePfx';

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
