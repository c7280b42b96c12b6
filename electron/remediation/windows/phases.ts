/**
 * The Windows fix phases. Each one is a repo script with plan / apply / undo actions (scripts/*.ps1): the
 * plan here is made from the inspection's facts (no host round trip), apply asks the script for its backup
 * (action "plan": the real old values, nothing changed), records it, then applies; undo gives that backup
 * back to the script as data. Verify reads the fresh re-inspection.
 */
import { FIX_PHASES } from '../../../shared/findings';
import type { Inspection, PhasePlan } from '../../../shared/remediation';
import { parseTarget } from '../../probe/parseTarget';
import { type Json, type Phase, type PhaseContext, RemediationError } from '../types';
import { type WindowsFacts, windowsFactsOf } from './inspectWindows';
import { PowerShellDriver } from './powershellDriver';

type Change = PhasePlan['changes'][number];

interface WindowsPhaseSpec {
  id: string;
  script: string;
  addresses: string[];
  risks: string[];
  runsLast?: boolean;
  /** the script's input (without action/backup) */
  input(facts: WindowsFacts, target: string): Record<string, Json>;
  changes(facts: WindowsFacts): { changes: Change[]; alreadyRight: boolean; notes?: string[] };
  commands: (facts: WindowsFacts) => string[];
  verify(facts: WindowsFacts): { ok: boolean; message: string };
  /** undo runs the apply again (a restart has no backup: it restarts so the service reloads what was put back) */
  undoIsApply?: boolean;
}

function driverOf(ctx: PhaseContext): PowerShellDriver {
  if (!(ctx.driver instanceof PowerShellDriver)) {
    throw new RemediationError('unsupported-transport', 'Windows phases run over PowerShell (this computer or WinRM).');
  }
  return ctx.driver;
}

function logResult(ctx: PhaseContext, doc: Record<string, unknown>): void {
  for (const c of (doc.changes as Change[] | undefined) ?? [])
    ctx.log(`${c.target}: ${c.before ?? '(none)'} → ${c.after ?? '(none)'}`);
  for (const l of (doc.lines as string[] | undefined) ?? []) ctx.log(String(l));
  if (doc.changed === false) ctx.log('already right: nothing changed');
  if (doc.restartNeeded === true) ctx.log('Windows must restart before this takes effect.', 'info');
}

function portOf(target: string): number {
  const t = parseTarget(target);
  return t.ok ? t.port : 3389;
}

function windowsPhase(spec: WindowsPhaseSpec): Phase {
  const run = async (ctx: PhaseContext, action: string, extra: Record<string, Json> = {}) => {
    const facts = windowsFactsOf(ctx.inspection);
    const input = { ...spec.input(facts, ctx.target), action, ...extra };
    ctx.log(`${spec.script} ${action}`, 'info');
    return driverOf(ctx).call(spec.script, input, { elevated: true, signal: ctx.signal });
  };
  return {
    id: spec.id,
    hostKind: 'windows',
    addresses: spec.addresses,
    risks: spec.risks,
    runsLast: spec.runsLast,
    plan(inspection: Inspection): PhasePlan {
      const facts = windowsFactsOf(inspection);
      const { changes, alreadyRight, notes } = spec.changes(facts);
      return {
        phase: spec.id,
        title: FIX_PHASES[spec.id]?.title ?? spec.id,
        hostKind: 'windows',
        addresses: spec.addresses,
        risks: [...spec.risks, ...(notes ?? [])],
        changes,
        commands: spec.commands(facts),
        alreadyRight,
      };
    },
    async apply(ctx) {
      // the real old values first (nothing changes), kept before the first change
      const planned = await run(ctx, 'plan');
      ctx.backup((planned.backup ?? null) as Json);
      logResult(ctx, await run(ctx, 'apply'));
    },
    async verify(ctx) {
      return spec.verify(windowsFactsOf(ctx.inspection));
    },
    async undo(ctx, backup) {
      logResult(ctx, spec.undoIsApply ? await run(ctx, 'apply') : await run(ctx, 'undo', { backup }));
    },
  };
}

const POLICY_NOTE = (facts: WindowsFacts, value: string): string[] =>
  facts.policy?.[value]
    ? [
        `Group Policy owns this setting ("${facts.policy[value]?.policy}"): the phase will not change it; change the GPO.`,
      ]
    : [];

