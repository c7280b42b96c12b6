/**
 * HAND-MADE probe results for the report unit tests (the integration tests use real probe runs): shaped
 * like what the probe reports for xrdp and a Windows host, validated against ProbeResultSchema so they
 * cannot drift from the model.
 */
import { type Finding, type ProbeResult, ProbeResultSchema, STEP_IDS, type StepSummary } from '../../../shared/probe';

const STARTED = '2026-06-01T10:00:00.000Z';

function steps(over: Partial<Record<(typeof STEP_IDS)[number], Partial<StepSummary>>> = {}) {
  const out = {} as Record<(typeof STEP_IDS)[number], StepSummary>;
  for (const id of STEP_IDS) out[id] = { status: 'passed', durationMs: 4, summary: `${id} fine`, ...over[id] };
  return out;
}

export const THUMBPRINT = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';

export const expiredFinding: Finding = {
  id: 'tls-cert-expired',
  severity: 'warning',
  title: 'The server certificate has expired',
  detail: 'The certificate of srv01.corp.example (CN=srv01.corp.example) expired on 2026-01-01; mstsc warns.',
  evidence: ['notAfter 2026-01-01T00:00:00.000Z', `SHA-1 thumbprint ${THUMBPRINT}`],
  explainsCodes: [],
  fixPhases: { windows: ['win-regenerate-self-signed-cert'], xrdp: ['xrdp-regenerate-cert'] },
};

/** A Windows-like host with NLA, an expired self-signed certificate, and an accepted credential check. */
export function windowsResult(over: Partial<ProbeResult> = {}): ProbeResult {
  return ProbeResultSchema.parse({
    schemaVersion: 1,
    tool: { name: 'rdp-doctor', version: '0.1.0' },
    input: 'srv01.corp.example:3389',
    startedAt: STARTED,
    finishedAt: '2026-06-01T10:00:00.420Z',
    durationMs: 420,
    aborted: false,
    steps: steps({
      rdpSecurity: { status: 'skipped', durationMs: null, summary: 'HYBRID required' },
      certificate: { status: 'warning', summary: `expired; thumbprint ${THUMBPRINT}` },
      nlaCheck: { summary: 'CORP\\alice accepted by SRV01' },
    }),
    target: {
      input: 'srv01.corp.example:3389',
      host: 'srv01.corp.example',
      port: 3389,
      dnsSkipped: false,
      addresses: [{ address: '10.20.30.40', family: 4 }],
      dnsMs: 3,
    },
    tcp: {
      address: '10.20.30.40',
      port: 3389,
      connectMs: 2,
      attempts: [{ address: '10.20.30.40', ok: true, ms: 2 }],
    },
    negotiation: {
      attempts: [
        { requested: 'rdp', outcome: 'failure', failureCode: 5, failureName: 'HYBRID_REQUIRED_BY_SERVER', ms: 3 },
        { requested: 'hybrid', outcome: 'selected', selected: 'hybrid', selectedRaw: 2, flags: [], flagsRaw: 0, ms: 3 },
      ],
      supports: { rdp: false, tls: null, hybrid: true, hybridEx: null, rdstls: null },
      notRdp: null,
    },
    tls: {
      via: 'hybrid',
      versions: [
        { version: 'TLSv1.2', ok: true, negotiatedVersion: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', ms: 5 },
        { version: 'TLSv1', ok: false, failure: { kind: 'protocol_version', message: 'TLSv1 refused' }, ms: 5 },
      ],
      certificate: {
        subject: 'CN=srv01.corp.example, O=Contoso Ltd, C=US',
        subjectCN: 'srv01.corp.example',
        issuer: 'CN=srv01.corp.example, O=Contoso Ltd, C=US',
        issuerCN: 'srv01.corp.example',
        sans: ['DNS:srv01.corp.example', 'DNS:rdp.corp.example', 'IP Address:10.20.30.40'],
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2026-01-01T00:00:00.000Z',
        selfSigned: true,
        keyType: 'rsa',
        keyBits: 2048,
        signatureAlgorithm: 'sha256WithRSAEncryption',
        sha1Thumbprint: THUMBPRINT,
        sha256Fingerprint: 'AB'.repeat(32),
        ekus: ['1.3.6.1.5.5.7.3.1'],
        hasServerAuth: true,
        hasRemoteDesktopAuth: false,
        trusted: false,
        trustError: "Hostname/IP does not match certificate's altnames: DNS:srv01.corp.example",
        nameMatches: true,
        serialNumber: '0A1B2C',
        pem: '-----BEGIN CERTIFICATE-----\nMIIBsrv01corpexample\n-----END CERTIFICATE-----\n',
      },
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
        serverTime: STARTED,
        clockSkewMs: 1200,
        negotiateFlags: 0xe28a8235,
      },
    },
    rdpSecurity: null,
    stability: { attempts: 5, failures: 0, minMs: 2, medianMs: 3, maxMs: 5, samplesMs: [2, 3, 3, 4, 5] },
    nlaCheck: {
      outcome: 'accepted',
      user: 'CORP\\alice',
      ntStatus: null,
      ntStatusName: null,
      reason: 'SRV01 accepted CORP\\alice: the server proved it knows the password (pubKeyAuth).',
      credsspVersion: 6,
    },
    findings: [
      expiredFinding,
      {
        id: 'credentials-accepted',
        severity: 'info',
        title: 'The account was accepted',
        detail: 'alice in CORP signed in to srv01.corp.example (10.20.30.40) through NLA.',
        evidence: ['outcome accepted'],
        explainsCodes: [],
        fixPhases: { windows: [], xrdp: [] },
      },
    ],
    ...over,
  });
}

