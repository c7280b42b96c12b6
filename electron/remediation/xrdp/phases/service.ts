/**
 * Restart / start / stop the xrdp service and judge it by the result (scripts/xrdp-restart.sh): the packaged
 * xrdp listening again on the exact address and port xrdp.ini binds, with a new pid. The service manager's
 * exit status and output are streamed into the phase's output, never taken as the verdict.
 */
import { shellCommand } from '../../ssh/shellQuote';
import { type PhaseContext, RemediationError } from '../../types';
import type { XrdpFacts } from '../inspectXrdp';
import { describeBind, type XrdpBind } from './listen';

/** try-restart: restart only when xrdp runs (the undo of a restart, after another undo may have stopped it) */
export type ServiceAction = 'restart' | 'try-restart' | 'start' | 'stop';
export type Manager = 'systemd' | 'init';

export interface ServiceResult {
  oldPid: number | null;
  newPid: number | null;
  /** the service manager's exit status (shown, not judged) */
  exitStatus: number | null;
}

/** The command a manager runs for an action, as the plan shows it. */
export function serviceCommand(manager: XrdpFacts['serviceManager'], action: ServiceAction): string {
  const verb = action === 'try-restart' ? 'restart' : action;
  return manager === 'systemd' ? `systemctl ${verb} xrdp` : `/etc/init.d/xrdp ${verb}`;
}

export function managerOf(f: XrdpFacts): Manager {
  if (f.serviceManager === 'systemd' || f.serviceManager === 'init') return f.serviceManager;
  throw new RemediationError(
    'no-service-manager',
    'xrdp is run neither by systemd nor by an init script on this host, so RDP Doctor cannot restart or start it: do it the way this host runs xrdp.',
  );
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

export async function runService(
  ctx: PhaseContext,
  action: ServiceAction,
  manager: Manager,
  bind: XrdpBind,
): Promise<ServiceResult> {
  const args = [action, manager, bind.address, String(bind.port)];
  ctx.log(`$ ${shellCommand(['xrdp-restart.sh', ...args])}`);
  const res = await ctx.driver.runScript('xrdp-restart.sh', args, {
    elevated: true,
    signal: ctx.signal,
    onLine: (line, stream) => ctx.log(line, stream),
  });
  const result = parseServiceOutput(res.stdout);
  if (res.exitCode !== 0) {
    const status =
      result.exitStatus === null ? '' : ` (${serviceCommand(manager, action)} exited ${result.exitStatus})`;
    const what =
      action === 'stop'
        ? `xrdp still listens on ${describeBind(bind)} 30 s after the stop${status}.`
        : `No new xrdp listens on ${describeBind(bind)} within 30 s after the ${action}${status}.`;
    const detail = res.stderr.trim().split('\n').slice(-6).join(' | ');
    throw new RemediationError('service-not-verified', detail ? `${what} ${detail}` : what);
  }
  return result;
}
