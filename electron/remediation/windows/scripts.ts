// The Windows host's scripts: repo files (Windows PowerShell 5.1), imported as text. Each takes ONE JSON
// document as its only argument and prints one JSON document. The bootstrap is the fixed text behind
// powershell.exe -EncodedCommand; it runs one of these with its JSON (see powershell.ts).
import bootstrap from './bootstrap.ps1?raw';
import enableRdpAccess from './scripts/Enable-RdpAccess.ps1?raw';
import enableTls12 from './scripts/Enable-Tls12Server.ps1?raw';
import grantKeyRead from './scripts/Grant-RdpKeyRead.ps1?raw';
import inspect from './scripts/Inspect-RdpHost.ps1?raw';
import invokeNative from './scripts/Invoke-Native.ps1?raw';
import readFile from './scripts/Read-HostFile.ps1?raw';
import resetCert from './scripts/Reset-RdpSelfSignedCert.ps1?raw';
import restart from './scripts/Restart-TermService.ps1?raw';
import listenerSetting from './scripts/Set-RdpListenerSetting.ps1?raw';
import trustedCert from './scripts/Set-RdpTrustedCert.ps1?raw';
import writeFile from './scripts/Write-HostFile.ps1?raw';

export const BOOTSTRAP_PS1: string = bootstrap;

export const WINDOWS_SCRIPTS: Record<string, string> = {
  'Inspect-RdpHost.ps1': inspect,
  'Set-RdpListenerSetting.ps1': listenerSetting,
  'Grant-RdpKeyRead.ps1': grantKeyRead,
  'Restart-TermService.ps1': restart,
  'Enable-Tls12Server.ps1': enableTls12,
  'Enable-RdpAccess.ps1': enableRdpAccess,
  'Reset-RdpSelfSignedCert.ps1': resetCert,
  /** win-bind-trusted-cert: script and Pester tests ready; no phase yet (a job cannot carry a .pfx yet) */
  'Set-RdpTrustedCert.ps1': trustedCert,
  'Invoke-Native.ps1': invokeNative,
  'Read-HostFile.ps1': readFile,
  'Write-HostFile.ps1': writeFile,
};
