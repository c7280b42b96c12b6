import type { RemediationRegistry } from '../types';
import { windowsConsoleScript } from './consoleScript';
import { inspectWindows } from './inspectWindows';
import { WINDOWS_PHASES } from './phases';
import { openLocal, openWinrm } from './powershellDriver';

/**
 * Windows hosts over PowerShell: the inspector, the phases (in run order), "this computer" and WinRM (both
 * need Windows here: elsewhere they say so), and the .ps1 console script.
 */
export function registerWindows(registry: RemediationRegistry): void {
  registry.addInspector({ hostKind: 'windows', inspect: inspectWindows });
  for (const phase of WINDOWS_PHASES) registry.addPhase(phase);
  registry.addTransport('local', (access) => openLocal(access));
  registry.addTransport('winrm', (access) => openWinrm(access));
  registry.addScriptWriter({ hostKind: 'windows', format: 'ps1', write: windowsConsoleScript });
}
