/**
 * The finding and fix-phase catalogues are a public contract (reports and other tools use the ids):
 * the ids of the issue spelled exactly, every reference resolvable, and the codes each finding claims to
 * explain present in Microsoft's tables.
 */
import { describe, expect, it } from 'vitest';
import {
  CODE_TABLES,
  DISCONNECT_REASONS,
  EXTENDED_DISCONNECT_REASONS,
  SET_ERROR_INFO_CODES,
} from '../../../shared/codeTables';
import {
  CREDSSP_ORACLE_MESSAGE,
  FINDING_CATALOGUE,
  FINDING_IDS,
  FIX_PHASES,
  fixPhasesFor,
  isFindingId,
} from '../../../shared/findings';
import { SeveritySchema } from '../../../shared/probe';

const ISSUE_IDS = [
  'dns-unresolved',
  'tcp-refused',
  'tcp-timeout',
  'no-response',
  'not-rdp',
  'nla-required',
  'nla-unsupported',
  'tls-unavailable',
  // issue 13: the server requires TLS but cannot use a certificate (SSL_CERT_NOT_ON_SERVER)
  'tls-cert-unavailable',
  'tls-key-unusable',
  'tls-handshake-failed',
  'tls-legacy-only',
  'tls-cert-expired',
  'tls-cert-not-yet-valid',
  'tls-cert-expiring-soon',
  'tls-cert-self-signed',
  'tls-cert-name-mismatch',
  'tls-cert-weak',
  'credssp-outdated',
  'clock-skew',
  'network-unstable',
  'credentials-accepted',
  'credentials-rejected',
  // read on a Windows host by the inspection (issue 11)
  'rdp-disabled',
  'termservice-stopped',
  'rdp-firewall-closed',
  'tls12-server-disabled',
  'setting-enforced-by-policy',
  // issue 17: read on an xrdp host — something else holds the RDP port; the service is not running
  'rdp-port-foreign-listener',
  'xrdp-service-stopped',
  // issue 21: read on an xrdp host — the session layer
  'xrdp-sesman-stopped',
  'xrdp-session-backend-missing',
  'xrdp-xorg-wrapper-console-only',
  'xrdp-console-user-logged-in',
  'xrdp-colord-polkit-prompt',
  'host-disk-full',
];

