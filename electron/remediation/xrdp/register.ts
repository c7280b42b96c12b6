import { KnownHosts } from '../ssh/knownHosts';
import { SshDriver } from '../ssh/sshDriver';
import { RemediationError, type RemediationRegistry } from '../types';
import { xrdpConsoleScript } from './consoleScript';
import { inspectXrdp } from './inspectXrdp';
import { fixKeyPermissions } from './phases/fixKeyPermissions';
import { setSecurityLayer, setSslProtocols } from './phases/iniPhases';
import { regenerateCert } from './phases/regenerateCert';
import { restartXrdp } from './phases/restart';
import { startService } from './phases/startService';
import { XRDP_SCRIPTS } from './scripts';

/**
 * xrdp hosts over SSH: inspector, phases (in run order), the ssh transport and the sh console script.
 * `dataDir`: the app's data folder (its SSH known-hosts file), asked for when a connection opens.
 */
export function registerXrdp(registry: RemediationRegistry, data: { dataDir: () => string }): void {
  registry.addInspector({ hostKind: 'xrdp', inspect: inspectXrdp });
  registry.addPhase(fixKeyPermissions);
  registry.addPhase(setSecurityLayer);
  registry.addPhase(setSslProtocols);
  registry.addPhase(regenerateCert);
  registry.addPhase(startService);
  registry.addPhase(restartXrdp);
  registry.addTransport('ssh', (access, opts) => {
    if (access.via !== 'ssh') throw new RemediationError('unsupported-transport', 'not an SSH access');
    return SshDriver.connect(access, {
      knownHosts: KnownHosts.inDir(data.dataDir()),
      scripts: XRDP_SCRIPTS,
      signal: opts.signal,
    });
  });
  registry.addScriptWriter({ hostKind: 'xrdp', format: 'sh', write: xrdpConsoleScript });
}
