/**
 * The exact commands behind each fix phase, filled in with what the probe learned (the port, the certificate
 * thumbprint, the key file where it can be inferred), for a technician to read and copy. Shown by the findings
 * screen, `rdp-doctor probe --fixes` and the report. Pure; nothing here runs anything.
 *
 * Values are data: every value from the probe is checked (a port is a number, a thumbprint 40 hex digits, a
 * host a DNS name or address) and quoted for its shell, so a hostile certificate or host name cannot turn a
 * copied command into another command. What the probe cannot know stays a visible <placeholder>.
 */
import type { ProbeResult } from './probe';

export interface FixContext {
  port: number;
  /** SHA-1 thumbprint of the certificate the probe saw, uppercase hex, when it completed a TLS handshake */
  thumbprint: string | null;
  /** the private key file xrdp loads, when it can be inferred (Debian's snakeoil certificate) */
  keyPath: string | null;
  /** the host as typed, for a new certificate's name */
  host: string | null;
}

export interface FixCommands {
  shell: 'powershell' | 'sh';
  /** one command per line; lines starting with # are comments */
  lines: string[];
}

export const DEFAULT_RDP_PORT = 3389;
/** Debian/Ubuntu: /etc/xrdp/key.pem is a link to this file, readable only by its owner and group ssl-cert. */
export const SNAKEOIL_KEY = '/etc/ssl/private/ssl-cert-snakeoil.key';
export const XRDP_KEY = '/etc/xrdp/key.pem';

const THUMBPRINT = /^[0-9A-F]{40}$/;
const SAFE_HOST = /^[A-Za-z0-9.-]{1,253}$|^[0-9A-Fa-f:.]{2,45}$/;

/** The facts fix commands need, from a probe result (or a report's facts, redacted or not). */
export function fixContextFrom(result: Pick<ProbeResult, 'target' | 'tcp' | 'tls'>): FixContext {
  const port = result.target?.port ?? result.tcp?.port ?? DEFAULT_RDP_PORT;
  const cert = result.tls?.certificate ?? null;
  const thumb = cert?.sha1Thumbprint?.toUpperCase() ?? null;
  const host = result.target?.host ?? null;
  return {
    port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : DEFAULT_RDP_PORT,
    thumbprint: thumb && THUMBPRINT.test(thumb) ? thumb : null,
    keyPath: cert && /snakeoil/i.test(cert.subject + cert.issuer) ? SNAKEOIL_KEY : null,
    host: host && SAFE_HOST.test(host) ? host : null,
  };
}

/** An IPv4 or IPv6 literal (a host that passed SAFE_HOST); shared/ runs in the renderer too, so no node:net. */
function looksLikeIp(host: string): boolean {
  return host.includes(':') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host);
}

/** POSIX sh single quotes. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
/** PowerShell single-quoted string (a quote is doubled). */
export function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const RDP_TCP = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp';
const TS_SETTING =
  'Get-CimInstance -Namespace ROOT/cimv2/TerminalServices -ClassName Win32_TSGeneralSetting -Filter "TerminalName=\'RDP-Tcp\'"';

function thumbLine(ctx: FixContext): string {
  return ctx.thumbprint
    ? `$thumb = ${psQuote(ctx.thumbprint)}   # the certificate this probe saw`
    : `$thumb = (${TS_SETTING}).SSLCertificateSHA1Hash   # the certificate Remote Desktop is set to use`;
}

type Builder = (ctx: FixContext) => FixCommands;

const ps = (lines: string[]): FixCommands => ({ shell: 'powershell', lines });
const sh = (lines: string[]): FixCommands => ({ shell: 'sh', lines });

