/**
 * The console hand-over for Windows: ONE self-contained .ps1 a technician runs at the host (or pastes into
 * a hypervisor's run-command). The header holds the only values (the port as a number, the phase ids from
 * the registry: both checked here), then every repo script it needs verbatim as a script block, then the
 * fixed body (scripts/Console-Fix.body.ps1): checks, inspect, plan/backup/apply per phase, verify, -Undo.
 */
import { FIX_PHASES } from '../../../shared/findings';
import { parseTarget } from '../../probe/parseTarget';
import { RemediationError } from '../types';
import { WINDOWS_SCRIPTS } from './bundledScripts';
import body from './scripts/Console-Fix.body.ps1?raw';

const PHASE_SCRIPTS: Record<string, string> = {
  'win-start-service-open-firewall': 'Enable-RdpAccess.ps1',
  'win-set-security-layer': 'Set-RdpListenerSetting.ps1',
  'win-set-nla': 'Set-RdpListenerSetting.ps1',
  'win-grant-machinekeys-read': 'Grant-RdpKeyRead.ps1',
  'win-regenerate-self-signed-cert': 'Reset-RdpSelfSignedCert.ps1',
  'win-enable-tls12': 'Enable-Tls12Server.ps1',
  'win-restart-termservice': 'Restart-TermService.ps1',
  'win-bind-trusted-cert': 'Set-RdpTrustedCert.ps1',
};

export function windowsConsoleScript(target: string, phases: readonly string[]): { filename: string; content: string } {
  const t = parseTarget(target);
  if (!t.ok) throw new RemediationError('bad-target', t.message);
  for (const p of phases) {
    if (!PHASE_SCRIPTS[p]) {
      throw new RemediationError(
        'unknown-phase',
        `No console step for "${p}" on Windows hosts. Known: ${Object.keys(PHASE_SCRIPTS).join(', ')}.`,
      );
    }
  }
  // the restart runs last, whatever order the phases were asked in
  const ordered = [...phases].sort(
    (a, b) => Number(a === 'win-restart-termservice') - Number(b === 'win-restart-termservice'),
  );
  const names = ['Inspect-RdpHost.ps1', ...new Set(ordered.map((p) => PHASE_SCRIPTS[p] as string))];
  const blocks = names.map((n) => `  '${n}' = {\n${WINDOWS_SCRIPTS[n]}\n  }`).join('\n');
  const comment = target.replace(/[^\x20-\x7e]/g, '?');
  // only [A-Za-z0-9._-]: safe in a comment and on a PowerShell command line
  const filename = `rdp-doctor-fix-${t.host.replace(/[^A-Za-z0-9.-]/g, '_')}.ps1`;
  const header = [
    `# RDP Doctor: fix Remote Desktop on ${comment} at its console (Windows PowerShell 5.1, run as administrator).`,
    `# What it does: ${ordered.map((p) => FIX_PHASES[p]?.title ?? p).join('; ') || 'nothing but an inspection'}`,
    '#',
    '# How to run it:',
    '#  1. Copy this file to the host.',
    '#  2. Open Windows PowerShell as administrator (Start, type PowerShell, right-click, "Run as administrator").',
    `#  3. Check it is the file RDP Doctor showed: Get-FileHash -Algorithm SHA256 .\\${filename}`,
    `#  4. A downloaded file is blocked: Unblock-File .\\${filename} (or: powershell -ExecutionPolicy Bypass -File ...)`,
    `#  5. See what it would change, changing nothing: .\\${filename} -WhatIf`,
    `#  6. Run it: .\\${filename}   It keeps a backup of everything it changes and prints where.`,
    `#  7. To put it all back: .\\${filename} -Undo <the backup file it printed>   (-BackupFolder: where backups go)`,
    '# -OpenPublicFirewall: open the Remote Desktop firewall rules for the Public profile too (default: Domain, Private).',
    ...(ordered.includes('win-bind-trusted-cert')
      ? [
          '# -PfxFile <path>: the .pfx your CA issued for this host (the script asks for its password; it checks the',
          '#   certificate is valid now, for server authentication, RSA 2048 bits or more, before it imports it).',
        ]
      : []),
    'param([switch]$WhatIf, [string]$Undo, [string]$BackupFolder, [switch]$OpenPublicFirewall, [string]$PfxFile)',
    `$RdpDoctorPort = ${t.port}`,
    `$RdpDoctorPhases = @(${ordered.map((p) => `'${p}'`).join(', ')})`,
    '$RdpDoctorScripts = @{',
    blocks,
    '}',
    '',
  ].join('\n');
  return { filename, content: `${header}${body}`.replace(/\r?\n/g, '\r\n') };
}