const ALL_PROFILES = ['Domain', 'Private', 'Public'] as const;

/** A rule's Profile as Windows prints it ("Any", "Domain, Private", "Public") → the profiles it covers. */
export function profilesOf(profile: string | undefined): string[] {
  if (profile === undefined || profile === '' || profile === 'Any' || profile === '0') return [...ALL_PROFILES];
  return profile.split(/,\s*/).filter(Boolean);
}

/**
 * What Enable-RdpAccess.ps1 does to each disabled inbound rule of the "Remote Desktop" group (the script
 * decides the same way on the host): enable it when it covers only open profiles, narrow it to them first
 * when it also covers Public (Profile Any), leave it off when it covers Public alone. Public is open only
 * when asked (`allowPublicProfile`): a laptop on a café's Wi-Fi should not offer RDP to the room.
 */
export function firewallRulePlan(
  rules: readonly { name: string; enabled: boolean; direction: string; profile?: string }[],
  allowPublicProfile = false,
): { changes: Change[]; stayOff: string[] } {
  const open: string[] = allowPublicProfile ? [...ALL_PROFILES] : ['Domain', 'Private'];
  const changes: Change[] = [];
  const stayOff: string[] = [];
  for (const r of rules) {
    if (r.direction !== 'Inbound' || r.enabled) continue;
    const covers = profilesOf(r.profile);
    const wanted = covers.filter((p) => open.includes(p));
    if (wanted.length === 0) stayOff.push(`${r.name} (${r.profile ?? 'Any'})`);
    else
      changes.push({
        target: `firewall rule ${r.name}`,
        before: `disabled (${r.profile ?? 'Any'})`,
        after: `enabled (${wanted.join(', ')})`,
      });
  }
  return { changes, stayOff };
}

const PUBLIC_PROFILE_NOTE =
  "Opens the firewall for the Domain and Private network profiles only; the Public profile stays closed (to open it too: the script input allowPublicProfile=true, or the console script's -OpenPublicFirewall switch).";

export const enableRdpAccess = windowsPhase({
  id: 'win-start-service-open-firewall',
  script: 'Enable-RdpAccess.ps1',
  addresses: ['tcp-refused', 'tcp-timeout', 'rdp-disabled', 'termservice-stopped', 'rdp-firewall-closed'],
  risks: ['Allows Remote Desktop connections to this host from the network.'],
  input: () => ({ allowPublicProfile: false }),
  changes(f) {
    const changes: Change[] = [];
    if (f.settings.fDenyTSConnections !== 0)
      changes.push({ target: 'fDenyTSConnections', before: String(f.settings.fDenyTSConnections), after: '0' });
    const svc = f.services.TermService;
    if (svc && svc.startType !== 'Automatic')
      changes.push({ target: 'TermService start type', before: svc.startType, after: 'Automatic' });
    if (svc && svc.status !== 'Running') changes.push({ target: 'TermService', before: svc.status, after: 'Running' });
    const fw = firewallRulePlan(f.firewall?.rules ?? []);
    changes.push(...fw.changes);
    const notes = [
      ...POLICY_NOTE(f, 'fDenyTSConnections'),
      PUBLIC_PROFILE_NOTE,
      ...fw.stayOff.map((r) => `Firewall rule ${r} stays disabled: it covers only the Public profile.`),
    ];
    return { changes, alreadyRight: changes.length === 0, notes };
  },
  commands: () => [
    "Set-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server' fDenyTSConnections 0",
    'Set-Service TermService -StartupType Automatic; Start-Service TermService',
    'Set-NetFirewallRule -Name <rule> -Profile Domain,Private (a disabled rule that also covers Public)',
    'Enable-NetFirewallRule -Name <the disabled inbound rules of "Remote Desktop" (@FirewallAPI.dll,-28752)>',
  ],
  verify: (f) =>
    f.settings.fDenyTSConnections === 0 && f.services.TermService?.status === 'Running' && f.firewall?.anyInboundEnabled
      ? {
          ok: true,
          message: `Remote Desktop is on, TermService runs and the firewall lets it in${f.listening?.listening ? `; port ${f.port} listens` : ''}.`,
        }
      : { ok: false, message: 'Remote Desktop, TermService or the firewall group is still off (see the inspection).' },
});

