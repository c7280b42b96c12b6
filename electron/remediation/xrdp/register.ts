import { phaseSpecsFor } from '../../../shared/fixPhases';
import { ensureDataDir } from '../../core/dataDir';
import { scriptedPhase } from '../scriptedPhase';
import { KnownHosts } from '../ssh/knownHosts';
import { SshDriver } from '../ssh/sshDriver';
import { type Phase, RemediationError, type RemediationRegistry } from '../types';
import { xrdpConsoleScript } from './consoleScript';
import { inspectXrdp } from './inspectXrdp';
import { setSecurityLayer, setSslProtocols } from './phases/iniPhases';
import { regenerateCert } from './phases/regenerateCert';
import { XRDP_SCRIPTS } from './scripts';

/** xrdp hosts over SSH: inspector, phases (in run order), the ssh transport and the sh console script. */
export function registerXrdp(registry: RemediationRegistry): void {
  registry.addInspector({ hostKind: 'xrdp', inspect: inspectXrdp });
  // in the table's order (shared/fixPhases/xrdp.ts = run order): a spec with a script is run by scriptedPhase;
  // the phases not yet converted to a script are the hand-written objects below
  const handWritten: Record<string, Phase> = {
    'xrdp-set-security-layer': setSecurityLayer,
    'xrdp-set-ssl-protocols': setSslProtocols,
    'xrdp-regenerate-cert': regenerateCert,
  };
  for (const spec of phaseSpecsFor('xrdp')) {
    if (spec.adviceOnly) continue;
    const phase = spec.script ? scriptedPhase(spec) : handWritten[spec.id];
    if (!phase) throw new Error(`the xrdp phase ${spec.id} has neither a script nor a hand-written phase`);
    registry.addPhase(phase);
  }
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
