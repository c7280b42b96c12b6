/**
 * HAND-MADE probe results for the rule tests: written from MS-RDPBCGR and from what the real peers answer,
 * validated against ProbeResultSchema so they cannot drift from the model. Captured results from real
 * peers live in tests/fixtures/probe/ (see peerFixtures.test.ts).
 */
import {
  type CertificateFacts,
  type NegotiationAttempt,
  type ProbeResult,
  ProbeResultSchema,
  type ProtocolName,
  STEP_IDS,
  type StepSummary,
  type TlsVersionResult,
} from '../../../shared/probe';

/** zod's record over the protocol enum wants every key. */
export const NO_SUPPORT_KNOWN = { rdp: null, tls: null, hybrid: null, hybridEx: null, rdstls: null };

export const STARTED_AT = '2026-06-01T10:00:00.000Z';
const NOW = Date.parse(STARTED_AT);
export const daysFromProbe = (d: number): string => new Date(NOW + d * 86_400_000).toISOString();

export function selected(requested: ProtocolName, sel: ProtocolName): NegotiationAttempt {
  const raw = { rdp: 0, tls: 1, hybrid: 2, rdstls: 4, hybridEx: 8 }[sel];
  return { requested, outcome: 'selected', selected: sel, selectedRaw: raw, flags: [], flagsRaw: 0, ms: 3 };
}
const FAILURE_CODES: Record<string, number> = {
  SSL_REQUIRED_BY_SERVER: 1,
  SSL_NOT_ALLOWED_BY_SERVER: 2,
  SSL_CERT_NOT_ON_SERVER: 3,
  INCONSISTENT_FLAGS: 4,
  HYBRID_REQUIRED_BY_SERVER: 5,
  SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER: 6,
};
export function failure(requested: ProtocolName, name: keyof typeof FAILURE_CODES): NegotiationAttempt {
  return { requested, outcome: 'failure', failureCode: FAILURE_CODES[name], failureName: name, ms: 3 };
}
export function silent(
  requested: ProtocolName,
  outcome: 'no-response' | 'closed' | 'error' | 'not-rdp',
): NegotiationAttempt {
  return { requested, outcome, ms: 2000, error: { code: outcome, message: `negotiation: ${outcome}` } };
}

export const tlsOk = (version: TlsVersionResult['version']): TlsVersionResult => ({
  version,
  ok: true,
  negotiatedVersion: version,
  cipher: version === 'TLSv1.3' ? 'TLS_AES_256_GCM_SHA384' : 'ECDHE-RSA-AES256-GCM-SHA384',
  ms: 5,
});
export const tlsFail = (
  version: TlsVersionResult['version'],
  kind: NonNullable<TlsVersionResult['failure']>['kind'],
  alert?: string,
): TlsVersionResult => ({
  version,
  ok: false,
  failure: { kind, ...(alert ? { alert } : {}), message: `${version} ${kind}` },
  ms: 5,
});

export function cert(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    subject: 'CN=srv01.corp.example',
    subjectCN: 'srv01.corp.example',
    issuer: 'CN=srv01.corp.example',
    issuerCN: 'srv01.corp.example',
    sans: [],
    notBefore: daysFromProbe(-100),
    notAfter: daysFromProbe(265),
    selfSigned: true,
    keyType: 'rsa',
    keyBits: 2048,
    signatureAlgorithm: 'sha256WithRSAEncryption',
    sha1Thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
    sha256Fingerprint: 'AA'.repeat(32),
    ekus: ['1.3.6.1.5.5.7.3.1'],
    hasServerAuth: true,
    hasRemoteDesktopAuth: false,
    trusted: false,
    trustError: 'self-signed certificate',
    nameMatches: true,
    serialNumber: '01',
    pem: '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n',
    ...overrides,
  };
}

function steps(status: StepSummary['status'] = 'passed'): Record<(typeof STEP_IDS)[number], StepSummary> {
  const out = {} as Record<(typeof STEP_IDS)[number], StepSummary>;
  for (const id of STEP_IDS) out[id] = { status, durationMs: 1, summary: '' };
  out.nlaCheck = { status: 'skipped', durationMs: null, summary: 'no credentials' };
  return out;
}