export const setSecurityLayer = windowsPhase({
  id: 'win-set-security-layer',
  script: 'Set-RdpListenerSetting.ps1',
  addresses: ['tls-unavailable'],
  risks: ['Clients that only speak Standard RDP Security can no longer connect.'],
  input: () => ({ setting: 'SecurityLayer', value: 2 }),
  changes(f) {
    const now = f.listener?.securityLayer ?? null;
    const right = now === 1 || now === 2;
    return {
      changes: [
        {
          target: 'RDP-Tcp SecurityLayer',
          before: now === null ? null : String(now),
          after: right ? String(now) : '2 (TLS)',
        },
      ],
      alreadyRight: right,
      notes: POLICY_NOTE(f, 'SecurityLayer'),
    };
  },
  commands: () => ['Invoke-CimMethod (Win32_TSGeneralSetting RDP-Tcp) SetSecurityLayer @{ SecurityLayer = 2 }'],
  verify: (f) =>
    f.listener && f.listener.securityLayer !== 0
      ? {
          ok: true,
          message: `SecurityLayer is ${f.listener.securityLayer} (${f.listener.securityLayer === 2 ? 'TLS' : 'Negotiate'}).`,
        }
      : { ok: false, message: 'SecurityLayer is still 0 (Standard RDP Security).' },
});

export const setNla = windowsPhase({
  id: 'win-set-nla',
  script: 'Set-RdpListenerSetting.ps1',
  addresses: ['nla-unsupported'],
  risks: ['Clients without CredSSP (very old ones) can no longer connect.'],
  input: () => ({ setting: 'UserAuthenticationRequired', value: 1 }),
  changes(f) {
    const now = f.listener?.userAuthenticationRequired ?? null;
    return {
      changes: [
        { target: 'RDP-Tcp UserAuthenticationRequired', before: now === null ? null : String(now), after: '1' },
      ],
      alreadyRight: now === 1,
      notes: POLICY_NOTE(f, 'UserAuthentication'),
    };
  },
  commands: () => [
    'Invoke-CimMethod (Win32_TSGeneralSetting RDP-Tcp) SetUserAuthenticationRequired @{ UserAuthenticationRequired = 1 }',
  ],
  verify: (f) =>
    f.listener?.userAuthenticationRequired === 1
      ? { ok: true, message: 'Network Level Authentication is required.' }
      : { ok: false, message: 'UserAuthenticationRequired is still not 1.' },
});

export const grantKeyRead = windowsPhase({
  id: 'win-grant-machinekeys-read',
  script: 'Grant-RdpKeyRead.ps1',
  addresses: ['tls-key-unusable', 'tls-unavailable', 'tls-handshake-failed', 'tls-cert-unavailable'],
  risks: ["Changes the ACL of one file: the RDP certificate's private key (the old ACL is kept for undo)."],
  input: (f) => ({ keyPath: f.key?.path ?? '' }),
  changes(f) {
    if (!f.key?.path || !f.key.exists)
      return {
        changes: [],
        alreadyRight: false,
        notes: ['The key file is missing: regenerate the certificate instead.'],
      };
    return {
      changes: [
        {
          target: `ACL of ${f.key.path}`,
          before: f.key.sddl,
          after: `${f.key.sddl ?? ''} + (A;;FR;;;NS) NETWORK SERVICE read`,
        },
      ],
      alreadyRight: f.key.networkServiceCanRead,
    };
  },
  commands: (f) => [`icacls.exe "${f.key?.path ?? '<key file>'}" /grant *S-1-5-20:(R)`],
  verify: (f) =>
    f.key?.networkServiceCanRead
      ? { ok: true, message: `NETWORK SERVICE can read ${f.key.path}.` }
      : { ok: false, message: `NETWORK SERVICE still cannot read ${f.key?.path ?? 'the key file'}.` },
});

