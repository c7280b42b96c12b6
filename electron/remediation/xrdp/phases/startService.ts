/**
 * xrdp-start-service: a stopped xrdp started with the host's own service manager (systemctl start xrdp, or
 * Debian's /etc/init.d/xrdp start), and set to start at boot when it was not (systemctl enable /
 * update-rc.d xrdp enable). Judged like the restart: the packaged xrdp listening on the exact address and port
 * xrdp.ini binds for the target (phases/service.ts). The backup records whether it was running and whether it
 * started at boot; undo stops it and puts the boot setting back. The firewall is not touched (advice only).
 */
import type { Json, Phase, PhaseContext } from '../../types';
import { RemediationError } from '../../types';
import { type XrdpFacts, xrdpFactsOf } from '../inspectXrdp';
import { bindForTarget, describeBind, mustBindForTarget } from './listen';
import { type Manager, managerOf, runService, serviceCommand } from './service';
import { basePlan } from './support';

type BootState = 'yes' | 'no' | 'none' | 'masked';

interface StartBackup {
  kind: 'start-service';
  manager: Manager;
  wasRunning: boolean;
  /** started at boot before: yes, no (disabled), none (init script without rc links) */
  wasEnabled: BootState;
  [k: string]: Json;
}

/** Whether the service runs (asked of the service manager by the inspection) and starts at boot. */
function serviceOf(f: XrdpFacts): { running: boolean; enabled: boolean | null } {
  return {
    running: f.service?.running ?? (f.listener.pid !== null && f.listenerIsService),
    enabled: f.service?.enabled ?? null,
  };
}

async function bootState(ctx: PhaseContext, manager: Manager, action: string): Promise<BootState> {
  const res = await ctx.driver.runScript('xrdp-start-service.sh', [action, manager], {
    elevated: true,
    signal: ctx.signal,
    onLine: (line, stream) => ctx.log(line, stream),
  });
  if (res.exitCode !== 0)
    throw new RemediationError(
      'command-failed',
      `xrdp-start-service.sh ${action} failed (exit ${res.exitCode}): ${res.stderr.trim() || res.stdout.trim()}`,
    );
  const m = /^enabled=(yes|no|none|masked)$/m.exec(res.stdout);
  return (m?.[1] as BootState | undefined) ?? 'no';
}

export const startService: Phase = {
  id: 'xrdp-start-service',
  hostKind: 'xrdp',
  addresses: ['xrdp-service-stopped', 'tcp-refused'],
  risks: ['Starts accepting Remote Desktop connections on the host (as it was set up to).'],
  // starting xrdp is what makes it take effect: it does not bring a restart with it
  selfContained: true,
  // not when something else holds the port (rdp-port-foreign-listener): xrdp could not bind it
  wanted(inspection) {
    const f = xrdpFactsOf(inspection);
    return !serviceOf(f).running && !f.listener.foreign;
  },
  plan(inspection, target) {
    const f = xrdpFactsOf(inspection);
    const plan = basePlan(this.id, this.addresses, this.risks);
    const svc = serviceOf(f);
    const bind = bindForTarget(f.globals.port, target);
    const where = bind ? describeBind(bind) : target;
    const risks = [...plan.risks];
    if (!bind) risks.push(`${f.iniPath} does not make xrdp listen on ${target} (port=${f.globals.port ?? ''}).`);
    if (f.serviceManager === 'none') risks.push('xrdp is run neither by systemd nor by an init script here.');
    if (f.listener.foreign) risks.push('Something other than the xrdp service holds the port: xrdp could not bind it.');
    if (svc.running) return { ...plan, risks, alreadyRight: true };
    const enableCmd = f.serviceManager === 'systemd' ? 'systemctl enable xrdp' : '/usr/sbin/update-rc.d xrdp enable';
    return {
      ...plan,
      risks,
      changes: [
        { target: 'xrdp service', before: 'stopped', after: `running, listening on ${where}` },
        {
          target: 'xrdp starts at boot',
          before: svc.enabled === null ? '(checked before starting)' : svc.enabled ? 'yes' : 'no',
          after: 'yes',
        },
      ],
      commands: [
        `${enableCmd}   # only when it does not start at boot`,
        serviceCommand(f.serviceManager, 'start'),
        `wait until /usr/sbin/xrdp listens on ${where} (at most 30 s)`,
      ],
    };
  },
  async apply(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    const manager = managerOf(f);
    const bind = mustBindForTarget(f.globals.port, ctx.target, f.iniPath);
    if (f.listener.foreign || (f.listener.pid !== null && !f.listenerIsService))
      throw new RemediationError(
        'port-taken',
        `Something other than the xrdp service listens on ${ctx.target} (pid ${f.listener.pid}): starting xrdp would fail to bind. Find out what it is first.`,
      );
    const wasEnabled = await bootState(ctx, manager, 'state');
    if (wasEnabled === 'masked')
      throw new RemediationError(
        'service-masked',
        'The xrdp service is masked (systemctl mask): someone turned it off on purpose. Unmask it yourself if it should run.',
      );
    const backup: StartBackup = { kind: 'start-service', manager, wasRunning: serviceOf(f).running, wasEnabled };
    ctx.backup(backup);
    if (wasEnabled !== 'yes') {
      const now = await bootState(ctx, manager, 'enable');
      ctx.log(`xrdp starts at boot: ${wasEnabled} → ${now}`);
    }
    const result = await runService(ctx, 'start', manager, bind);
    if (result.exitStatus)
      ctx.log(
        `${serviceCommand(manager, 'start')} exited ${result.exitStatus}, yet xrdp listens (pid ${result.newPid})`,
      );
  },
  async verify(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    if (f.listener.pid === null) return { ok: false, message: `Nothing listens on ${ctx.target} after the start.` };
    if (!f.listenerIsService)
      return {
        ok: false,
        message: `Something other than the xrdp service listens on ${ctx.target} (pid ${f.listener.pid}).`,
      };
    return { ok: true, message: `xrdp is running and listening on ${ctx.target} (pid ${f.listener.pid}).` };
  },
  async undo(ctx, backup) {
    const b = backup as StartBackup | null;
    if (b?.kind !== 'start-service')
      throw new RemediationError('bad-backup', 'The backup of the service start is missing from the audit log.');
    if (!b.wasRunning) {
      const f = xrdpFactsOf(ctx.inspection);
      const bind = bindForTarget(f.globals.port, ctx.target) ?? { address: '*', port: 3389 };
      await runService(ctx, 'stop', b.manager, bind);
    }
    if (b.wasEnabled === 'no') await bootState(ctx, b.manager, 'disable');
    else if (b.wasEnabled === 'none' && b.manager === 'init') await bootState(ctx, b.manager, 'remove');
  },
};
