/**
 * Where xrdp listens (xrdp.ini port= read as xrdp_listen.c reads it), which entry the target reaches, what the
 * service commands plans show, and how the planner treats xrdp-start-service (alone: no restart brought along).
 */
import { describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../../electron/core/dataDir';
import { suggestPhases } from '../../../electron/remediation/planJob';
import { remediationRegistry } from '../../../electron/remediation/registerAll';
import type { XrdpFacts } from '../../../electron/remediation/xrdp/inspectXrdp';
import {
  bindForTarget,
  describeBind,
  lostPidFile,
  serviceCommand,
  xrdpBinds,
} from '../../../shared/fixPhases/xrdpFacts';
import type { Inspection } from '../../../shared/remediation';

describe('xrdpBinds: port= as xrdp reads it', () => {
  it.each([
    [null, [{ address: '*', port: 3389 }]],
    ['', [{ address: '*', port: 3389 }]],
    ['3389', [{ address: '*', port: 3389 }]],
    ['tcp://.:3389', [{ address: '127.0.0.1', port: 3389 }]],
    ['tcp://:3390', [{ address: '*', port: 3390 }]],
    ['tcp://192.0.2.1:3389', [{ address: '192.0.2.1', port: 3389 }]],
    ['tcp://0.0.0.0:3389', [{ address: '*', port: 3389 }]],
    ['tcp6://.:3389', [{ address: '::1', port: 3389 }]],
    ['tcp6://:3389', [{ address: '*', port: 3389 }]],
    ['tcp6://{fc00::1}:3389', [{ address: 'fc00::1', port: 3389 }]],
    ['unix://./tmp/xrdp.socket', []],
    ['vsock://-1:3389', []],
    [
      'tcp://127.0.0.1:3389 tcp://10.0.0.5:3390',
      [
        { address: '127.0.0.1', port: 3389 },
        { address: '10.0.0.5', port: 3390 },
      ],
    ],
    ['tcp://1.2.3.4:99999', []],
  ])('port=%s', (value, binds) => {
    expect(xrdpBinds(value)).toEqual(binds);
  });
});

describe('bindForTarget', () => {
  it('the exact address the target names wins over all addresses; a name takes either', () => {
    expect(bindForTarget('tcp://10.0.0.5:3389 3389', '10.0.0.5')).toEqual({ address: '10.0.0.5', port: 3389 });
    expect(bindForTarget('tcp://10.0.0.5:3389 3389', '10.0.0.6')).toEqual({ address: '*', port: 3389 });
    expect(bindForTarget('tcp://10.0.0.5:3389', 'rdp.example.com')).toEqual({ address: '10.0.0.5', port: 3389 });
    expect(bindForTarget('tcp6://{fd00::5}:3389', '[fd00::5]:3389')).toEqual({ address: 'fd00::5', port: 3389 });
  });
  it('another address or port, or a target that does not parse: none', () => {
    expect(bindForTarget('tcp://10.0.0.5:3389', '10.0.0.6')).toBeNull();
    expect(bindForTarget('3389', 'h:3390')).toBeNull();
    expect(bindForTarget('3389', 'bad host')).toBeNull();
  });
  it('describeBind brackets IPv6', () => {
    expect(describeBind({ address: 'fd00::5', port: 3389 })).toBe('[fd00::5]:3389');
    expect(describeBind({ address: '*', port: 3389 })).toBe('*:3389');
  });
});

describe('the service commands plans show', () => {
  it('commands per manager', () => {
    expect(serviceCommand('init', 'restart')).toBe('/etc/init.d/xrdp restart');
    expect(serviceCommand('systemd', 'start')).toBe('systemctl start xrdp');
  });
});

function stopped(over: Partial<XrdpFacts> = {}): Inspection {
  const facts = {
    listener: { pid: null, process: null, address: null, pids: [], foreign: null },
    service: { manager: 'init', running: false, enabled: false, mainPid: null },
    iniPath: '/etc/xrdp/xrdp.ini',
    iniFromProcess: false,
    globals: { port: '3389', security_layer: 'negotiate' },
    serviceManager: 'init',
    listenerIsService: false,
    key: { exists: true },
    cert: { exists: true },
    keyReadable: true,
    keyValid: true,
    keyMatchesCert: true,
    ...over,
  };
  return {
    hostKind: 'xrdp',
    reachedAs: 'root@h:22 (ssh)',
    inspectedAt: '',
    facts: facts as never,
    findings: [],
    summary: [],
  };
}

describe('xrdp-start-service in the planner', () => {
  const registry = remediationRegistry({ dataDir: ensureDataDir });
  it('a stopped xrdp, tcp-refused: start it, alone (starting is what makes it take effect)', () => {
    expect(suggestPhases(registry, 'xrdp', ['tcp-refused'], stopped())).toEqual(['xrdp-start-service']);
    expect(suggestPhases(registry, 'xrdp', ['xrdp-service-stopped'], stopped())).toEqual(['xrdp-start-service']);
  });
  it('with another fault: that phase, the start, then the restart', () => {
    const legacy = stopped({ globals: { port: '3389', ssl_protocols: 'TLSv1' } } as never);
    expect(suggestPhases(registry, 'xrdp', ['tcp-refused', 'tls-legacy-only'], legacy)).toEqual([
      'xrdp-set-ssl-protocols',
      'xrdp-start-service',
      'xrdp-restart',
    ]);
  });
  it('already running: not wanted, and its plan says already right', () => {
    const running = stopped({
      listener: { pid: 7, process: 'xrdp', address: '*', pids: [7], foreign: null },
      service: { manager: 'init', running: true, enabled: true, mainPid: 7 },
      listenerIsService: true,
    });
    expect(suggestPhases(registry, 'xrdp', ['tcp-refused'], running)).toEqual([]);
    expect(registry.phase('xrdp-start-service')?.plan(running, 'h:3389').alreadyRight).toBe(true);
  });
  it('the plan names the exact address and port, and the boot setting', () => {
    const plan = registry
      .phase('xrdp-start-service')!
      .plan(stopped({ globals: { port: 'tcp://10.0.0.5:3389' } } as never), '10.0.0.5');
    expect(plan.changes[0]).toEqual({
      target: 'xrdp service',
      before: 'stopped',
      after: 'running, listening on 10.0.0.5:3389',
    });
    expect(plan.commands).toContain('/etc/init.d/xrdp start');
    expect(plan.changes[1]?.target).toBe('xrdp starts at boot');
  });
  it('something else holds the port: not wanted (xrdp could not bind), and said so', () => {
    const foreign = stopped({
      listener: { pid: 9, process: 'nc', address: '*', pids: [9], foreign: [] },
    } as never);
    expect(suggestPhases(registry, 'xrdp', ['xrdp-service-stopped'], foreign)).toEqual([]);
    expect(registry.phase('xrdp-start-service')?.plan(foreign, 'h').risks.join('\n')).toContain('could not bind');
  });
  it('xrdp.ini binding another address: the plan warns, before anything runs', () => {
    const plan = registry
      .phase('xrdp-start-service')!
      .plan(stopped({ globals: { port: 'tcp://.:3389' } } as never), '10.0.0.5');
    expect(plan.risks.join('\n')).toContain('does not make xrdp listen on 10.0.0.5');
  });
});

describe("Debian's lost pid file", () => {
  const quirk = (
    procs: Array<{ pid: number; user: string | null; exe: string | null }>,
    over: Partial<XrdpFacts> = {},
  ) =>
    ({
      serviceManager: 'init',
      service: { manager: 'init', running: false, enabled: true, mainPid: null },
      listener: {
        pid: procs[0]?.pid ?? null,
        process: 'xrdp',
        address: '*',
        pids: procs.map((p) => p.pid),
        foreign: procs,
      },
      xrdpUser: 'xrdp',
      ...over,
    }) as unknown as XrdpFacts;
  it('the packaged xrdp as user xrdp without a pid file: the service itself, restartable', () => {
    expect(lostPidFile(quirk([{ pid: 5, user: 'xrdp', exe: '/usr/sbin/xrdp' }]))).toBe(true);
    expect(lostPidFile(quirk([{ pid: 5, user: 'xrdp', exe: '/usr/sbin/xrdp (deleted)' }]))).toBe(true);
  });
  it('anything else stays foreign: another binary, another user, systemd, a running service, nothing visible', () => {
    expect(lostPidFile(quirk([{ pid: 5, user: 'xrdp', exe: '/tmp/xrdp' }]))).toBe(false);
    expect(lostPidFile(quirk([{ pid: 5, user: 'mallory', exe: '/usr/sbin/xrdp' }]))).toBe(false);
    expect(lostPidFile(quirk([{ pid: 5, user: 'xrdp', exe: '/usr/sbin/xrdp' }], { serviceManager: 'systemd' }))).toBe(
      false,
    );
    expect(
      lostPidFile(
        quirk([{ pid: 5, user: 'xrdp', exe: '/usr/sbin/xrdp' }], {
          service: { manager: 'init', running: true, enabled: true, mainPid: 9 },
        }),
      ),
    ).toBe(false);
    expect(lostPidFile(quirk([]))).toBe(false);
    expect(
      lostPidFile(
        quirk([
          { pid: 5, user: 'xrdp', exe: '/usr/sbin/xrdp' },
          { pid: 6, user: 'root', exe: '/usr/bin/nc' },
        ]),
      ),
    ).toBe(false);
  });
});
