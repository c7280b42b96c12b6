// The Fix screen's .pfx (fixCertificateSlice.ts) with the contract FAKED (fakeApi): the size limit in words
// before the file is read, what fix.checkCertificate is sent, a certificate offered to the plan only after a
// clean check, the phases "Fix this" asks for with and without one, and the password dropped by clearPfx.
// The real core and host: tests/e2e/fix-wizard-pfx.test.ts.
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/app/store/createAppStore';
import {
  offersCertificate,
  phasesWithCertificate,
  suppliedCertificate,
} from '../../../renderer/app/store/fixCertificateSlice';
import { PFX_MAX_BYTES, type SuppliedCertificateFacts } from '../../../shared/remediation';
import { fakeApi, MemoryStorage } from './fakeApi';
import { brokenXrdp } from './fixFixtures';

const facts: SuppliedCertificateFacts = {
  sha1Thumbprint: 'A'.repeat(40),
  sha256Fingerprint: 'B'.repeat(64),
  subject: 'CN=srv',
  issuer: 'CN=Corp CA',
  sans: ['srv'],
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2027-01-01T00:00:00.000Z',
  keyBits: 2048,
  chainLength: 1,
};

function store(problems: string[] = []) {
  const api = fakeApi({ 'fix.checkCertificate': () => ({ certificate: facts, problems }) });
  const s = createAppStore({ api: () => api, storage: new MemoryStorage(), decodeDebounceMs: 0 });
  s.setState({ runTarget: 'srv:3389', fixHostKind: 'xrdp' });
  return { s, api };
}

describe('the .pfx on the Fix screen', () => {
  it('too large: refused in words, nothing kept, nothing sent', () => {
    const { s, api } = store();
    s.getState().choosePfx('huge.pfx', new Uint8Array(PFX_MAX_BYTES + 1));
    expect(s.getState().fixPfx).toBeNull();
    expect(s.getState().fixPfxMessage).toBe(
      "huge.pfx is 101 KiB: a .pfx larger than 100 KiB is not a server certificate. Choose the server's .pfx.",
    );
    expect(api.calls).toEqual([]);
  });

  it('the check sends the file (base64) and the password; only a clean check offers it to the plan', async () => {
    const { s, api } = store();
    s.getState().choosePfx('srv.pfx', new Uint8Array([1, 2, 3, 250]));
    s.getState().setPfxPassword('pfx-secret');
    expect(suppliedCertificate(s.getState())).toBeUndefined();
    await s.getState().checkPfx();
    expect(api.calls).toEqual([
      {
        name: 'fix.checkCertificate',
        req: {
          target: 'srv:3389',
          certificate: { fileName: 'srv.pfx', pfxBase64: 'AQID+g==', password: 'pfx-secret' },
        },
      },
    ]);
    expect(suppliedCertificate(s.getState())).toEqual({
      fileName: 'srv.pfx',
      pfxBase64: 'AQID+g==',
      password: 'pfx-secret',
    });
    // typing another password needs another check
    s.getState().setPfxPassword('other');
    expect(suppliedCertificate(s.getState())).toBeUndefined();
    s.getState().clearPfx();
    expect([s.getState().fixPfx, s.getState().fixPfxPassword, s.getState().fixPfxCheck]).toEqual([null, '', null]);
  });

  it('a refused one is never offered', async () => {
    const { s } = store(['The certificate names srv, not other.']);
    s.getState().choosePfx('srv.pfx', new Uint8Array([1]));
    await s.getState().checkPfx();
    expect(s.getState().fixPfxCheck?.problems).toEqual(['The certificate names srv, not other.']);
    expect(suppliedCertificate(s.getState())).toBeUndefined();
  });

  it('"Fix this": without a .pfx no install phase; with one, it stands in for a new self-signed certificate', () => {
    const offered = ['xrdp-regenerate-cert', 'xrdp-install-certificate', 'xrdp-restart'];
    expect(phasesWithCertificate(offered, 'xrdp', false)).toEqual(['xrdp-regenerate-cert', 'xrdp-restart']);
    expect(phasesWithCertificate(['xrdp-regenerate-cert', 'xrdp-restart'], 'xrdp', true, ['tls-cert-expired'])).toEqual(
      ['xrdp-install-certificate', 'xrdp-restart'],
    );
    // a phase for another finding stays
    expect(
      phasesWithCertificate(['xrdp-set-ssl-protocols', 'xrdp-restart'], 'xrdp', true, ['tls-legacy-only']),
    ).toEqual(['xrdp-set-ssl-protocols', 'xrdp-install-certificate', 'xrdp-restart']);
  });

  it('offered where the certificate is what is wrong (or a .pfx is chosen), for a kind that can install one', () => {
    const { s } = store();
    const withFindings = (ids: string[]) =>
      s.setState({
        result: { ...brokenXrdp(), findings: ids.map((id) => ({ ...brokenXrdp().findings[0], id })) } as never,
      });
    withFindings(['tls-unavailable']);
    expect(offersCertificate(s.getState())).toBe(false);
    withFindings(['tls-cert-self-signed']);
    expect(offersCertificate(s.getState())).toBe(true);
    withFindings([]);
    s.getState().choosePfx('srv.pfx', new Uint8Array([1]));
    expect(offersCertificate(s.getState())).toBe(true);
  });
});
