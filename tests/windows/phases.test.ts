/**
 * The Node side of the Windows phases, planned from the inspection's REAL output: Inspect-RdpHost.ps1 runs
 * in the PowerShell host against every modelled host (tools/Export-Facts.ps1), and each phase's plan and
 * verify read exactly that JSON — a renamed field on either side fails here.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../electron/core/dataDir';
import { remediationRegistry } from '../../electron/remediation/registerAll';
import type { Phase } from '../../electron/remediation/types';
import { hostFindings, type WindowsFacts } from '../../electron/remediation/windows/inspectWindows';
import { WINDOWS_PHASES } from '../../electron/remediation/windows/phases';
import { FIX_PHASES } from '../../shared/findings';
import type { Inspection } from '../../shared/remediation';
import { ensureHost, HOST_BIN, PESTER_PSD1, REPO } from './support/pwshHost';

const skip = ensureHost('tests/windows/phases.test.ts');

// the phases by name, as the registry runs them (a missing id fails here, not as undefined later)
function phase(id: string): Phase {
  const found = WINDOWS_PHASES.find((p) => p.id === id);
  if (!found) throw new Error(`${id} is not a runnable Windows phase`);
  return found;
}
const enableRdpAccess = phase('win-start-service-open-firewall');
const setSecurityLayer = phase('win-set-security-layer');
const setNla = phase('win-set-nla');
const grantKeyRead = phase('win-grant-machinekeys-read');
const regenerateCert = phase('win-regenerate-self-signed-cert');
const enableTls12 = phase('win-enable-tls12');
const restartTermService = phase('win-restart-termservice');
type Model = 'healthy' | 'key-unreadable' | 'key-missing' | 'keyset-missing' | 'gpo-nla' | 'tls12-disabled' | 'rdp-off';

describe('Windows phases registered', () => {
  it('every phase is a Windows catalogue phase, in run order, the restart last', () => {
    const ids = remediationRegistry({ dataDir: ensureDataDir })
      .phasesFor('windows')
      .map((p) => p.id);
    expect(ids).toEqual(WINDOWS_PHASES.map((p) => p.id));
    // the .pfx install runs before the restart like the others
    expect(ids).toContain('win-bind-trusted-cert');
    expect(ids.at(-1)).toBe('win-restart-termservice');
    for (const id of ids) expect(FIX_PHASES[id]?.hostKind, id).toBe('windows');
    expect(WINDOWS_PHASES.filter((p) => p.runsLast).map((p) => p.id)).toEqual(['win-restart-termservice']);
  });
});

describe.skipIf(skip)('Windows phases planned from the real inspection output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rdpd-facts-'));
  let facts: Record<Model, WindowsFacts>;
  const inspection = (m: Model): Inspection => ({
    hostKind: 'windows',
    reachedAs: 'test',
    inspectedAt: new Date().toISOString(),
    facts: facts[m] as unknown as Record<string, unknown>,
    findings: hostFindings(facts[m]),
    summary: [],
  });
  const plan = (phase: (typeof WINDOWS_PHASES)[number], m: Model) => phase.plan(inspection(m), 'srv01:3389');

  beforeAll(() => {
    const out = join(dir, 'facts.json');
    const r = spawnSync(
      HOST_BIN,
      ['-NoProfile', '-NonInteractive', '-File', join(REPO, 'tests/windows/tools/Export-Facts.ps1'), PESTER_PSD1, out],
      {
        encoding: 'utf8',
        timeout: 600_000,
      },
    );
    if (r.status !== 0) throw new Error(`Export-Facts failed: ${r.stderr}${r.stdout}`);
    facts = JSON.parse(readFileSync(out, 'utf8')) as Record<Model, WindowsFacts>;
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a healthy host: every phase that changes a setting is already right', () => {
    for (const p of [enableRdpAccess, setSecurityLayer, setNla, grantKeyRead, regenerateCert, enableTls12]) {
      expect(plan(p, 'healthy').alreadyRight, p.id).toBe(true);
    }
    expect(plan(restartTermService, 'healthy').alreadyRight).toBe(false);
    expect(hostFindings(facts.healthy)).toEqual([]);
  });

  it('key unreadable: host-confirmed tls-key-unusable; the grant plan names the one key file and its old ACL', () => {
    const [f] = hostFindings(facts['key-unreadable']);
    expect(f).toMatchObject({ id: 'tls-key-unusable', seenOn: 'host', severity: 'error' });
    expect(f?.detail).toMatch(/^NETWORK SERVICE, the account TermService runs as, cannot read/);
    expect(f?.evidence[0]).toMatch(
      /^read on the host: NETWORK SERVICE \(S-1-5-20\) has no read on C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\f686/,
    );
    const p = plan(grantKeyRead, 'key-unreadable');
    expect(p.alreadyRight).toBe(false);
    expect(p.changes[0]?.before).toBe('O:SYG:SYD:(A;;FA;;;SY)(A;;FA;;;BA)');
    expect(p.commands[0]).toMatch(
      /^icacls\.exe "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\f686[^"]+" \/grant \*S-1-5-20:\(R\)$/,
    );
    expect(p.addresses).toContain('tls-key-unusable');
  });

  it('key file missing / keyset missing: the grant cannot help, the plan says to regenerate', () => {
    expect(hostFindings(facts['key-missing'])[0]?.detail).toMatch(/private key file does not exist/);
    expect(hostFindings(facts['keyset-missing'])[0]?.detail).toMatch(/keyset does not exist/);
    expect(plan(grantKeyRead, 'key-missing').risks.join(' ')).toMatch(/regenerate the certificate/);
    const r = plan(regenerateCert, 'keyset-missing');
    expect(r.alreadyRight).toBe(false);
    expect(r.commands[0]).toContain('Cert:\\LocalMachine\\Remote Desktop\\A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
  });

  it('a supplied .pfx: the install plan shows the real old binding read by the inspection, and the new thumbprint', () => {
    const install = WINDOWS_PHASES.find((p) => p.id === 'win-bind-trusted-cert');
    const certificate = {
      sha1Thumbprint: 'C5DECEF42DD3B8AFEEC86F012B890C7BC673E56F',
      sha256Fingerprint: 'D'.repeat(64),
      subject: 'CN=srv01.corp.example',
      issuer: 'CN=Corp Issuing CA',
      sans: ['srv01.corp.example'],
      notBefore: '2026-11-01T00:00:00.000Z',
      notAfter: '2027-11-01T00:00:00.000Z',
      keyBits: 2048,
      chainLength: 0,
    };
    const p = install?.plan(inspection('healthy'), 'srv01:3389', { certificate });
    expect(p?.alreadyRight).toBe(false);
    expect(p?.changes[0]?.before).toBe(
      'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678 (the self-signed certificate Windows made, Cert:\\LocalMachine\\Remote Desktop)',
    );
    expect(p?.changes[0]?.after).toMatch(/^C5DECEF42DD3B8AFEEC86F012B890C7BC673E56F \(CN=srv01\.corp\.example/);
    // without the .pfx: refused, with what to do
    expect(install?.plan(inspection('healthy'), 'srv01:3389')?.risks[0]).toMatch(/Choose the \.pfx/);
  });

  it('Group Policy enforcing NLA: the NLA plan names the policy', () => {
    const p = plan(setNla, 'gpo-nla');
    expect(p.changes[0]).toEqual({ target: 'RDP-Tcp UserAuthenticationRequired', before: '0', after: '1' });
    expect(p.risks.join(' ')).toMatch(
      /Group Policy owns this setting \("Require user authentication for remote connections/,
    );
    expect(hostFindings(facts['gpo-nla'])[0]?.id).toBe('setting-enforced-by-policy');
  });

  it('TLS 1.2 disabled: the plan shows the real SCHANNEL values', () => {
    const p = plan(enableTls12, 'tls12-disabled');
    expect(p.alreadyRight).toBe(false);
    expect(p.changes).toEqual([
      { target: 'SCHANNEL TLS 1.2 Server Enabled', before: '0', after: '1' },
      { target: 'SCHANNEL TLS 1.2 Server DisabledByDefault', before: '1', after: '0' },
    ]);
  });

  it('RDP off: one change per setting, service and firewall rule', () => {
    const p = plan(enableRdpAccess, 'rdp-off');
    expect(p.changes.map((c) => c.target)).toEqual([
      'fDenyTSConnections',
      'TermService start type',
      'TermService',
      'firewall rule RemoteDesktop-UserMode-In-TCP',
      'firewall rule RemoteDesktop-UserMode-In-UDP',
    ]);
    // the host's rule for every profile (Any) is opened for Domain and Private only, and the plan says so
    expect(p.changes.find((c) => c.target === 'firewall rule RemoteDesktop-UserMode-In-TCP')).toEqual({
      target: 'firewall rule RemoteDesktop-UserMode-In-TCP',
      before: 'disabled (Any)',
      after: 'enabled (Domain, Private)',
    });
    expect(p.risks.join(' ')).toMatch(/Domain and Private network profiles only.*-OpenPublicFirewall/);
    expect(hostFindings(facts['rdp-off']).map((f) => f.id)).toEqual([
      'rdp-disabled',
      'termservice-stopped',
      'rdp-firewall-closed',
    ]);
  });

  it('verify compares the re-inspection with what each phase promised', async () => {
    const verdict = async (p: (typeof WINDOWS_PHASES)[number], m: Model) =>
      p.verify({
        driver: {} as never,
        target: 'srv01',
        plan: plan(p, m),
        inspection: inspection(m),
        probe: null,
        signal: new AbortController().signal,
      });
    expect((await verdict(grantKeyRead, 'key-unreadable')).ok).toBe(false);
    expect((await verdict(grantKeyRead, 'healthy')).ok).toBe(true);
    expect((await verdict(enableTls12, 'tls12-disabled')).ok).toBe(false);
    expect((await verdict(enableTls12, 'healthy')).ok).toBe(true);
    expect((await verdict(enableRdpAccess, 'rdp-off')).ok).toBe(false);
    expect((await verdict(enableRdpAccess, 'healthy')).ok).toBe(true);
    expect((await verdict(restartTermService, 'healthy')).message).toBe('TermService runs and port 3389 listens.');
    // the restart's plan lists who it disconnects, read by the inspection (qwinsta)
    expect(plan(restartTermService, 'healthy').risks).toContain('Disconnects alice (session rdp-tcp#3, Active).');
    expect((await verdict(setNla, 'gpo-nla')).ok).toBe(false);
  });
});
