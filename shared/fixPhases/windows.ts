/**
 * The Windows fix phases, one spec each (see types.ts): the words, what each addresses, its risks and the
 * copyable commands. In table order: the order of the phases offered for one finding, and the order the
 * runnable ones run in (a `runsLast` phase after the others). Their scripts are
 * electron/remediation/windows/scripts/*.ps1 (Windows PowerShell 5.1), with plan / apply / undo actions; the
 * hooks here plan from the inspection's facts (no host round trip) and verify the fresh re-inspection.
 */
import type { FixCommands, FixContext } from '../fixCommands';
import { psQuote } from '../shellText';
import { parseTarget } from '../target';
import type { FixPhaseSpec, PhaseChange } from './types';
import { firewallRulePlan, policyNote, type WindowsFacts, windowsFactsOf } from './windowsFacts';
import { WIN_BIND_TRUSTED_CERT } from './windowsTrustedCert';

const RDP_TCP = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
const TS_SETTING =
  'Get-CimInstance -Namespace ROOT/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting -Filter "TerminalName=\'RDP-Tcp\'"';

const ps = (lines: string[]): FixCommands => ({ shell: 'powershell', lines });

/** The RDP port of the target as typed (host[:port]); 3389 when it does not parse. */
function portOf(target: string): number {
  const t = parseTarget(target);
  return t.ok ? t.port : 3389;
}

const PUBLIC_PROFILE_NOTE =
  "Opens the firewall for the Domain and Private network profiles only; the Public profile stays closed (to open it too: the script input allowPublicProfile=true, or the console script's -OpenPublicFirewall switch).";

function thumbLine(ctx: FixContext): string {
  return ctx.thumbprint
    ? `$thumb = ${psQuote(ctx.thumbprint)}   # the certificate this probe saw`
    : `$thumb = (${TS_SETTING}).SSLCertificateSHA1Hash   # the certificate Remote Desktop is set to use`;
}