const BUILDERS: Record<string, Builder> = {
  'win-find-port-owner': (c) =>
    ps([
      `netstat -ano | findstr :${c.port}`,
      `Get-NetTCPConnection -LocalPort ${c.port} -State Listen | Select-Object LocalAddress, LocalPort, OwningProcess`,
      `Get-Process -Id (Get-NetTCPConnection -LocalPort ${c.port} -State Listen).OwningProcess`,
      `tasklist /svc /fi "PID eq <PID from above>"   # TermService runs inside svchost.exe`,
    ]),
  'win-start-service-open-firewall': (c) =>
    ps([
      "Set-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server' -Name fDenyTSConnections -Value 0",
      'Set-Service -Name TermService -StartupType Automatic',
      'Start-Service -Name TermService',
      "Enable-NetFirewallRule -Group '@FirewallAPI.dll,-28752'   # the Remote Desktop rules, in any language",
      `Get-ItemPropertyValue -Path '${RDP_TCP}' -Name PortNumber   # should print ${c.port}`,
    ]),
  'win-restart-termservice': (c) =>
    ps(['Restart-Service -Name TermService -Force', `Get-NetTCPConnection -LocalPort ${c.port} -State Listen`]),
  'win-grant-machinekeys-read': (c) =>
    ps([
      thumbLine(c),
      '$cert = Get-ChildItem -Path Cert:\\LocalMachine -Recurse | Where-Object Thumbprint -eq $thumb | Select-Object -First 1',
      '$key = [System.Security.Cryptography.X509Certificates.RSACertificateExtensions]::GetRSAPrivateKey($cert)',
      '$file = Get-ChildItem -Path "$env:ProgramData\\Microsoft\\Crypto" -Recurse -File | Where-Object Name -eq $key.Key.UniqueName',
      "icacls $file.FullName /grant '*S-1-5-20:(R)'   # S-1-5-20 = NETWORK SERVICE",
      'Restart-Service -Name TermService -Force',
    ]),
  'win-regenerate-self-signed-cert': () =>
    ps([
      "$previous = Get-ChildItem -Path 'Cert:\\LocalMachine\\Remote Desktop'",
      '$previous | ForEach-Object { Export-Certificate -Cert $_ -FilePath "$env:TEMP\\rdp-cert-$($_.Thumbprint).cer" }   # backup',
      '$previous | Remove-Item',
      `${TS_SETTING} | Set-CimInstance -Property @{ SSLCertificateSHA1Hash = '' }`,
      'Restart-Service -Name TermService -Force   # creates a new self-signed certificate',
    ]),
  'win-bind-trusted-cert': () =>
    ps([
      "$thumb = '<thumbprint of the CA-issued certificate in Cert:\\LocalMachine\\My>'",
      `${TS_SETTING} | Set-CimInstance -Property @{ SSLCertificateSHA1Hash = $thumb }`,
      'Restart-Service -Name TermService -Force',
    ]),
  'win-set-security-layer': () =>
    ps([
      `Get-ItemPropertyValue -Path '${RDP_TCP}' -Name SecurityLayer   # 0 = RDP security only`,
      `Set-ItemProperty -Path '${RDP_TCP}' -Name SecurityLayer -Value 2   # 2 = TLS (1 = Negotiate)`,
      'Restart-Service -Name TermService -Force',
    ]),
  'win-set-nla': () =>
    ps([
      `Set-ItemProperty -Path '${RDP_TCP}' -Name UserAuthentication -Value 1`,
      `Set-ItemProperty -Path '${RDP_TCP}' -Name SecurityLayer -Value 2`,
    ]),
  'win-enable-tls12': () =>
    ps([
      "$k = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server'",
      'New-Item -Path $k -Force | Out-Null',
      'Set-ItemProperty -Path $k -Name Enabled -Value 1 -Type DWord',
      'Set-ItemProperty -Path $k -Name DisabledByDefault -Value 0 -Type DWord',
      'Restart-Computer   # Schannel reads these at boot',
    ]),
  'win-sync-clock': () => ps(['w32tm /query /status', 'w32tm /resync']),
  'win-update-credssp': () =>
    ps([
      'Get-HotFix | Sort-Object InstalledOn | Select-Object -Last 5   # any update from May 2018 or later?',
      'UsoClient StartInteractiveScan   # then install the cumulative update and restart',
    ]),
  'win-check-account': () =>
    ps([
      "net user '<user>'   # Account active, Password expires, Workstations allowed",
      "Get-LocalGroupMember -Group 'Remote Desktop Users'",
    ]),
  'xrdp-find-port-owner': (c) => sh([`sudo ss -ltnp ${shQuote(`sport = :${c.port}`)}`]),
  'xrdp-start-service': (c) =>
    sh([
      'sudo systemctl enable xrdp && sudo systemctl start xrdp   # without systemd: sudo update-rc.d xrdp enable && sudo /etc/init.d/xrdp start',
      `sudo ss -ltnp ${shQuote(`sport = :${c.port}`)}   # xrdp should be listening`,
      `grep -E '^port=' /etc/xrdp/xrdp.ini   # should name port ${c.port}`,
    ]),
  'xrdp-open-firewall': (c) =>
    sh([
      'sudo ufw status   # or: sudo firewall-cmd --state, sudo nft list ruleset',
      `sudo ufw allow ${c.port}/tcp   # or: sudo firewall-cmd --permanent --add-port=${c.port}/tcp && sudo firewall-cmd --reload`,
    ]),
  'xrdp-fix-key-permissions': (c) => {
    const key = c.keyPath ?? `"$(readlink -f ${XRDP_KEY})"`;
    return sh([
      "grep -E '^(certificate|key_file)=' /etc/xrdp/xrdp.ini   # the files xrdp loads",
      'sudo adduser xrdp ssl-cert',
      `sudo chgrp ssl-cert ${c.keyPath ? shQuote(key) : key}`,
      `sudo chmod 640 ${c.keyPath ? shQuote(key) : key}`,
      'sudo systemctl restart xrdp',
    ]);
  },
  'xrdp-regenerate-cert': (c) => {
    // the name clients use goes into subjectAltName (clients match names there), never a CN alone
    const name = c.host ?? '<host name>';
    const san = c.host && looksLikeIp(c.host) ? `IP:${c.host}` : `DNS:${name}`;
    return sh([
      'sudo openssl x509 -in /etc/xrdp/cert.pem -noout -subject -ext subjectAltName   # keep these names in the new one',
      `sudo openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj ${shQuote(`/CN=${name}`)} -addext ${shQuote(`subjectAltName=${san}`)} -keyout /etc/xrdp/key.pem -out /etc/xrdp/cert.pem`,
      'sudo chgrp ssl-cert /etc/xrdp/key.pem && sudo chmod 640 /etc/xrdp/key.pem',
      'sudo systemctl restart xrdp',
    ]);
  },
  'xrdp-set-security-layer': () =>
    sh([
      "sudo sed -i 's/^security_layer=.*/security_layer=negotiate/' /etc/xrdp/xrdp.ini",
      'sudo systemctl restart xrdp',
    ]),
  'xrdp-set-ssl-protocols': () =>
    sh([
      "sudo sed -i 's/^ssl_protocols=.*/ssl_protocols=TLSv1.2, TLSv1.3/' /etc/xrdp/xrdp.ini",
      'sudo systemctl restart xrdp',
    ]),
  'xrdp-restart': () => sh(['sudo systemctl restart xrdp', 'sudo journalctl -u xrdp -n 50 --no-pager']),
  'xrdp-sync-clock': () => sh(['sudo timedatectl set-ntp true', 'timedatectl status']),
  'xrdp-check-account': () => sh(["sudo passwd -S '<user>'", "sudo chage -l '<user>'"]),
};

/** The commands of one fix phase, or null for a phase without commands. */
export function commandsFor(phaseId: string, ctx: FixContext): FixCommands | null {
  const build = BUILDERS[phaseId];
  return build ? build(ctx) : null;
}

/** Phase ids that have commands (for tests: every catalogue phase should). */
export const PHASES_WITH_COMMANDS: readonly string[] = Object.keys(BUILDERS);
