/**
 * xrdp-restart: restarts xrdp the way the host runs it (systemd or Debian's init script) and judges the restart
 * by its result: the packaged xrdp listening again on the exact address and port xrdp.ini binds for the target,
 * with a new pid (phases/service.ts). The service manager's exit status is shown, not taken as the verdict:
 * Debian's /etc/init.d/xrdp restart sometimes exits 1 while the new xrdp is up. Runs after every other phase;
 * its undo restarts again after the others' undo, so xrdp reloads what was put back.
 */
import type { PhasePlan } from '../../../../shared/remediation';
import { type Phase, type PhaseContext, RemediationError } from '../../types';
import { type XrdpFacts, xrdpFactsOf } from '../inspectXrdp';
import { bindForTarget, describeBind, mustBindForTarget } from './listen';
import { managerOf, runService, type ServiceResult, serviceCommand } from './service';
import { basePlan } from './support';

/**
 * Debian's init-script quirk: after a restart the old xrdp's exit can remove the new one's pid file, so the
 * service's own xrdp looks like someone else's. Its signature: an init-script host whose pid file names no
 * running xrdp, and every listener is the packaged /usr/sbin/xrdp running as the user the init script starts
 * it as. Restarting the service then restarts exactly that xrdp (the script also puts the pid file back).
 */
export function lostPidFile(f: XrdpFacts): boolean {
  const foreign = f.listener.foreign;
  return (
    f.serviceManager === 'init' &&
    !f.service?.running &&
    !!foreign?.length &&
    foreign.every(
      (p) => (p.exe === '/usr/sbin/xrdp' || p.exe === '/usr/sbin/xrdp (deleted)') && p.user === (f.xrdpUser ?? 'xrdp'),
    )
  );
}

/** Refuses before anything happens when the listening xrdp is not the service's. */
function checkIsService(ctx: PhaseContext): void {
  const f = xrdpFactsOf(ctx.inspection);
  if (lostPidFile(f)) {
    ctx.log(
      `/run/xrdp/xrdp.pid names no running xrdp, yet the packaged /usr/sbin/xrdp (pid ${f.listener.pid}, user ${f.xrdpUser ?? 'xrdp'}) listens: Debian's init script lost its pid file; restarting the service`,
    );
    return;
  }
  if (f.listener.pid !== null && !f.listenerIsService) {
    throw new RemediationError(
      'not-the-service',
      `The xrdp listening on ${ctx.target} (pid ${f.listener.pid}, ${f.iniPath}) was not started by the xrdp service, so restarting the service would not reload it. Restart that xrdp yourself.`,
    );
  }
}

/** What each applied restart saw (old and new pid), for its verify message; keyed by the plan it ran. */
const restarted = new WeakMap<PhasePlan, ServiceResult>();

async function restart(ctx: PhaseContext, action: 'restart' | 'try-restart' = 'restart'): Promise<ServiceResult> {
  const f = xrdpFactsOf(ctx.inspection);
  const manager = managerOf(f);
  const bind = mustBindForTarget(f.globals.port, ctx.target, f.iniPath);
  const result = await runService(ctx, action, manager, bind);
  if (result.exitStatus) {
    ctx.log(
      `${serviceCommand(manager, 'restart')} exited ${result.exitStatus}, yet xrdp is back (pid ${result.newPid}): judged by the listener, not the exit status`,
    );
  }
  return result;
}

export const restartXrdp: Phase = {
  id: 'xrdp-restart',
  hostKind: 'xrdp',
  addresses: ['no-response'],
  risks: ['Disconnects every xrdp session on the host.'],
  runsLast: true,
  plan(inspection, target) {
    const f = xrdpFactsOf(inspection);
    const plan = basePlan(this.id, this.addresses, this.risks);
    const bind = bindForTarget(f.globals.port, target);
    const risks = [...plan.risks];
    if (f.listener.pid !== null && !f.listenerIsService && !lostPidFile(f))
      risks.push('The xrdp on this port was not started by the service: restart it yourself.');
    if (!bind) risks.push(`${f.iniPath} does not make xrdp listen on ${target} (port=${f.globals.port ?? ''}).`);
    if (f.serviceManager === 'none') risks.push('xrdp is run neither by systemd nor by an init script here.');
    const where = bind ? describeBind(bind) : target;
    return {
      ...plan,
      changes: [
        {
          target: 'xrdp service',
          before: f.listener.pid ? `running (pid ${f.listener.pid})` : 'not listening',
          after: `restarted: listening on ${where} with a new pid`,
        },
      ],
      commands: [
        serviceCommand(f.serviceManager, 'restart'),
        `wait until /usr/sbin/xrdp listens on ${where} with a new pid (at most 30 s)`,
      ],
      risks,
    };
  },
  async apply(ctx) {
    checkIsService(ctx);
    // from here on the service may be down: undo restarts it again (after the other phases put back theirs)
    ctx.backup({ kind: 'restart', manager: xrdpFactsOf(ctx.inspection).serviceManager });
    restarted.set(ctx.plan, await restart(ctx));
  },
  async verify(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    const seen = restarted.get(ctx.plan);
    if (f.listener.pid === null) return { ok: false, message: `Nothing listens on ${ctx.target} after the restart.` };
    if (!f.listenerIsService)
      return {
        ok: false,
        message: `Something other than the xrdp service listens on ${ctx.target} (pid ${f.listener.pid}).`,
      };
    const was = seen?.oldPid ? `, was ${seen.oldPid}` : '';
    return { ok: true, message: `xrdp is listening again on ${ctx.target} (pid ${f.listener.pid}${was}).` };
  },
  // only when xrdp runs: when the job also started it, that phase's undo stopped it again before this one
  async undo(ctx) {
    checkIsService(ctx);
    await restart(ctx, 'try-restart');
  },
};
