/**
 * The rules, on HAND-MADE probe results (tests/unit/diagnosis/handmadeProbe.ts, schema-validated): healthy
 * hosts get no error, each broken configuration gets its finding with this probe's evidence, the root cause
 * comes first, and later facts are not judged once an earlier step failed.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../electron/diagnosis/diagnose';
import { makeFinding } from '../../../electron/diagnosis/makeFinding';
import { orderFindings } from '../../../electron/diagnosis/rootCauseOrder';
import { FINDING_CATALOGUE, FIX_PHASES, type FindingId } from '../../../shared/findings';
import { type Finding, FindingSchema, type ProbeResult } from '../../../shared/probe';
import {
  cert,
  daysFromProbe,
  failure,
  healthyWindows,
  healthyXrdp,
  NO_SUPPORT_KNOWN,
  selected,
  silent,
  tlsFail,
  tlsOk,
  variant,
} from './handmadeProbe';

const ids = (r: ProbeResult) => diagnose(r).map((f) => f.id);
const find = (r: ProbeResult, id: string) => diagnose(r).find((f) => f.id === id);
const errors = (r: ProbeResult) => diagnose(r).filter((f) => f.severity === 'error');

describe('healthy hosts', () => {
  it('a healthy Windows host with NLA gets no error and no warning: the self-signed certificate is a note', () => {
    const r = healthyWindows();
    expect(errors(r)).toEqual([]);
    expect(ids(r)).toEqual(['tls-cert-self-signed', 'nla-required']);
    expect(diagnose(r).map((f) => f.severity)).toEqual(['info', 'info']);
    expect(find(r, 'nla-required')?.detail).toMatch(
      /asked for Standard RDP Security, TLS or RDSTLS \(a TLS logon used by Azure and by server redirection\), the server refused with HYBRID_REQUIRED_BY_SERVER/,
    );
  });

  // Issue 18 lowered these from warnings: an out-of-the-box xrdp that accepts connections is ok.
  it('a healthy xrdp gets no error and no warning; no NLA and the self-signed, mismatching certificate are notes', () => {
    const r = healthyXrdp();
    expect(errors(r)).toEqual([]);
    expect(ids(r)).toEqual(['tls-cert-name-mismatch', 'tls-cert-self-signed', 'nla-unsupported']);
    expect(diagnose(r).map((f) => f.severity)).toEqual(['info', 'info', 'info']);
    expect(find(r, 'nla-unsupported')?.detail).toMatch(/asked for CredSSP \(NLA\), the server selected TLS instead/);
    expect(find(r, 'tls-cert-name-mismatch')?.detail).toContain('"xrdp-host", not "127.0.0.1"');
  });

  it('a trusted certificate for the right name gets no certificate finding at all', () => {
    const r = variant(healthyWindows(), (x) => {
      if (x.tls)
        x.tls.certificate = cert({ selfSigned: false, trusted: true, issuer: 'CN=Corp CA', trustError: undefined });
    });
    expect(ids(r)).toEqual(['nla-required']);
  });
});

describe('every finding carries the catalogue and valid fix phases', () => {
  it('shape', () => {
    for (const r of [healthyWindows(), healthyXrdp()]) {
      for (const f of diagnose(r)) {
        expect(FindingSchema.parse(f)).toEqual(f);
        const entry = FINDING_CATALOGUE[f.id as keyof typeof FINDING_CATALOGUE];
        expect(f.title).toBe(entry.title);
        expect(f.detail).toContain(entry.explanation);
        expect(f.evidence.length).toBeGreaterThan(0);
        for (const p of f.fixPhases.windows) expect(FIX_PHASES[p]?.hostKind).toBe('windows');
        for (const p of f.fixPhases.xrdp) expect(FIX_PHASES[p]?.hostKind).toBe('xrdp');
      }
    }
  });
});

describe('TLS', () => {
  it('Windows TermService without its private key: TLS agreed, every handshake aborted → tls-handshake-failed first, no certificate findings', () => {
    const r = variant(healthyWindows(), (x) => {
      if (!x.tls) throw new Error('fixture');
      x.tls.versions = [
        tlsFail('TLSv1', 'reset'),
        tlsFail('TLSv1.1', 'reset'),
        tlsFail('TLSv1.2', 'internal_error', 'internal_error'),
        tlsFail('TLSv1.3', 'closed'),
      ];
      x.tls.certificate = null;
      x.credssp = null;
    });
    const findings = diagnose(r);
    expect(findings[0]?.id).toBe('tls-handshake-failed');
    expect(findings[0]?.severity).toBe('error');
    expect(findings[0]?.explainsCodes).toContain('0x904/0x7');
    expect(findings[0]?.detail).toMatch(
      /negotiation selected CredSSP, which runs inside TLS, then every TLS handshake failed \(TLSv1 was reset; .*TLSv1\.2 ended with alert internal_error \(a TLS alert meaning the server failed on its own side, typically when it cannot use its private key\); TLSv1\.3 was closed without an alert\)/,
    );
    expect(findings[0]?.fixPhases.windows).toContain('win-grant-machinekeys-read');
    expect(ids(r).filter((id) => id.startsWith('tls-cert'))).toEqual([]);
  });

  it('a certificate left over from a failed handshake is not judged', () => {
    const r = variant(healthyWindows(), (x) => {
      if (!x.tls) throw new Error('fixture');
      x.tls.versions = [tlsFail('TLSv1.2', 'reset'), tlsFail('TLSv1.3', 'reset')];
      x.tls.certificate = cert({ notAfter: daysFromProbe(-5) });
    });
    expect(ids(r)).not.toContain('tls-cert-expired');
    expect(ids(r)[0]).toBe('tls-handshake-failed');
  });

  it('handshakes our own OpenSSL refused do not count as server failures', () => {
    const r = variant(healthyXrdp(), (x) => {
      if (!x.tls) throw new Error('fixture');
      x.tls.versions = [tlsFail('TLSv1', 'client_refused'), tlsFail('TLSv1.1', 'client_refused')];
      x.tls.certificate = null;
    });
    expect(ids(r)).not.toContain('tls-handshake-failed');
  });

  it('only TLS 1.0 works → tls-legacy-only (error: current Windows has 1.0/1.1 off)', () => {
    const r = variant(healthyXrdp(), (x) => {
      if (!x.tls) throw new Error('fixture');
      x.tls.versions = [
        tlsOk('TLSv1'),
        tlsFail('TLSv1.1', 'protocol_version'),
        tlsFail('TLSv1.2', 'protocol_version'),
        tlsFail('TLSv1.3', 'protocol_version'),
      ];
    });
    const f = find(r, 'tls-legacy-only');
    expect(f?.severity).toBe('error');
    expect(f?.detail).toMatch(/Seen here: only TLSv1 completed; TLSv1\.2 failed \(protocol_version\), TLSv1\.3 failed/);
    expect(ids(r)[0]).toBe('tls-legacy-only');
  });

  it('TLS 1.0 accepted besides 1.2 is not legacy-only', () => {
    const r = variant(healthyXrdp(), (x) => {
      if (x.tls) x.tls.versions = [tlsOk('TLSv1'), tlsOk('TLSv1.2'), tlsFail('TLSv1.3', 'protocol_version')];
    });
    expect(ids(r)).not.toContain('tls-legacy-only');
  });
});

describe('certificate state (relative to when the probe ran)', () => {
  const withCert = (c: Parameters<typeof cert>[0]) =>
    variant(healthyWindows(), (x) => {
      if (x.tls) x.tls.certificate = cert(c);
    });

  it.each([
    [{ notAfter: daysFromProbe(-3) }, 'tls-cert-expired', /expired on .* 3 days before this probe/],
    [{ notBefore: daysFromProbe(2) }, 'tls-cert-not-yet-valid', /becomes valid on .* 2 days after this probe/],
    [{ notAfter: daysFromProbe(10) }, 'tls-cert-expiring-soon', /in 10 days/],
    [{ notAfter: daysFromProbe(13) }, 'tls-cert-expiring-soon', /in 13 days/],
    [{ keyBits: 1024 }, 'tls-cert-weak', /1024-bit RSA key/],
    [{ signatureAlgorithm: 'sha1WithRSAEncryption' }, 'tls-cert-weak', /sha1WithRSAEncryption signature/],
    [{ keyType: 'ec', keyBits: 192 }, 'tls-cert-weak', /192-bit EC key/],
    [
      { nameMatches: false, sans: ['DNS:other.example'], selfSigned: false, issuer: 'CN=Corp CA', trusted: true },
      'tls-cert-name-mismatch',
      /"DNS:other.example", not "srv01.corp.example"/,
    ],
  ])('%o → %s', (c, id, detail) => {
    const f = find(withCert(c), id);
    expect(f, id).toBeDefined();
    expect(f?.detail).toMatch(detail);
    expect(f?.detail).toContain('A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
    expect(f?.severity).toBe(FINDING_CATALOGUE[id as keyof typeof FINDING_CATALOGUE].severity);
  });

  it.each([
    [{ selfSigned: true }],
    [{ selfSigned: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT' }],
    [{ selfSigned: false, trustError: undefined }],
  ])("self-signed by the signature check, OpenSSL's verdict or issuer = subject: %o", (c) => {
    expect(ids(withCert(c))).toContain('tls-cert-self-signed');
  });

  it('issued by another name and not trusted here is not "self-signed"', () => {
    const r = withCert({ selfSigned: false, issuer: 'CN=Corp CA', trustError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY' });
    expect(ids(r)).not.toContain('tls-cert-self-signed');
    // the server sent its CA's (self-signed) root along, which this computer does not trust (a .pfx with its chain)
    const chain = withCert({ selfSigned: false, issuer: 'CN=Corp CA', trustError: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(ids(chain)).not.toContain('tls-cert-self-signed');
  });

  it('sha256 and 2048-bit RSA, valid for 265 more days: nothing to say', () => {
    const r = withCert({ selfSigned: false, trusted: true });
    expect(ids(r).filter((id) => id.startsWith('tls-cert'))).toEqual([]);
  });

  it('a certificate expiring in 14 to 30 days is a note; within 14 days a warning', () => {
    expect(find(withCert({ notAfter: daysFromProbe(20) }), 'tls-cert-expiring-soon')?.severity).toBe('info');
    expect(find(withCert({ notAfter: daysFromProbe(3) }), 'tls-cert-expiring-soon')?.severity).toBe('warning');
  });

  it('a wrong name on an untrusted self-signed certificate is a note; on a trusted one a warning', () => {
    const self = withCert({ nameMatches: false, selfSigned: true });
    expect(find(self, 'tls-cert-name-mismatch')?.severity).toBe('info');
    const trusted = withCert({ nameMatches: false, selfSigned: false, issuer: 'CN=Corp CA', trusted: true });
    expect(find(trusted, 'tls-cert-name-mismatch')?.severity).toBe('warning');
  });

  it('expired is not also "expiring soon"', () => {
    expect(ids(withCert({ notAfter: daysFromProbe(-1) }))).not.toContain('tls-cert-expiring-soon');
  });
});

describe('negotiation', () => {
  it('xrdp security_layer=rdp (or an unreadable key): TLS asked, Standard RDP selected → tls-unavailable first', () => {
    const r = variant(healthyXrdp(), (x) => {
      x.negotiation = {
        attempts: [
          selected('rdp', 'rdp'),
          selected('tls', 'rdp'),
          selected('hybrid', 'rdp'),
          selected('hybridEx', 'rdp'),
          selected('rdstls', 'rdp'),
        ],
        supports: { rdp: true, tls: false, hybrid: false, hybridEx: false, rdstls: false },
        notRdp: null,
      };
      x.tls = null;
    });
    const findings = diagnose(r);
    expect(findings.map((f) => f.id)).toEqual(['tls-unavailable', 'nla-unsupported']);
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.detail).toMatch(
      /unreadable key.*Seen here: when asked for TLS, the server selected Standard RDP Security instead/,
    );
    expect(findings[0]?.evidence).toContain('asked for TLS → the server selected Standard RDP Security');
    expect(findings[0]?.evidence).toContain(
      'Standard RDP Security in use: ENCRYPTION_LEVEL_CLIENT_COMPATIBLE, 128BIT_ENCRYPTION_FLAG, proprietary server certificate (2048-bit RSA)',
    );
    expect(findings[0]?.fixPhases.xrdp).toEqual([
      'xrdp-fix-key-permissions',
      'xrdp-set-security-layer',
      'xrdp-restart',
    ]);
  });

  it('SSL_CERT_NOT_ON_SERVER is its own error, tls-cert-unavailable, not a fallback to Standard RDP Security', () => {
    const r = variant(healthyXrdp(), (x) => {
      x.negotiation = {
        attempts: [
          failure('rdp', 'SSL_REQUIRED_BY_SERVER'),
          failure('tls', 'SSL_CERT_NOT_ON_SERVER'),
          failure('hybrid', 'SSL_CERT_NOT_ON_SERVER'),
        ],
        supports: { ...NO_SUPPORT_KNOWN, rdp: false, tls: false, hybrid: false },
        notRdp: null,
      };
      x.tls = null;
      x.rdpSecurity = null;
    });
    expect(find(r, 'tls-unavailable')).toBeUndefined();
    // a CredSSP request refused for want of a certificate says nothing about NLA
    expect(find(r, 'nla-unsupported')).toBeUndefined();
    const f = find(r, 'tls-cert-unavailable');
    expect(f?.severity).toBe('error');
    expect(diagnose(r).map((x) => x.id)).toEqual(['tls-cert-unavailable']);
    expect(f?.detail).toMatch(/refused with RDP_NEG_FAILURE SSL_CERT_NOT_ON_SERVER/);
    expect(f?.detail).not.toMatch(/falls back/);
    expect(f?.fixPhases.xrdp[0]).toBe('xrdp-fix-key-permissions');
    expect(f?.fixPhases.windows[0]).toBe('win-regenerate-self-signed-cert');
    expect(f?.fixPhases.windows).not.toContain('win-set-security-layer');
    expect(f?.evidence).toContain(
      'asked for TLS → the server refused with RDP_NEG_FAILURE SSL_CERT_NOT_ON_SERVER (0x3)',
    );
  });

  it('TLS refused with SSL_NOT_ALLOWED_BY_SERVER and nothing selected at all → tls-unavailable is an error', () => {
    const r = variant(healthyXrdp(), (x) => {
      x.negotiation = {
        attempts: [failure('tls', 'SSL_NOT_ALLOWED_BY_SERVER'), failure('hybrid', 'SSL_NOT_ALLOWED_BY_SERVER')],
        supports: { ...NO_SUPPORT_KNOWN, tls: false, hybrid: false },
        notRdp: null,
      };
      x.tls = null;
    });
    const f = find(r, 'tls-unavailable');
    expect(f?.severity).toBe('error');
    expect(f?.detail).toMatch(/refused with SSL_NOT_ALLOWED_BY_SERVER/);
  });

  it('a pre-RDP 5 server (X.224 confirm without negotiation data) offers neither TLS nor NLA', () => {
    const legacy = (p: 'rdp' | 'tls' | 'hybrid') => ({ requested: p, outcome: 'legacy' as const, ms: 3 });
    const r = variant(healthyXrdp(), (x) => {
      x.negotiation = {
        attempts: [legacy('rdp'), legacy('tls'), legacy('hybrid')],
        supports: NO_SUPPORT_KNOWN,
        notRdp: null,
      };
      x.tls = null;
    });
    expect(ids(r)).toEqual(['tls-unavailable', 'nla-unsupported']);
  });

  it('a server that requires TLS (SSL_REQUIRED_BY_SERVER for Standard RDP) is fine', () => {
    const r = variant(healthyXrdp(), (x) => {
      if (x.negotiation) x.negotiation.attempts[0] = failure('rdp', 'SSL_REQUIRED_BY_SERVER');
    });
    expect(ids(r)).not.toContain('tls-unavailable');
  });

  it('no usable answer to the CredSSP request says nothing about NLA', () => {
    const r = variant(healthyXrdp(), (x) => {
      if (!x.negotiation) throw new Error('fixture');
      x.negotiation.attempts = x.negotiation.attempts.map((a) =>
        a.requested.startsWith('hybrid') ? silent(a.requested, 'no-response') : a,
      );
      x.negotiation.supports = { ...NO_SUPPORT_KNOWN };
    });
    expect(ids(r)).not.toContain('nla-unsupported');
    expect(ids(r)).not.toContain('nla-required');
  });
});

describe('reachability stops the rest', () => {
  const unreachable = (change: (x: ProbeResult) => void) =>
    variant(healthyWindows(), (x) => {
      change(x);
      x.negotiation = null;
      x.tls = null;
      x.credssp = null;
      x.stability = null;
    });

  it('DNS: no address → dns-unresolved only', () => {
    const r = unreachable((x) => {
      if (x.target) x.target.addresses = [];
      x.tcp = null;
      x.steps.target = {
        status: 'failed',
        durationMs: 20,
        summary: '',
        error: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND srv01.corp.example' },
      };
    });
    expect(ids(r)).toEqual(['dns-unresolved']);
    expect(find(r, 'dns-unresolved')?.detail).toContain('"srv01.corp.example"');
  });

  it('DNS failure reported only by the step (no target facts)', () => {
    const r = unreachable((x) => {
      x.target = null;
      x.tcp = null;
      x.steps.target = {
        status: 'failed',
        durationMs: 20,
        summary: '',
        error: { code: 'dns-failed', message: 'no such host' },
      };
    });
    expect(ids(r)).toEqual(['dns-unresolved']);
  });

  it('a bad host typed is not a DNS finding', () => {
    const r = unreachable((x) => {
      x.target = null;
      x.tcp = null;
      x.steps.target = {
        status: 'failed',
        durationMs: 0,
        summary: '',
        error: { code: 'invalid-target', message: 'not a host' },
      };
    });
    expect(ids(r)).toEqual([]);
  });

  it.each([
    [['refused'], 'tcp-refused'],
    [['reset'], 'tcp-refused'],
    [['timeout'], 'tcp-timeout'],
    [['unreachable'], 'tcp-timeout'],
    [['timeout', 'refused'], 'tcp-refused'],
  ])('TCP %j → %s', (codes, id) => {
    const r = unreachable((x) => {
      x.tcp = {
        address: null,
        port: 3389,
        connectMs: null,
        attempts: codes.map((c, i) => ({
          address: `10.0.0.${i + 5}`,
          ok: false,
          ms: c === 'timeout' ? 3000 : 1,
          errorCode: c,
        })),
      };
    });
    expect(ids(r)).toEqual([id]);
    expect(find(r, id)?.severity).toBe('error');
    expect(find(r, id)?.evidence[0]).toMatch(new RegExp(`TCP 10\\.0\\.0\\.5 port 3389: ${codes[0]}`));
  });

  it('TCP failure known only from the step error', () => {
    const r = unreachable((x) => {
      x.tcp = null;
      x.steps.tcp = {
        status: 'failed',
        durationMs: 3000,
        summary: '',
        error: { code: 'timeout', message: 'no answer within 3000 ms' },
      };
    });
    expect(ids(r)).toEqual(['tcp-timeout']);
  });

  it('a listener that never answers → no-response, nothing else', () => {
    const r = variant(healthyWindows(), (x) => {
      x.negotiation = {
        attempts: (['rdp', 'tls', 'hybrid'] as const).map((p) => silent(p, 'no-response')),
        supports: NO_SUPPORT_KNOWN,
        notRdp: null,
      };
      x.tls = null;
      x.credssp = null;
    });
    expect(ids(r)).toEqual(['no-response']);
    expect(find(r, 'no-response')?.detail).toMatch(/none of 3 RDP connection requests got an answer/);
  });

  it('the probe deadline hit while waiting for answers → still no-response', () => {
    const aborted = (p: 'rdp' | 'tls' | 'hybridEx', code: string) => ({
      requested: p,
      outcome: 'error' as const,
      error: { code, message: 'the probe was cancelled or hit its deadline' },
      ms: 4002,
    });
    const r = variant(healthyWindows(), (x) => {
      x.aborted = true;
      x.negotiation = {
        attempts: [aborted('rdp', 'X224_ABORTED'), aborted('tls', 'X224_ABORTED'), aborted('hybridEx', 'TCP_ABORTED')],
        supports: NO_SUPPORT_KNOWN,
        notRdp: null,
      };
      x.tls = null;
      x.credssp = null;
    });
    expect(ids(r)).toEqual(['no-response']);
    expect(find(r, 'no-response')?.detail).toMatch(/none of 3 RDP connection requests got an answer in 4\.0 s/);
  });

  it('a probe cancelled a moment after connecting says nothing about the listener', () => {
    const r = variant(healthyWindows(), (x) => {
      x.aborted = true;
      x.negotiation = {
        attempts: (['rdp', 'tls'] as const).map((p) => ({
          requested: p,
          outcome: 'error' as const,
          error: { code: 'X224_ABORTED', message: 'the probe was cancelled or hit its deadline' },
          ms: 150,
        })),
        supports: NO_SUPPORT_KNOWN,
        notRdp: null,
      };
      x.tls = null;
      x.credssp = null;
    });
    expect(ids(r)).toEqual([]);
  });

  it('negotiation connects that all failed at TCP level are not "no-response"', () => {
    const r = variant(healthyWindows(), (x) => {
      x.negotiation = {
        attempts: (['rdp', 'tls'] as const).map((p) => ({
          requested: p,
          outcome: 'error' as const,
          error: { code: 'TCP_TIMEOUT', message: 'no answer to the connection attempt' },
          ms: 3000,
        })),
        supports: NO_SUPPORT_KNOWN,
        notRdp: null,
      };
      x.tls = null;
      x.credssp = null;
    });
    expect(ids(r)).not.toContain('no-response');
  });

  it('a listener that closes at once → no-response with that evidence', () => {
    const r = variant(healthyWindows(), (x) => {
      x.negotiation = {
        attempts: [silent('rdp', 'closed'), silent('tls', 'closed')],
        supports: NO_SUPPORT_KNOWN,
        notRdp: null,
      };
      x.tls = null;
    });
    expect(find(r, 'no-response')?.detail).toMatch(/closed it without answering/);
  });

  it('an SSH server on the port → not-rdp with its banner', () => {
    const r = variant(healthyWindows(), (x) => {
      x.negotiation = {
        attempts: [silent('rdp', 'not-rdp'), silent('tls', 'not-rdp')],
        supports: NO_SUPPORT_KNOWN,
        notRdp: { kind: 'ssh', sample: 'SSH-2.0-OpenSSH_9.2p1 Debian-2' },
      };
      x.tls = null;
      x.credssp = null;
    });
    expect(ids(r)).toEqual(['not-rdp']);
    expect(find(r, 'not-rdp')?.detail).toContain('like an SSH server: "SSH-2.0-OpenSSH_9.2p1 Debian-2"');
  });
});

describe('CredSSP, clock and credentials', () => {
  it.each([
    [3, true],
    [4, true],
    [5, false],
    [6, false],
  ])('TSRequest version %i → credssp-outdated: %s', (version, expected) => {
    const r = variant(healthyWindows(), (x) => {
      if (x.credssp) x.credssp.tsRequestVersion = version;
    });
    expect(ids(r).includes('credssp-outdated')).toBe(expected);
    if (expected) {
      expect(find(r, 'credssp-outdated')?.severity).toBe('error');
      expect(find(r, 'credssp-outdated')?.detail).toContain(`TSRequest version ${version} (Windows build 10.0.20348)`);
    }
  });

  it.each([
    [10 * 60_000, /10 minutes ahead of/],
    [-7 * 60_000, /7 minutes behind/],
  ])('clock skew %i ms → clock-skew', (skew, detail) => {
    const r = variant(healthyWindows(), (x) => {
      if (x.credssp?.ntlm) x.credssp.ntlm.clockSkewMs = skew;
    });
    expect(find(r, 'clock-skew')?.detail).toMatch(detail);
  });

  it('4 minutes of skew is within tolerance', () => {
    const r = variant(healthyWindows(), (x) => {
      if (x.credssp?.ntlm) x.credssp.ntlm.clockSkewMs = 4 * 60_000;
    });
    expect(ids(r)).not.toContain('clock-skew');
  });

  it('rejected credentials: an error quoting the NTSTATUS; accepted: info', () => {
    const rejected = variant(healthyWindows(), (x) => {
      x.nlaCheck = {
        outcome: 'rejected',
        user: 'CORP\\alice',
        ntStatus: '0xC000006D',
        ntStatusName: 'STATUS_LOGON_FAILURE',
        reason: 'the user name or password is wrong.',
        credsspVersion: 6,
      };
    });
    const f = find(rejected, 'credentials-rejected');
    expect(f?.severity).toBe('error');
    expect(f?.detail).toContain('"CORP\\alice" was rejected (STATUS_LOGON_FAILURE 0xC000006D)');
    expect(ids(rejected)[0]).toBe('credentials-rejected');

    const accepted = variant(healthyWindows(), (x) => {
      x.nlaCheck = {
        outcome: 'accepted',
        user: 'alice',
        ntStatus: null,
        ntStatusName: null,
        reason: 'the server proved it accepted the logon.',
        credsspVersion: 6,
      };
    });
    expect(find(accepted, 'credentials-accepted')?.severity).toBe('info');
    expect(errors(accepted)).toEqual([]);
  });

  it('a check that could not run says nothing about the account', () => {
    const r = variant(healthyXrdp(), (x) => {
      x.nlaCheck = {
        outcome: 'not-run',
        user: 'alice',
        ntStatus: null,
        ntStatusName: null,
        reason: 'the server does not offer NLA',
        credsspVersion: null,
      };
    });
    expect(ids(r).filter((id) => id.startsWith('credentials'))).toEqual([]);
  });
});

describe('stability', () => {
  const withStability = (samples: number[], failures = 0) =>
    variant(healthyWindows(), (x) => {
      const sorted = [...samples].sort((a, b) => a - b);
      x.stability = {
        attempts: samples.length + failures,
        failures,
        minMs: sorted[0] ?? null,
        medianMs: sorted[Math.floor(sorted.length / 2)] ?? null,
        maxMs: sorted[sorted.length - 1] ?? null,
        samplesMs: samples,
      };
    });
  it('failed connects → network-unstable', () => {
    expect(find(withStability([20, 21, 22], 2), 'network-unstable')?.detail).toMatch(/2 of 5 connections/);
  });
  it('widely varying connects → network-unstable', () => {
    expect(find(withStability([20, 22, 25, 24, 900]), 'network-unstable')?.detail).toMatch(/from 20 ms to 900 ms/);
  });
  it.each(['127.0.0.1', '127.45.3.9', '::1', '::ffff:127.0.0.1'])(
    'on loopback (%s) there is no network to blame',
    (address) => {
      const r = variant(withStability([3, 4, 1020], 1), (x) => {
        if (x.tcp) x.tcp.address = address;
      });
      expect(ids(r)).not.toContain('network-unstable');
    },
  );

  it('loopback noise and a steady slow link are fine', () => {
    expect(ids(withStability([0.2, 0.3, 0.3, 1.5, 4]))).not.toContain('network-unstable');
    expect(ids(withStability([300, 310, 320, 330, 480]))).not.toContain('network-unstable');
  });
});

describe('root cause first', () => {
  const f = (id: FindingId): Finding => makeFinding(id, 'seen.', ['evidence']);

  it('an unreadable key (TLS refused) comes before the failed handshake it explains, whatever the severities', () => {
    const ordered = orderFindings([f('tls-handshake-failed'), f('nla-unsupported'), f('tls-unavailable')]);
    expect(ordered.map((x) => x.id)).toEqual(['tls-unavailable', 'tls-handshake-failed', 'nla-unsupported']);
    expect(ordered[0]?.severity).toBe('warning');
    expect(ordered[1]?.severity).toBe('error');
  });

  it('reachability, then TLS, then CredSSP, then the credentials it carries, then certificate state, then context', () => {
    const input: FindingId[] = [
      'credentials-accepted',
      'tls-cert-expired',
      'credentials-rejected',
      'credssp-outdated',
      'clock-skew',
      'tls-cert-not-yet-valid',
      'tls-legacy-only',
      'tcp-refused',
      'nla-required',
    ];
    expect(orderFindings(input.map(f)).map((x) => x.id)).toEqual([
      'tcp-refused',
      'tls-legacy-only',
      'credssp-outdated',
      'clock-skew',
      'credentials-rejected',
      'tls-cert-expired',
      'tls-cert-not-yet-valid',
      'nla-required',
      'credentials-accepted',
    ]);
  });
});