export const WINDOWS_PHASE_SPECS: FixPhaseSpec<WindowsFacts>[] = [
  {
    id: 'win-find-port-owner',
    hostKind: 'windows',
    adviceOnly: true,
    title: 'Find what owns the Remote Desktop port',
    summary:
      'Finds the program listening on the port (another service, a proxy or a hung process) before anything is changed.',
    steps: [
      'List who listens on the port: netstat -ano | findstr :PORT, or Get-NetTCPConnection -LocalPort PORT -State Listen.',
      'Look up the owning process id: Get-Process -Id PID (TermService runs inside svchost.exe).',
      'If it is not Remote Desktop, move that program or point clients at the port Remote Desktop really uses (RDP-Tcp PortNumber).',
    ],
    // something holds the port: find out what before restarting anything (issue 13)
    addresses: ['no-response', 'not-rdp'],
    risks: [],
    commands: (c) =>
      ps([
        `netstat -ano | findstr :${c.port}`,
        `Get-NetTCPConnection -LocalPort ${c.port} -State Listen | Select-Object LocalAddress, LocalPort, OwningProcess`,
        `Get-Process -Id (Get-NetTCPConnection -LocalPort ${c.port} -State Listen).OwningProcess`,
        `tasklist /svc /fi "PID eq <PID from above>"   # TermService runs inside svchost.exe`,
      ]),
  },
  {
    id: 'win-start-service-open-firewall',
    hostKind: 'windows',
    script: 'Enable-RdpAccess.ps1',
    facts: windowsFactsOf,
    input: () => ({ allowPublicProfile: false }),
    plan(f) {
      const changes: PhaseChange[] = [];
      if (f.settings.fDenyTSConnections !== 0)
        changes.push({ target: 'fDenyTSConnections', before: String(f.settings.fDenyTSConnections), after: '0' });
      const svc = f.services.TermService;
      if (svc && svc.startType !== 'Automatic')
        changes.push({ target: 'TermService start type', before: svc.startType, after: 'Automatic' });
      if (svc && svc.status !== 'Running')
        changes.push({ target: 'TermService', before: svc.status, after: 'Running' });
      const fw = firewallRulePlan(f.firewall?.rules ?? []);
      changes.push(...fw.changes);
      const notes = [
        ...policyNote(f, 'fDenyTSConnections'),
        PUBLIC_PROFILE_NOTE,
        ...fw.stayOff.map((r) => `Firewall rule ${r} stays disabled: it covers only the Public profile.`),
      ];
      return {
        changes,
        alreadyRight: changes.length === 0,
        notes,
        commands: [
          "Set-ItemProperty 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server' fDenyTSConnections 0",
          'Set-Service TermService -StartupType Automatic; Start-Service TermService',
          'Set-NetFirewallRule -Name <rule> -Profile Domain,Private (a disabled rule that also covers Public)',
          'Enable-NetFirewallRule -Name <the disabled inbound rules of "Remote Desktop" (@FirewallAPI.dll,-28752)>',
        ],
      };
    },
    verify: (f) =>
      f.settings.fDenyTSConnections === 0 &&
      f.services.TermService?.status === 'Running' &&
      f.firewall?.anyInboundEnabled
        ? {
            ok: true,
            message: `Remote Desktop is on, TermService runs and the firewall lets it in${f.listening?.listening ? `; port ${f.port} listens` : ''}.`,
          }
        : {
            ok: false,
            message: 'Remote Desktop, TermService or the firewall group is still off (see the inspection).',
          },
    title: 'Turn on Remote Desktop and open the firewall',
    summary:
      'Allows Remote Desktop connections, starts the Remote Desktop Services (TermService) service and opens TCP 3389 in Windows Firewall.',
    steps: [
      'Set HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\fDenyTSConnections to 0.',
      'Set the TermService service to start automatically and start it.',
      'Enable the "Remote Desktop" firewall rule group (or allow inbound TCP on the RDP port).',
      'Check the listening port in HKLM\\...\\WinStations\\RDP-Tcp\\PortNumber matches the port you connect to.',
    ],
    addresses: ['tcp-refused', 'tcp-timeout', 'rdp-disabled', 'termservice-stopped', 'rdp-firewall-closed'],
    risks: ['Allows Remote Desktop connections to this host from the network.'],
    // the registry value and the firewall take effect at once and it starts TermService: no restart after it
    selfContained: true,
    commands: (c) =>
      ps([
        "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server' -Name fDenyTSConnections -Value 0",
        'Set-Service -Name TermService -StartupType Automatic',
        'Start-Service -Name TermService',
        "Enable-NetFirewallRule -Group '@FirewallAPI.dll,-28752'   # the Remote Desktop rules, in any language",
        `Get-ItemPropertyValue -Path '${RDP_TCP}' -Name PortNumber   # should print ${c.port}`,
      ]),
  },
  {
    id: 'win-set-security-layer',
    hostKind: 'windows',
    script: 'Set-RdpListenerSetting.ps1',
    facts: windowsFactsOf,
    input: () => ({ setting: 'SecurityLayer', value: 2 }),
    plan(f) {
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
        notes: policyNote(f, 'SecurityLayer'),
        commands: ['Invoke-CimMethod (Win32_TSGeneralSetting RDP-Tcp) SetSecurityLayer @{ SecurityLayer = 2 }'],
      };
    },
    verify: (f) =>
      f.listener && f.listener.securityLayer !== 0
        ? {
            ok: true,
            message: `SecurityLayer is ${f.listener.securityLayer} (${f.listener.securityLayer === 2 ? 'TLS' : 'Negotiate'}).`,
          }
        : { ok: false, message: 'SecurityLayer is still 0 (Standard RDP Security).' },
    title: 'Let Remote Desktop use TLS',
    summary: 'Sets the RDP listener security layer to Negotiate or SSL (TLS) instead of Standard RDP Security.',
    steps: [
      'Set SecurityLayer on HKLM\\...\\WinStations\\RDP-Tcp to 1 (Negotiate) or 2 (SSL/TLS); check the "Require use of specific security layer" policy.',
      'Make sure a usable certificate is bound (a self-signed one is created automatically).',
      'Restart TermService.',
    ],
    addresses: ['tls-unavailable'],
    risks: ['Clients that only speak Standard RDP Security can no longer connect.'],
    commands: () =>
      ps([
        `Get-ItemPropertyValue -Path '${RDP_TCP}' -Name SecurityLayer   # 0 = RDP security only`,
        `Set-ItemProperty -Path '${RDP_TCP}' -Name SecurityLayer -Value 2   # 2 = TLS (1 = Negotiate)`,
        'Restart-Service -Name TermService -Force',
      ]),
  },
  {
    id: 'win-set-nla',
    hostKind: 'windows',
    script: 'Set-RdpListenerSetting.ps1',
    facts: windowsFactsOf,
    input: () => ({ setting: 'UserAuthenticationRequired', value: 1 }),
    plan(f) {
      const now = f.listener?.userAuthenticationRequired ?? null;
      return {
        changes: [
          { target: 'RDP-Tcp UserAuthenticationRequired', before: now === null ? null : String(now), after: '1' },
        ],
        alreadyRight: now === 1,
        notes: policyNote(f, 'UserAuthentication'),
        commands: [
          'Invoke-CimMethod (Win32_TSGeneralSetting RDP-Tcp) SetUserAuthenticationRequired @{ UserAuthenticationRequired = 1 }',
        ],
      };
    },
    verify: (f) =>
      f.listener?.userAuthenticationRequired === 1
        ? { ok: true, message: 'Network Level Authentication is required.' }
        : { ok: false, message: 'UserAuthenticationRequired is still not 1.' },
    title: 'Require Network Level Authentication',
    summary:
      'Turns on Network Level Authentication (UserAuthentication = 1) so users are authenticated before a session starts.',
    steps: [
      'Set UserAuthentication on HKLM\\...\\WinStations\\RDP-Tcp to 1 (or the "Require user authentication ... NLA" policy).',
      'Set SecurityLayer to 1 (Negotiate) or 2 (SSL).',
      'New connections use NLA; no restart is needed, existing sessions are not affected.',
    ],
    addresses: ['nla-unsupported'],
    risks: ['Clients without CredSSP (very old ones) can no longer connect.'],
    // new connections use NLA at once: no restart (which would disconnect every session) after it
    selfContained: true,
    commands: () =>
      ps([
        `Set-ItemProperty -Path '${RDP_TCP}' -Name UserAuthentication -Value 1`,
        `Set-ItemProperty -Path '${RDP_TCP}' -Name SecurityLayer -Value 2`,
      ]),
  },
  {
    id: 'win-grant-machinekeys-read',
    hostKind: 'windows',
    script: 'Grant-RdpKeyRead.ps1',
    facts: windowsFactsOf,
    input: (f) => ({ keyPath: f.key?.path ?? '' }),
    plan(f) {
      const commands = [`icacls.exe "${f.key?.path ?? '<key file>'}" /grant *S-1-5-20:(R)`];
      if (!f.key?.path || !f.key.exists)
        return {
          changes: [],
          alreadyRight: false,
          notes: ['The key file is missing: regenerate the certificate instead.'],
          commands,
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
        commands,
      };
    },
    verify: (f) =>
      f.key?.networkServiceCanRead
        ? { ok: true, message: `NETWORK SERVICE can read ${f.key.path}.` }
        : { ok: false, message: `NETWORK SERVICE still cannot read ${f.key?.path ?? 'the key file'}.` },
    title: 'Let Remote Desktop read its certificate private key',
    summary:
      "Grants NETWORK SERVICE read access to the RDP certificate's private key file under MachineKeys, which TermService needs to complete a TLS handshake.",
    steps: [
      'Find the certificate TermService uses (SSLCertificateSHA1Hash on the RDP-Tcp WinStation, or the "Remote Desktop" store).',
      'Locate its private key file in C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys (or the CNG Keys folder).',
      'Grant NETWORK SERVICE read access to that file (keep SYSTEM and Administrators full control).',
      'Restart TermService.',
    ],
    addresses: ['tls-key-unusable', 'tls-unavailable', 'tls-handshake-failed', 'tls-cert-unavailable'],
    risks: ["Changes the ACL of one file: the RDP certificate's private key (the old ACL is kept for undo)."],
    commands: (c) =>
      ps([
        thumbLine(c),
        '$cert = Get-ChildItem -Path Cert:\\LocalMachine -Recurse | Where-Object Thumbprint -eq $thumb | Select-Object -First 1',
        '$key = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($cert)',
        '$file = Get-ChildItem -Path "$env:ProgramData\\Microsoft\\Crypto" -Recurse -File | Where-Object Name -eq $key.Key.UniqueName',
        "icacls $file.FullName /grant '*S-1-5-20:(R)'   # S-1-5-20 = NETWORK SERVICE",
        'Restart-Service -Name TermService -Force',
      ]),
  },
  {
    id: 'win-regenerate-self-signed-cert',
    hostKind: 'windows',
    script: 'Reset-RdpSelfSignedCert.ps1',
    facts: windowsFactsOf,
    input: (f, target) => ({ thumbprint: f.listener?.certificateThumbprint ?? '', port: portOf(target) }),
    plan(f) {
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
        commands: [
          `Move-Item 'Cert:\\LocalMachine\\Remote Desktop\\${f.listener?.certificateThumbprint ?? ''}' 'Cert:\\LocalMachine\\RdpDoctorBackup'`,
          'Restart-Service TermService -Force',
        ],
      };
    },
    verify: (f) =>
      f.key?.exists && f.key.networkServiceCanRead
        ? {
            ok: true,
            message: `The listener uses ${f.listener?.certificateThumbprint}, whose key NETWORK SERVICE can read.`,
          }
        : { ok: false, message: "The new certificate's key is still not usable." },
    title: 'Regenerate the self-signed Remote Desktop certificate',
    summary:
      'Removes the self-signed certificate from the "Remote Desktop" certificate store so TermService creates a fresh one on restart.',
    steps: [
      'Back up the certificate in Cert:\\LocalMachine\\Remote Desktop (export it), then delete it.',
      'Clear SSLCertificateSHA1Hash on the RDP-Tcp WinStation if it points at the deleted certificate.',
      'Restart TermService; it creates a new self-signed certificate with a readable key.',
      'Check the new certificate thumbprint with a new probe.',
    ],
    // not tls-cert-not-yet-valid (a clock problem) nor tls-cert-self-signed (another self-signed one would
    // not help): it replaces a certificate whose key is unusable or that expired
    addresses: ['tls-key-unusable', 'tls-cert-expired', 'tls-handshake-failed', 'tls-cert-unavailable'],
    // SSL_CERT_NOT_ON_SERVER: the certificate Remote Desktop is set to use is missing, so a new one comes
    // before making its key readable (issue 13)
    firstFor: ['tls-cert-unavailable'],
    risks: ['Disconnects every Remote Desktop session (TermService restarts).', 'Clients will see a new certificate.'],
    // Reset-RdpSelfSignedCert.ps1 restarts TermService itself (Windows makes the new certificate then)
    selfContained: true,
    commands: () =>
      ps([
        "$previous = Get-ChildItem -Path 'Cert:\\LocalMachine\\Remote Desktop'",
        '$previous | ForEach-Object { Export-Certificate -Cert $_ -FilePath "$env:TEMP\\rdp-cert-$($_.Thumbprint).cer" }   # backup',
        '$previous | Remove-Item',
        `${TS_SETTING} | Set-CimInstance -Property @{ SSLCertificateSHA1Hash = '' }`,
        'Restart-Service -Name TermService -Force   # creates a new self-signed certificate',
      ]),
  },
  {
    id: 'win-enable-tls12',
    hostKind: 'windows',
    script: 'Enable-Tls12Server.ps1',
    facts: windowsFactsOf,
    input: () => ({}),
    plan(f) {
      const t = f.tls?.['TLS 1.2'] ?? { enabled: null, disabledByDefault: null };
      const show = (v: number | null) => (v === null ? '(absent)' : String(v));
      return {
        changes: [
          { target: 'SCHANNEL TLS 1.2 Server Enabled', before: show(t.enabled), after: '1' },
          { target: 'SCHANNEL TLS 1.2 Server DisabledByDefault', before: show(t.disabledByDefault), after: '0' },
        ],
        alreadyRight: t.enabled === 1 && t.disabledByDefault === 0,
        commands: [
          "New-Item 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server' -Force",
          'Set-ItemProperty … Enabled 1 -Type DWord; Set-ItemProperty … DisabledByDefault 0 -Type DWord',
        ],
      };
    },
    verify: (f) => {
      const t = f.tls?.['TLS 1.2'];
      return t && t.enabled !== 0 && t.disabledByDefault !== 1
        ? { ok: true, message: 'TLS 1.2 is enabled for the server (after the restart of Windows).' }
        : { ok: false, message: 'TLS 1.2 is still disabled for the server.' };
    },
    title: 'Enable TLS 1.2',
    summary: 'Enables TLS 1.2 (and 1.3 where supported) for the Schannel server so current clients can connect.',
    steps: [
      'Set HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server Enabled=1, DisabledByDefault=0.',
      'On Windows 7 / Server 2008 R2 install the update that adds TLS 1.2 to RDP (KB3080079).',
      'Restart the host (Schannel settings are read at boot).',
    ],
    addresses: ['tls-legacy-only', 'tls12-server-disabled'],
    risks: ['Takes effect only after Windows restarts.'],
    // Schannel reads these at boot: restarting TermService would disconnect everyone for nothing
    selfContained: true,
    commands: () =>
      ps([
        "$k = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server'",
        'New-Item -Path $k -Force | Out-Null',
        'Set-ItemProperty -Path $k -Name Enabled -Value 1 -Type DWord',
        'Set-ItemProperty -Path $k -Name DisabledByDefault -Value 0 -Type DWord',
        'Restart-Computer   # Schannel reads these at boot',
      ]),
  },
  {
    id: 'win-sync-clock',
    hostKind: 'windows',
    adviceOnly: true,
    title: 'Synchronise the clock',
    summary: "Resynchronises the host's clock with its time source so Kerberos and certificate checks work.",
    steps: [
      'Check the time source: w32tm /query /status.',
      'Resynchronise: w32tm /resync (domain members follow the domain hierarchy).',
      'Check the time zone is right as well as the time.',
    ],
    addresses: ['clock-skew', 'tls-cert-not-yet-valid'],
    risks: [],
    commands: () => ps(['w32tm /query /status', 'w32tm /resync']),
  },
  // after the self-signed one: a finding offers a new self-signed certificate first (it needs no file)
  WIN_BIND_TRUSTED_CERT,
  {
    id: 'win-update-credssp',
    hostKind: 'windows',
    adviceOnly: true,
    title: 'Install the CredSSP security update',
    summary:
      'Installs the Windows updates from May 2018 or later that fix the CredSSP encryption-oracle flaw (CVE-2018-0886), so updated clients connect.',
    steps: [
      'Run Windows Update (or install the cumulative update for this Windows version).',
      'Restart the host.',
      'Do not set "Encryption Oracle Remediation" to Vulnerable on clients as a workaround.',
    ],
    addresses: ['credssp-outdated'],
    risks: [],
    commands: () =>
      ps([
        'Get-HotFix | Sort-Object InstalledOn | Select-Object -Last 5   # any update from May 2018 or later?',
        'UsoClient StartInteractiveScan   # then install the cumulative update and restart',
      ]),
  },
  {
    id: 'win-check-account',
    hostKind: 'windows',
    adviceOnly: true,
    title: 'Check the account',
    summary:
      'Checks that the account exists, is enabled, not locked out, has a valid password and may log on through Remote Desktop.',
    steps: [
      'Unlock or enable the account, or reset an expired password.',
      'Make sure it is a member of Administrators or Remote Desktop Users on the host.',
      'Check "Allow log on through Remote Desktop Services", logon hours and workstation restrictions.',
    ],
    addresses: ['credentials-rejected'],
    risks: [],
    commands: () =>
      ps([
        "net user '<user>'   # Account active, Password expires, Workstations allowed",
        "Get-LocalGroupMember -Group 'Remote Desktop Users'",
      ]),
  },
  {
    id: 'win-restart-termservice',
    hostKind: 'windows',
    script: 'Restart-TermService.ps1',
    facts: windowsFactsOf,
    input: (_f, target) => ({ port: portOf(target) }),
    plan: (f) => ({
      changes: [{ target: 'TermService', before: f.services.TermService?.status ?? null, after: 'restarted' }],
      alreadyRight: false,
      notes:
        f.sessions === null || f.sessions === undefined
          ? ['The sessions on the host could not be listed: assume someone is connected.']
          : f.sessions.length === 0
            ? ['No user session is open now.']
            : f.sessions.map((s) => `Disconnects ${s.user} (session ${s.session}, ${s.state}).`),
      commands: ['Restart-Service TermService -Force', `wait until TermService runs and port ${f.port} listens (60 s)`],
    }),
    verify: (f) =>
      f.services.TermService?.status === 'Running' && f.listening?.listening
        ? { ok: true, message: `TermService runs and port ${f.port} listens.` }
        : {
            ok: false,
            message: `TermService is ${f.services.TermService?.status ?? 'unknown'}; port ${f.port} listening: ${f.listening?.listening ?? 'unknown'}.`,
          },
    title: 'Restart Remote Desktop Services',
    summary: 'Restarts the TermService service so it reloads its certificate and security settings.',
    steps: [
      'Warn users: every Remote Desktop session on the host is disconnected.',
      'Restart the TermService service (Restart-Service TermService -Force).',
      'Check that the service is running and listening on the RDP port again.',
    ],
    // offered for no-response by itself; with the phases that need it, it comes along (runsLast)
    addresses: ['tls-key-unusable', 'no-response'],
    risks: ['Disconnects every Remote Desktop session on the host.'],
    runsLast: true,
    undoIsApply: true,
    commands: (c) =>
      ps(['Restart-Service -Name TermService -Force', `Get-NetTCPConnection -LocalPort ${c.port} -State Listen`]),
  },
];
