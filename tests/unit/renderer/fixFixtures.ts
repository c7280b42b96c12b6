/**
 * HAND-MADE fix-wizard values for the renderer tests (an xrdp host whose key is unreadable, before and after
 * the fix), validated against the contract's schemas so they cannot drift from it.
 */
import { type ProbeResult, ProbeResultSchema } from '../../../shared/probe';
import {
  type FixEvent,
  FixEventSchema,
  type FixPlan,
  FixPlanSchema,
  type Inspection,
  InspectionSchema,
} from '../../../shared/remediation';
import { finding, result } from './fixtures';

export const FINGERPRINT = 'SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/AbCde';
export const OTHER_FINGERPRINT = 'SHA256:ZzCdEfGhIjKlMnOpQrStUvWxYz0123456789+/AbCde';

const SNAKEOIL = {
  subject: 'CN=debian',
  subjectCN: 'debian',
  issuer: 'CN=debian',
  issuerCN: 'debian',
  sans: ['debian'],
  notBefore: '2026-01-01T00:00:00.000Z',
  notAfter: '2036-01-01T00:00:00.000Z',
  selfSigned: true,
  keyType: 'rsa',
  keyBits: 2048,
  signatureAlgorithm: 'sha256WithRSAEncryption',
  sha1Thumbprint: 'B'.repeat(40),
  sha256Fingerprint: 'C1'.repeat(32),
  ekus: [],
  hasServerAuth: false,
  hasRemoteDesktopAuth: false,
  trusted: false,
  nameMatches: false,
  serialNumber: '02',
  pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
};

/** Debian's stock xrdp with an unreadable key: Standard RDP Security only, no TLS. */
export function brokenXrdp(): ProbeResult {
  return result({
    input: '127.0.0.1:3389',
    negotiation: {
      attempts: [{ requested: 'tls', outcome: 'selected', selected: 'rdp', flags: [], ms: 3 }],
      supports: { rdp: true, tls: false, hybrid: false, hybridEx: null, rdstls: null },
      notRdp: null,
    },
    tls: null,
    credssp: null,
    rdpSecurity: {
      encryptionLevel: 'ENCRYPTION_LEVEL_CLIENT_COMPATIBLE',
      encryptionMethods: ['128BIT_ENCRYPTION_FLAG'],
      serverCertType: 'proprietary',
      rsaKeyBits: 2048,
      rdpVersion: 'RDP 5.0+',
    },
    findings: [finding('tls-unavailable', ['The server chose Standard RDP Security when asked for TLS.'])],
  });
}

export function fixedXrdp(): ProbeResult {
  return result({
    input: '127.0.0.1:3389',
    negotiation: {
      attempts: [{ requested: 'tls', outcome: 'selected', selected: 'tls', flags: [], ms: 3 }],
      supports: { rdp: true, tls: true, hybrid: false, hybridEx: null, rdstls: null },
      notRdp: null,
    },
    tls: {
      via: 'tls',
      versions: [
        { version: 'TLSv1.2', ok: true, cipher: 'ECDHE-RSA-AES256-GCM-SHA384', ms: 5 },
        { version: 'TLSv1.3', ok: true, cipher: 'TLS_AES_256_GCM_SHA384', ms: 5 },
      ],
      certificate: SNAKEOIL,
    },
    credssp: null,
    findings: [finding('tls-cert-self-signed')],
  });
}

export const KEY_LOG_LINE = '[ERROR] Cannot read private key file /etc/xrdp/key.pem: Permission denied';

export function inspection(): Inspection {
  return InspectionSchema.parse({
    hostKind: 'xrdp',
    reachedAs: 'root@127.0.0.1:2222 (ssh)',
    inspectedAt: '2026-11-27T12:00:00.000Z',
    facts: { xrdpVersion: '0.10.1', securityLayer: 'negotiate' },
    findings: [
      { ...finding('tls-key-unusable', [KEY_LOG_LINE]), seenOn: 'host' },
      { ...finding('tls-unavailable'), seenOn: 'wire' },
    ],
    summary: [
      'xrdp 0.10.1 runs as xrdp (init script --chuid)',
      'key_file=/etc/xrdp/key.pem → /etc/ssl/private/ssl-cert-snakeoil.key (root:ssl-cert 0640)',
    ],
  });
}

export function plan(): FixPlan {
  return FixPlanSchema.parse({
    target: '127.0.0.1:3389',
    hostKind: 'xrdp',
    phases: [
      {
        phase: 'xrdp-fix-key-permissions',
        title: 'Let xrdp read its key file',
        hostKind: 'xrdp',
        addresses: ['tls-key-unusable'],
        risks: ['Changes who can read the private key'],
        changes: [{ target: 'group ssl-cert members', before: '(none)', after: 'xrdp' }],
        commands: ['adduser xrdp ssl-cert'],
        alreadyRight: false,
      },
      {
        phase: 'xrdp-set-security-layer',
        title: 'Let xrdp use TLS',
        hostKind: 'xrdp',
        addresses: ['tls-unavailable'],
        risks: [],
        changes: [],
        commands: [],
        alreadyRight: true,
      },
      {
        phase: 'xrdp-restart',
        title: 'Restart xrdp',
        hostKind: 'xrdp',
        addresses: ['tls-key-unusable'],
        risks: ['Disconnects every session'],
        changes: [],
        commands: ['/etc/init.d/xrdp restart'],
        alreadyRight: false,
      },
    ],
  });
}

/** Events of a job, numbered from `from`. */
export function ev(e: Record<string, unknown>): FixEvent {
  return FixEventSchema.parse(e);
}

export { ProbeResultSchema };
