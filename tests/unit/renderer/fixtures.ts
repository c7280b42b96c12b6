/**
 * HAND-MADE probe results for the renderer tests, validated against ProbeResultSchema so they cannot drift
 * from the model. Findings come from the real catalogue (shared/findings.ts).
 */
import { FINDING_CATALOGUE, type FindingId } from '../../../shared/findings';
import { type Finding, type ProbeResult, ProbeResultSchema, STEP_IDS, type StepSummary } from '../../../shared/probe';

export function finding(id: FindingId, evidence: string[] = [`evidence for ${id}`]): Finding {
  const c = FINDING_CATALOGUE[id];
  return {
    id,
    severity: c.severity,
    title: c.title,
    detail: `${evidence[0] ?? ''} ${c.explanation}`.trim(),
    evidence,
    explainsCodes: [...c.explainsCodes],
    fixPhases: { windows: [...c.fixPhases.windows], xrdp: [...c.fixPhases.xrdp] },
  };
}

export function result(overrides: Partial<ProbeResult> = {}): ProbeResult {
  const steps = {} as Record<(typeof STEP_IDS)[number], StepSummary>;
  for (const id of STEP_IDS) steps[id] = { status: 'passed', durationMs: 12, summary: `${id} ok` };
  steps.nlaCheck = { status: 'skipped', durationMs: null, summary: 'no credentials given' };
  const r: ProbeResult = {
    schemaVersion: 1,
    tool: { name: 'rdp-doctor', version: '0.1.0' },
    input: 'srv01.corp.example',
    startedAt: '2026-06-01T10:00:00.000Z',
    finishedAt: '2026-06-01T10:00:02.500Z',
    durationMs: 2500,
    aborted: false,
    steps,
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
        {
          requested: 'hybrid',
          outcome: 'selected',
          selected: 'hybrid',
          flags: ['EXTENDED_CLIENT_DATA_SUPPORTED'],
          ms: 4,
        },
        { requested: 'tls', outcome: 'selected', selected: 'tls', flags: [], ms: 3 },
      ],
      supports: { rdp: null, tls: true, hybrid: true, hybridEx: null, rdstls: null },
      notRdp: null,
    },
    tls: {
      via: 'tls',
      versions: [
        { version: 'TLSv1.2', ok: true, cipher: 'ECDHE-RSA-AES256-GCM-SHA384', ms: 6 },
        { version: 'TLSv1', ok: false, failure: { kind: 'protocol_version', message: 'TLSv1 refused' }, ms: 4 },
      ],
      certificate: {
        subject: 'CN=srv01.corp.example',
        subjectCN: 'srv01.corp.example',
        issuer: 'CN=srv01.corp.example',
        issuerCN: 'srv01.corp.example',
        sans: ['srv01.corp.example'],
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
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
        trustError: 'self-signed',
        nameMatches: true,
        serialNumber: '01',
        pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
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
        serverTime: '2026-06-01T10:00:01.000Z',
        clockSkewMs: 1200,
        negotiateFlags: 0,
      },
    },
    rdpSecurity: null,
    stability: { attempts: 5, failures: 0, minMs: 2, medianMs: 3, maxMs: 5, samplesMs: [2, 3, 3, 4, 5] },
    nlaCheck: null,
    findings: [],
    ...overrides,
  };
  return ProbeResultSchema.parse(r);
}