describe('FINDING_CATALOGUE', () => {
  it('has exactly the ids of the issue, spelled exactly', () => {
    expect([...FINDING_IDS].sort()).toEqual([...ISSUE_IDS].sort());
    for (const id of ISSUE_IDS) {
      expect(isFindingId(id)).toBe(true);
      expect(FINDING_CATALOGUE[id as keyof typeof FINDING_CATALOGUE].id).toBe(id);
    }
    expect(isFindingId('tls-cert-bogus')).toBe(false);
  });

  // Issue 18: severities follow what a technician must do; out-of-the-box notes are not warnings.
  it('severities follow what a technician must do', () => {
    const severity = (id: keyof typeof FINDING_CATALOGUE) => FINDING_CATALOGUE[id].severity;
    // stops the connection
    for (const id of [
      'dns-unresolved',
      'tcp-refused',
      'tcp-timeout',
      'no-response',
      'not-rdp',
      'tls-handshake-failed',
      'tls-cert-unavailable',
      'tls-key-unusable',
      'tls-legacy-only',
      'credssp-outdated',
      'credentials-rejected',
    ] as const) {
      expect(severity(id), id).toBe('error');
    }
    // warns or weakens
    for (const id of [
      'tls-unavailable',
      'nla-unsupported',
      'tls-cert-expired',
      'tls-cert-name-mismatch',
      'tls-cert-weak',
      'tls-cert-expiring-soon',
      'clock-skew',
      'network-unstable',
    ] as const) {
      expect(severity(id), id).toBe('warning');
    }
    // context
    for (const id of ['nla-required', 'credentials-accepted', 'tls-cert-self-signed'] as const)
      expect(severity(id), id).toBe('info');
  });

  it('every entry is complete and its fix phases exist for the right host kind', () => {
    for (const id of FINDING_IDS) {
      const e = FINDING_CATALOGUE[id];
      expect(SeveritySchema.parse(e.severity)).toBe(e.severity);
      expect(e.title.length, id).toBeGreaterThan(5);
      expect(e.title, id).not.toMatch(/\.$/);
      expect(e.explanation, id).toMatch(/\.$/);
      for (const p of e.fixPhases.windows) expect(FIX_PHASES[p]?.hostKind, `${id} → ${p}`).toBe('windows');
      for (const p of e.fixPhases.xrdp) expect(FIX_PHASES[p]?.hostKind, `${id} → ${p}`).toBe('xrdp');
    }
  });

  it('every error a server can fix has a fix phase on at least one host kind', () => {
    for (const id of FINDING_IDS) {
      const e = FINDING_CATALOGUE[id];
      if (e.severity !== 'error' || id === 'dns-unresolved') continue;
      expect(e.fixPhases.windows.length + e.fixPhases.xrdp.length, id).toBeGreaterThan(0);
    }
  });

  it('the codes each finding explains are in Microsoft tables', () => {
    for (const id of FINDING_IDS) {
      for (const code of FINDING_CATALOGUE[id].explainsCodes) {
        if (code === CREDSSP_ORACLE_MESSAGE) continue;
        const m = /^(0x[0-9a-f]+)(?:\/(0x[0-9a-f]+))?$/.exec(code);
        expect(m, `${id}: ${code}`).not.toBeNull();
        const [, reason, extended] = m as RegExpExecArray;
        expect(DISCONNECT_REASONS.has(Number(reason)), `${id}: ${code}`).toBe(true);
        if (extended) expect(EXTENDED_DISCONNECT_REASONS.has(Number(extended)), `${id}: ${code}`).toBe(true);
      }
    }
  });

  it('0x904/0x7 points at the causes of a server that denies and closes', () => {
    const explaining = FINDING_IDS.filter((id) => FINDING_CATALOGUE[id].explainsCodes.includes('0x904/0x7'));
    expect(explaining).toEqual(
      expect.arrayContaining([
        'tls-handshake-failed',
        'tls-unavailable',
        'nla-required',
        'credssp-outdated',
        'credentials-rejected',
      ]),
    );
  });

  it("a code table that names a finding agrees with that finding's catalogue entry", () => {
    for (const [table, map] of Object.entries(CODE_TABLES)) {
      for (const entry of map.values()) {
        for (const id of entry.findings ?? []) {
          expect(isFindingId(id), `${table} ${entry.name}`).toBe(true);
          if (table === 'disconnectReason') {
            expect(FINDING_CATALOGUE[id].explainsCodes, `${entry.name} → ${id}`).toContain(
              `0x${entry.value.toString(16)}`,
            );
          }
        }
      }
    }
    expect(SET_ERROR_INFO_CODES.size).toBeGreaterThan(100);
  });
});

describe('FIX_PHASES', () => {
  it('each phase has its own id, a one-sentence summary and steps', () => {
    for (const [key, phase] of Object.entries(FIX_PHASES)) {
      expect(phase.id).toBe(key);
      expect(key.startsWith(phase.hostKind === 'windows' ? 'win-' : 'xrdp-')).toBe(true);
      expect(phase.summary).toMatch(/^[A-Z].*\.$/);
      expect(phase.summary.split(/\.\s/).length, key).toBe(1);
      expect(phase.steps.length, key).toBeGreaterThan(0);
    }
  });

  it('covers the phases the issue names', () => {
    for (const id of [
      'win-restart-termservice',
      'win-set-nla',
      'win-set-security-layer',
      'win-grant-machinekeys-read',
      'win-regenerate-self-signed-cert',
      'win-enable-tls12',
      'win-sync-clock',
      'win-start-service-open-firewall',
      'win-update-credssp',
      'xrdp-fix-key-permissions',
      'xrdp-regenerate-cert',
      'xrdp-set-security-layer',
      'xrdp-set-ssl-protocols',
      'xrdp-restart',
    ]) {
      expect(FIX_PHASES[id], id).toBeDefined();
    }
  });

  it('every phase is used by some finding', () => {
    const used = new Set<string>(
      FINDING_IDS.flatMap((id) => [
        ...FINDING_CATALOGUE[id].fixPhases.windows,
        ...FINDING_CATALOGUE[id].fixPhases.xrdp,
      ]),
    );
    expect(Object.keys(FIX_PHASES).filter((p) => !used.has(p))).toEqual([]);
  });

  it('fixPhasesFor resolves ids and skips unknown ones', () => {
    expect(fixPhasesFor(['win-set-nla', 'nope', 'xrdp-restart']).map((p) => p.id)).toEqual([
      'win-set-nla',
      'xrdp-restart',
    ]);
  });
});
