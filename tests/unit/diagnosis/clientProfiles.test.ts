// The pure half of "which clients will connect": the planner (which handshakes the version probes leave open) and
// the verdict per profile, from hand-made facts; the real-server half is tests/integration/client-profiles-xrdp.test.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeClients } from '../../../electron/diagnosis/clientProfiles';
import { cipherString, planClientChecks } from '../../../electron/probe/cipherEnum';
import { CLIENT_PROFILES, profileOffers, SUITE_OPENSSL_NAME } from '../../../shared/clientProfileTable';
import type { ProbeResult, TlsVersionName, TlsVersionResult } from '../../../shared/probe';

const VERSIONS: TlsVersionName[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const ok = (version: TlsVersionName, cipher: string): TlsVersionResult => ({ version, ok: true, cipher, ms: 1 });
const refused = (version: TlsVersionName): TlsVersionResult => ({
  version,
  ok: false,
  failure: { kind: 'protocol_version', message: 'x' },
  ms: 1,
});
function result(versions: TlsVersionResult[], extra: Partial<ProbeResult> = {}): ProbeResult {
  return {
    tls: { via: 'tls', versions, certificate: null },
    negotiation: null,
    clients: { checks: [], profiles: [] },
    ...extra,
  } as unknown as ProbeResult;
}
const verdicts = (r: ProbeResult) => Object.fromEntries(judgeClients(r).map((v) => [v.profile, v.willConnect]));

describe('client profile table', () => {
  it('names every suite in the IANA → OpenSSL map (so every offer can be made exactly)', () => {
    for (const p of CLIENT_PROFILES)
      for (const o of profileOffers(p)) for (const s of o.suites) expect(SUITE_OPENSSL_NAME[s], s).toBeTruthy();
  });
  it('cipherString offers exactly the listed suites and lets our OpenSSL offer legacy versions', () => {
    expect(cipherString(['TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_AES_128_GCM_SHA256'])).toBe(
      'AES128-SHA:TLS_AES_128_GCM_SHA256:@SECLEVEL=0',
    );
  });
});

describe('planClientChecks', () => {
  it('a healthy xrdp (1.2 ECDHE_RSA GCM, 1.3) leaves only Windows 7 TLS 1.2 list open', () => {
    const plan = planClientChecks([
      refused('TLSv1'),
      refused('TLSv1.1'),
      ok('TLSv1.2', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'),
      ok('TLSv1.3', 'TLS_AES_256_GCM_SHA384'),
    ]);
    expect(plan.map((p) => [p.version, p.profiles])).toEqual([['TLSv1.2', ['win7']]]);
  });
  it('never plans a handshake for a refused version or an already-answered suite (property)', () => {
    const suiteNames = Object.keys(SUITE_OPENSSL_NAME);
    const versionResult = (v: TlsVersionName) =>
      fc.oneof(
        fc.constant(refused(v)),
        fc.constantFrom(...suiteNames).map((s) => ok(v, s)),
      );
    fc.assert(
      fc.property(fc.tuple(...VERSIONS.map(versionResult)), (versions) => {
        const plan = planClientChecks(versions);
        const keys = new Set<string>();
        for (const p of plan) {
          const v = versions.find((x) => x.version === p.version)!;
          expect(v.ok).toBe(true);
          expect(p.offered).not.toContain(v.cipher);
          const key = `${p.version}|${p.offered.join(',')}`;
          expect(keys.has(key)).toBe(false);
          keys.add(key);
        }
      }),
    );
  });
});

describe('judgeClients', () => {
  it('TLS 1.0 only: Windows 7–10 yes, Windows 11 and macOS unknown, FreeRDP no', () => {
    const r = result([
      ok('TLSv1', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA'),
      refused('TLSv1.1'),
      refused('TLSv1.2'),
      refused('TLSv1.3'),
    ]);
    expect(verdicts(r)).toEqual({
      win7: 'yes',
      win81: 'yes',
      win10: 'yes',
      win11: 'unknown',
      macos: 'unknown',
      'freerdp-level1': 'no',
      'freerdp-level2': 'no',
    });
  });
  it('Windows 7 says "needs the update" when only its TLS 1.2 handshake works', () => {
    const r = result([
      refused('TLSv1'),
      refused('TLSv1.1'),
      ok('TLSv1.2', 'TLS_RSA_WITH_AES_128_GCM_SHA256'),
      refused('TLSv1.3'),
    ]);
    const win7 = judgeClients(r).find((v) => v.profile === 'win7')!;
    expect(win7).toMatchObject({ willConnect: 'no' });
    expect(win7.why).toMatch(/^needs the update KB3080079: TLS 1\.0 refused; with the update it would use TLS 1\.2/);
  });
  it('a handshake that timed out gives unknown, never a guess', () => {
    const versions = [
      refused('TLSv1'),
      refused('TLSv1.1'),
      ok('TLSv1.2', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'),
      refused('TLSv1.3'),
    ];
    const [check] = planClientChecks(versions);
    const r = result(versions, {
      clients: { checks: [{ ...check!, ok: false, failure: 'timeout', ms: 5000 }], profiles: [] },
    });
    expect(verdicts(r).win7).toBe('unknown');
  });
  it('a weak key is a warning on a yes for the OpenSSL and macOS rows (measured with xfreerdp), not a no', () => {
    const r = result([
      refused('TLSv1'),
      refused('TLSv1.1'),
      refused('TLSv1.2'),
      ok('TLSv1.3', 'TLS_AES_256_GCM_SHA384'),
    ]);
    r.tls!.certificate = {
      keyType: 'rsa',
      keyBits: 1024,
      signatureAlgorithm: 'sha256WithRSAEncryption',
      selfSigned: true,
    } as never;
    const level2 = judgeClients(r).find((v) => v.profile === 'freerdp-level2')!;
    expect(level2.willConnect).toBe('yes');
    expect(level2.why).toMatch(/1024-bit RSA key/);
    expect(judgeClients(r).find((v) => v.profile === 'freerdp-level1')!.why).not.toMatch(/1024/);
  });
  it('no TLS at all: one unknown row per profile when the server speaks Standard RDP Security; none when unreachable', () => {
    const rdpOnly = { tls: null, negotiation: { supports: { rdp: true } } } as unknown as ProbeResult;
    expect(new Set(Object.values(verdicts(rdpOnly)))).toEqual(new Set(['unknown']));
    expect(judgeClients({ tls: null, negotiation: null } as unknown as ProbeResult)).toEqual([]);
  });
});

describe('enumerateClientSuites', () => {
  it('makes no connection when the probe is already cancelled or there is no TLS', async () => {
    const { enumerateClientSuites } = await import('../../../electron/probe/cipherEnum');
    const controller = new AbortController();
    controller.abort();
    const facts = {
      negotiation: { attempts: [], supports: { tls: true }, notRdp: null },
      tls: {
        via: 'tls',
        versions: [refused('TLSv1'), ok('TLSv1.2', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384')],
        certificate: null,
      },
    };
    // 192.0.2.1 (TEST-NET-1) is never connected to: an aborted probe returns before any socket
    const ctx = {
      host: '192.0.2.1',
      port: 3389,
      address: '192.0.2.1',
      signal: controller.signal,
      deadline: Date.now() + 1000,
      facts,
    };
    await expect(enumerateClientSuites(ctx as never)).resolves.toEqual([]);
    const live = {
      ...ctx,
      signal: new AbortController().signal,
      facts: { ...facts, negotiation: { attempts: [], supports: { rdp: true }, notRdp: null } },
    };
    await expect(enumerateClientSuites(live as never)).resolves.toEqual([]);
  });
});