export const regenerateCert = windowsPhase({
  id: 'win-regenerate-self-signed-cert',
  script: 'Reset-RdpSelfSignedCert.ps1',
  addresses: ['tls-key-unusable', 'tls-cert-expired', 'tls-handshake-failed', 'tls-cert-unavailable'],
  risks: ['Disconnects every Remote Desktop session (TermService restarts).', 'Clients will see a new certificate.'],
  input: (f, target) => ({ thumbprint: f.listener?.certificateThumbprint ?? '', port: portOf(target) }),
  changes(f) {
    const expired = f.certificate ? Date.parse(f.certificate.notAfter) < Date.now() : false;
    const usable = !!f.key?.exists && !!f.key.networkServiceCanRead && !expired;
    const notes =
      f.certificate && !f.certificate.store.endsWith('Remote Desktop')
        ? ['This certificate was not made by Windows (it is in the My store): it is not regenerated.']
        : [];
    return {
      changes: [
        {
          target: 'RDP certificate',
          before: f.listener?.certificateThumbprint ?? null,
          after: 'a new self-signed certificate made by Windows',
        },
      ],
      alreadyRight: usable,
      notes,
    };
  },
  commands: (f) => [
    `Move-Item 'Cert:\\LocalMachine\\Remote Desktop\\${f.listener?.certificateThumbprint ?? ''}' 'Cert:\\LocalMachine\\RdpDoctorBackup'`,
    'Restart-Service TermService -Force',
  ],
  verify: (f) =>
    f.key?.exists && f.key.networkServiceCanRead
      ? {
          ok: true,
          message: `The listener uses ${f.listener?.certificateThumbprint}, whose key NETWORK SERVICE can read.`,
        }
      : { ok: false, message: "The new certificate's key is still not usable." },
});

export const enableTls12 = windowsPhase({
  id: 'win-enable-tls12',
  script: 'Enable-Tls12Server.ps1',
  addresses: ['tls-legacy-only', 'tls12-server-disabled'],
  risks: ['Takes effect only after Windows restarts.'],
  input: () => ({}),
  changes(f) {
    const t = f.tls?.['TLS 1.2'] ?? { enabled: null, disabledByDefault: null };
    const show = (v: number | null) => (v === null ? '(absent)' : String(v));
    return {
      changes: [
        { target: 'SCHANNEL TLS 1.2 Server Enabled', before: show(t.enabled), after: '1' },
        { target: 'SCHANNEL TLS 1.2 Server DisabledByDefault', before: show(t.disabledByDefault), after: '0' },
      ],
      alreadyRight: t.enabled === 1 && t.disabledByDefault === 0,
    };
  },
  commands: () => [
    "New-Item 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Force",
    'Set-ItemProperty … Enabled 1 -Type DWord; Set-ItemProperty … DisabledByDefault 0 -Type DWord',
  ],
  verify: (f) => {
    const t = f.tls?.['TLS 1.2'];
    return t && t.enabled !== 0 && t.disabledByDefault !== 1
      ? { ok: true, message: 'TLS 1.2 is enabled for the server (after the restart of Windows).' }
      : { ok: false, message: 'TLS 1.2 is still disabled for the server.' };
  },
});

export const restartTermService = windowsPhase({
  id: 'win-restart-termservice',
  script: 'Restart-TermService.ps1',
  addresses: ['tls-key-unusable'],
  risks: ['Disconnects every Remote Desktop session on the host.'],
  runsLast: true,
  undoIsApply: true,
  input: (_f, target) => ({ port: portOf(target) }),
  changes: (f) => ({
    changes: [{ target: 'TermService', before: f.services.TermService?.status ?? null, after: 'restarted' }],
    alreadyRight: false,
    notes:
      f.sessions === null || f.sessions === undefined
        ? ['The sessions on the host could not be listed: assume someone is connected.']
        : f.sessions.length === 0
          ? ['No user session is open now.']
          : f.sessions.map((s) => `Disconnects ${s.user} (session ${s.session}, ${s.state}).`),
  }),
  commands: (f) => [
    'Restart-Service TermService -Force',
    `wait until TermService runs and port ${f.port} listens (60 s)`,
  ],
  verify: (f) =>
    f.services.TermService?.status === 'Running' && f.listening?.listening
      ? { ok: true, message: `TermService runs and port ${f.port} listens.` }
      : {
          ok: false,
          message: `TermService is ${f.services.TermService?.status ?? 'unknown'}; port ${f.port} listening: ${f.listening?.listening ?? 'unknown'}.`,
        },
});

/** In run order (the restart runs last: runsLast). */
export const WINDOWS_PHASES: Phase[] = [
  enableRdpAccess,
  setSecurityLayer,
  setNla,
  grantKeyRead,
  regenerateCert,
  enableTls12,
  restartTermService,
];
