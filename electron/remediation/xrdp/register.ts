import { ensureDataDir } from '../../core/dataDir';
import { scriptedPhase } from '../scriptedPhase';
import { KnownHosts } from '../ssh/knownHosts';
import { SshDriver } from '../ssh/sshDriver';
import { RemediationError, type RemediationRegistry } from '../types';
import { xrdpConsoleScript } from './consoleScript';
import { inspectXrdp } from './inspectXrdp';
import { setSecurityLayer, setSslProtocols } from './phases/iniPhases';
import { regenerateCert } from './phases/regenerateCert';
import { XRDP_SCRIPTS } from './scripts';
import { XRDP_SPECS } from './specs';

/** xrdp hosts over SSH: inspector, phases (in run order), the ssh transport and the sh console script. */
export function registerXrdp(registry: RemediationRegistry): void {
  registry.addInspector({ hostKind: 'xrdp', inspect: inspectXrdp });
  // in run order; the phases with a script are declared once (shared/fixPhases) and run by scriptedPhase
  const scripted = (id: string) => {
    const spec = XRDP_SPECS[id];
    if (!spec) throw new Error(`no spec for ${id}`);
    return scriptedPhase(spec);
  };
  registry.addPhase(scripted('xrdp-fix-key-permissions'));
  registry.addPhase(setSecurityLayer);
  registry.addPhase(setSslProtocols);
  registry.addPhase(regenerateCert);
  registry.addPhase(scripted('xrdp-start-service'));
  registry.addPhase(scripted('xrdp-restart'));
  registry.addTransport('ssh', (access, opts) => {
    if (access.via !== 'ssh') throw new RemediationError('unsupported-transport', 'not an SSH access');
    return SshDriver.connect(access, {
      knownHosts: KnownHosts.inDir(ensureDataDir()),
      scripts: XRDP_SCRIPTS,
      signal: opts.signal,
    });
  });
  registry.addScriptWriter({ hostKind: 'xrdp', format: 'sh', write: xrdpConsoleScript });
}
