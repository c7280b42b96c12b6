// The Windows host's scripts: repo files (Windows PowerShell 5.1), imported as text. Each takes ONE JSON
// document as its only argument and prints one JSON document. The bootstrap is the fixed text behind
// powershell.exe -EncodedCommand; it runs one of these with its JSON (see powershell.ts).
// Code two scripts share lives in a *.lib.ps1 that each includes with `. (Join-Path $PSScriptRoot '<lib>')`:
// that works from the file (Pester); a host gets ONE script text per run, so the lib's text replaces the line.
import bootstrap from './bootstrap.ps1?raw';
import enableRdpAccess from './scripts/Enable-RdpAccess.ps1?raw';
import enableTls12 from './scripts/Enable-Tls12Server.ps1?raw';
import grantKeyRead from './scripts/Grant-RdpKeyRead.ps1?raw';
import inspect from './scripts/Inspect-RdpHost.ps1?raw';
import invokeNative from './scripts/Invoke-Native.ps1?raw';
import keyAclLib from './scripts/RdpKeyAcl.lib.ps1?raw';
import readFile from './scripts/Read-HostFile.ps1?raw';
import resetCert from './scripts/Reset-RdpSelfSignedCert.ps1?raw';
import restart from './scripts/Restart-TermService.ps1?raw';
import listenerSetting from './scripts/Set-RdpListenerSetting.ps1?raw';
import trustedCert from './scripts/Set-RdpTrustedCert.ps1?raw';
import writeFile from './scripts/Write-HostFile.ps1?raw';

const LIBS: Record<string, string> = { 'RdpKeyAcl.lib.ps1': keyAclLib };
const INCLUDE = /^\. \(Join-Path \$PSScriptRoot '([A-Za-z0-9.-]+\.lib\.ps1)'\)\r?$/gm;

/** A script's text with each include line replaced by its lib (an unknown lib fails at start-up, not on a host). */
export function withIncludes(text: string, libs: Record<string, string> = LIBS): string {
  return text.replace(INCLUDE, (_line, name: string) => {
    const lib = libs[name];
    if (lib === undefined) throw new Error(`A Windows script includes ${name}, which is not in scripts.ts.`);
    return lib.trimEnd();
  });
}

export const BOOTSTRAP_PS1: string = bootstrap;

const SCRIPT_FILES: Record<string, string> = {
  'Inspect-RdpHost.ps1': inspect,
  'Set-RdpListenerSetting.ps1': listenerSetting,
  'Grant-RdpKeyRead.ps1': grantKeyRead,
  'Restart-TermService.ps1': restart,
  'Enable-Tls12Server.ps1': enableTls12,
  'Enable-RdpAccess.ps1': enableRdpAccess,
  'Reset-RdpSelfSignedCert.ps1': resetCert,
  /** win-bind-trusted-cert: installs a checked .pfx (import, key read for NETWORK SERVICE, bind) */
  'Set-RdpTrustedCert.ps1': trustedCert,
  'Invoke-Native.ps1': invokeNative,
  'Read-HostFile.ps1': readFile,
  'Write-HostFile.ps1': writeFile,
};

export const WINDOWS_SCRIPTS: Record<string, string> = Object.fromEntries(
  Object.entries(SCRIPT_FILES).map(([name, text]) => [name, withIncludes(text)]),
);
