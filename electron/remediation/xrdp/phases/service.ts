/**
 * What xrdp-restart.sh reports (old_pid=, exit_status=, new_pid= lines) and the service commands as plans show
 * them. The restart / start / stop themselves run inside the phase scripts (phase-restart.sh,
 * phase-start-service.sh include xrdp-restart.sh as the function xrdp_service).
 */
export { type ServiceAction, serviceCommand } from '../../../../shared/fixPhases/xrdpFacts';

export interface ServiceResult {
  oldPid: number | null;
  newPid: number | null;
  /** the service manager's exit status (shown, not judged) */
  exitStatus: number | null;
}

function numberAfter(stdout: string, name: string): number | null {
  const m = new RegExp(`^${name}=(\\d+)$`, 'm').exec(stdout);
  return m ? Number(m[1]) : null;
}

export function parseServiceOutput(stdout: string): ServiceResult {
  return {
    oldPid: numberAfter(stdout, 'old_pid'),
    newPid: numberAfter(stdout, 'new_pid'),
    exitStatus: numberAfter(stdout, 'exit_status'),
  };
}