/** A healthy Windows host with NLA on and its self-signed certificate (what a fresh install looks like). */
export function healthyWindows(): ProbeResult {
  return ProbeResultSchema.parse({
    schemaVersion: 1,
    tool: { name: 'rdp-doctor', version: '0.1.0' },
    input: 'srv01.corp.example',
    startedAt: STARTED_AT,
    finishedAt: STARTED_AT,
    durationMs: 400,
    aborted: false,
    steps: steps(),
    target: {
      input: 'srv01.corp.example',
      host: 'srv01.corp.example',
      port: 3389,
      dnsSkipped: false,
      addresses: [{ address: '10.0.0.5', family: 4 }],
      dnsMs: 3,
    },
    tcp: { address: '10.0.0.5', port: 3389, connectMs: 2, attempts: [{ address: '10.0.0.5', ok: true, ms: 2 }] },
    negotiation: {
      attempts: [
        failure('rdp', 'HYBRID_REQUIRED_BY_SERVER'),
        failure('tls', 'HYBRID_REQUIRED_BY_SERVER'),
        selected('hybrid', 'hybrid'),
        selected('hybridEx', 'hybridEx'),
        failure('rdstls', 'HYBRID_REQUIRED_BY_SERVER'),
      ],
      supports: { rdp: false, tls: false, hybrid: true, hybridEx: true, rdstls: false },
      notRdp: null,
    },
    tls: {
      via: 'hybrid',
      versions: [
        tlsFail('TLSv1', 'protocol_version'),
        tlsFail('TLSv1.1', 'protocol_version'),
        tlsOk('TLSv1.2'),
        tlsFail('TLSv1.3', 'protocol_version'),
      ],
      certificate: cert(),
    },
    credssp: {
      tsRequestVersion: 6,
      ntlm: {
        targetName: 'CORP',
        netbiosComputer: 'SRV01',
        netbiosDomain: 'CORP',
        dnsComputer: 'srv01.corp.example',
        dnsDomain: 'corp.example',
        dnsTree: 'corp.example',
        productVersion: '10.0.20348',
        serverTime: STARTED_AT,
        clockSkewMs: 1200,
        negotiateFlags: 0xe28a8235,
      },
    },
    rdpSecurity: null,
    stability: { attempts: 5, failures: 0, minMs: 2, medianMs: 3, maxMs: 5, samplesMs: [2, 3, 3, 4, 5] },
    nlaCheck: null,
    findings: [],
  });
}

/** A healthy xrdp (security_layer=negotiate): TLS and Standard RDP, no NLA. */
export function healthyXrdp(): ProbeResult {
  const base = healthyWindows();
  return ProbeResultSchema.parse({
    ...base,
    input: '127.0.0.1:3389',
    target: {
      input: '127.0.0.1:3389',
      host: '127.0.0.1',
      port: 3389,
      dnsSkipped: true,
      addresses: [{ address: '127.0.0.1', family: 4 }],
      dnsMs: null,
    },
    tcp: { address: '127.0.0.1', port: 3389, connectMs: 1, attempts: [{ address: '127.0.0.1', ok: true, ms: 1 }] },
    negotiation: {
      attempts: [
        selected('rdp', 'rdp'),
        selected('tls', 'tls'),
        selected('hybrid', 'tls'),
        selected('hybridEx', 'tls'),
        selected('rdstls', 'tls'),
      ],
      supports: { rdp: true, tls: true, hybrid: false, hybridEx: false, rdstls: false },
      notRdp: null,
    },
    tls: {
      via: 'tls',
      versions: [
        tlsFail('TLSv1', 'protocol_version'),
        tlsFail('TLSv1.1', 'protocol_version'),
        tlsOk('TLSv1.2'),
        tlsOk('TLSv1.3'),
      ],
      certificate: cert({
        subject: 'CN=xrdp-host',
        subjectCN: 'xrdp-host',
        issuer: 'CN=xrdp-host',
        nameMatches: false,
      }),
    },
    credssp: null,
    rdpSecurity: {
      encryptionLevel: 'ENCRYPTION_LEVEL_CLIENT_COMPATIBLE',
      encryptionMethods: ['128BIT_ENCRYPTION_FLAG'],
      serverCertType: 'proprietary',
      rsaKeyBits: 2048,
      rdpVersion: 'RDP 5.0+',
    },
  });
}

/** Apply a change and re-validate, so every hand-made variant is a valid ProbeResult. */
export function variant(base: ProbeResult, change: (r: ProbeResult) => void): ProbeResult {
  const copy = structuredClone(base);
  change(copy);
  return ProbeResultSchema.parse(copy);
}
