/**
 * The Windows fix phases: each is its spec (shared/fixPhases/windows.ts: words, addresses, plan / input /
 * verify hooks) and its script (scripts/*.ps1: plan / apply / undo actions), made runnable by the generic
 * scriptedPhase() over whatever Driver the job opened (this computer or WinRM). Nothing Windows-specific runs
 * here: adding a phase is its spec and its script (see electron/remediation/types.ts).
 */
import { phaseSpec, phaseSpecsFor } from '../../../shared/fixPhases/index';
import { scriptedPhase } from '../scriptedPhase';
import type { Phase } from '../types';

export { firewallRulePlan, profilesOf } from '../../../shared/fixPhases/windowsFacts';

/** Every Windows spec with a script, as a Phase, in table order (the restart last: runsLast). */
export const WINDOWS_PHASES: Phase[] = phaseSpecsFor('windows')
  .filter((s) => !s.adviceOnly)
  .map((s) => scriptedPhase(s));

function phase(id: string): Phase {
  const found = WINDOWS_PHASES.find((p) => p.id === id);
  if (!found || phaseSpec(id)?.hostKind !== 'windows') throw new Error(`${id} is not a runnable Windows phase`);
  return found;
}

// by name, for the tests that plan one phase against a modelled host
export const enableRdpAccess = phase('win-start-service-open-firewall');
export const setSecurityLayer = phase('win-set-security-layer');
export const setNla = phase('win-set-nla');
export const grantKeyRead = phase('win-grant-machinekeys-read');
export const regenerateCert = phase('win-regenerate-self-signed-cert');
export const enableTls12 = phase('win-enable-tls12');
export const restartTermService = phase('win-restart-termservice');
