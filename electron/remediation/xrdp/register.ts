import { phaseSpecsFor } from '../../../shared/fixPhases';
import { scriptedPhase } from '../scriptedPhase';
import { KnownHosts } from '../ssh/knownHosts';
import { SshDriver } from '../ssh/sshDriver';
import { RemediationError, type RemediationRegistry } from '../types';
import { xrdpConsoleScript } from './consoleScript';
import { inspectXrdp } from './inspectXrdp';
import { XRDP_SCRIPTS } from './scripts';

/**
 * xrdp hosts over SSH: inspector, phases (in run order), the ssh transport and the sh console script.
 * `dataDir`: the app's data folder (its SSH known-hosts file), asked for when a connection opens.
 */
export function registerXrdp(registry: RemediationRegistry, data: { dataDir: () => string }): void {
  registry.addInspector({ hostKind: 'xrdp', inspect: inspectXrdp });
  // in the table's order (shared/fixPhases/xrdp.ts = run order): every runnable spec is its script
  for (const spec of phaseSpecsFor('xrdp')) if (!spec.adviceOnly) registry.addPhase(scriptedPhase(spec));
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
