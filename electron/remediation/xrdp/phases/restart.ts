/**
 * xrdp-restart: restarts xrdp the way the host runs it (systemctl, the init script, or service) and waits
 * until the port answers. Runs after every other phase; its undo restarts again after the others' undo, so
 * xrdp reloads what was put back.
 */
import { parseTarget } from '../../../probe/parseTarget';
import { type Phase, type PhaseContext, RemediationError } from '../../types';
import { xrdpFactsOf } from '../inspectXrdp';
import { basePlan, mustRunScript } from './support';

function portOf(target: string): number {
  const t = parseTarget(target);
  return t.ok ? t.port : 3389;
}

function restartCommand(manager: string): string {
  return manager === 'systemd'
    ? 'systemctl restart xrdp'
    : manager === 'init'
      ? '/etc/init.d/xrdp restart'
      : 'service xrdp restart';
}

/** Refuses before anything happens when the listening xrdp is not the service's. */
function checkIsService(ctx: PhaseContext): void {
  const f = xrdpFactsOf(ctx.inspection);
  if (f.listener.pid !== null && !f.listenerIsService) {
    throw new RemediationError(
      'not-the-service',
      `The xrdp listening on ${ctx.target} (pid ${f.listener.pid}, ${f.iniPath}) was not started by the xrdp service, so restarting the service would not reload it. Restart that xrdp yourself.`,
    );
  }
}

async function restart(ctx: PhaseContext): Promise<void> {
  const f = xrdpFactsOf(ctx.inspection);
  await mustRunScript(ctx, 'xrdp-restart.sh', [f.serviceManager, String(portOf(ctx.target))]);
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
    const cmd = restartCommand(f.serviceManager);
    return {
      ...plan,
      changes: [
        {
          target: 'xrdp service',
          before: f.listener.pid ? `running (pid ${f.listener.pid})` : 'not listening',
          after: 'restarted',
        },
      ],
      commands: [cmd, `wait until port ${portOf(target)} answers (at most 30 s)`],
      risks:
        f.listener.pid !== null && !f.listenerIsService
          ? [...plan.risks, 'The xrdp on this port was not started by the service: restart it yourself.']
          : plan.risks,
    };
  },
  async apply(ctx) {
    checkIsService(ctx);
    // from here on the service may be down: undo restarts it again (after the other phases put back theirs)
    ctx.backup({ kind: 'restart', manager: xrdpFactsOf(ctx.inspection).serviceManager });
    await restart(ctx);
  },
  async verify(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    return f.listener.pid !== null
      ? { ok: true, message: `xrdp is listening again (pid ${f.listener.pid}).` }
      : { ok: false, message: 'Nothing listens on the RDP port after the restart.' };
  },
  async undo(ctx) {
    checkIsService(ctx);
    await restart(ctx);
  },
};