/** Hostile strings in every place a server controls: names, certificate fields, banners, findings. */
export const HOSTILE = `<script>alert(1)</script><img src=http://evil.example/x onerror=alert(2)>"'&amp;|*_[x](http://evil.example)\n# heading\n\`code\``;

export function hostileResult(): ProbeResult {
  const base = windowsResult();
  return ProbeResultSchema.parse({
    ...base,
    steps: {
      ...base.steps,
      tls: { status: 'failed', durationMs: 1, summary: HOSTILE, error: { code: 'x', message: HOSTILE } },
    },
    negotiation: { ...base.negotiation!, notRdp: { kind: 'unknown', sample: HOSTILE } },
    tls: {
      ...base.tls!,
      certificate: { ...base.tls!.certificate!, subject: `CN=${HOSTILE}`, subjectCN: HOSTILE, sans: [HOSTILE] },
    },
    credssp: { ...base.credssp!, ntlm: { ...base.credssp!.ntlm!, netbiosComputer: HOSTILE, dnsDomain: HOSTILE } },
    findings: [{ ...expiredFinding, title: HOSTILE, detail: HOSTILE, evidence: [HOSTILE] }],
  });
}

/** xrdp on loopback, no NLA, nothing wrong. */
export function xrdpResult(): ProbeResult {
  const base = windowsResult();
  return ProbeResultSchema.parse({
    ...base,
    input: '127.0.0.7:3390',
    steps: steps({
      credssp: { status: 'skipped', durationMs: null, summary: 'no NLA offered' },
      nlaCheck: { status: 'skipped', durationMs: null, summary: 'no credentials given' },
    }),
    target: {
      input: '127.0.0.7:3390',
      host: '127.0.0.7',
      port: 3390,
      dnsSkipped: true,
      addresses: [{ address: '127.0.0.7', family: 4 }],
      dnsMs: null,
    },
    tcp: { address: '127.0.0.7', port: 3390, connectMs: 1, attempts: [{ address: '127.0.0.7', ok: true, ms: 1 }] },
    credssp: null,
    nlaCheck: null,
    rdpSecurity: {
      encryptionLevel: 'ENCRYPTION_LEVEL_HIGH',
      encryptionMethods: ['128BIT_ENCRYPTION_FLAG'],
      serverCertType: 'proprietary',
      rsaKeyBits: 2048,
      rdpVersion: 'RDP 5.0+',
    },
    findings: [],
  });
}
