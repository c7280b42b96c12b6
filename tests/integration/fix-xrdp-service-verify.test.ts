// Restart and start of xrdp judged by their result, on independent Debian hosts (tests/peers/debianHost.ts:
// their own mount + PID namespace, Debian's own /etc/init.d/xrdp inside, xrdp bound to the host's own address,
// sshd inside). A decoy listens on the same port at another address all along: the old wait (`ss sport = :PORT`)
// took any listener as "xrdp is back"; the verdict now needs /usr/sbin/xrdp on the exact address xrdp.ini
// binds, with a new pid. Debian's init script exiting 1 while the new xrdp is up does not fail the restart.
// A stopped, disabled xrdp: probe says tcp-refused → plan is xrdp-start-service alone → fixed (enabled at
// boot, listening) → a second run changes nothing → undo stops and disables it again.
import { X509Certificate } from 'node:crypto';
import { chownSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import { suggestPhases } from '../../electron/remediation/planJob';
import { runJob, undoJob } from '../../electron/remediation/runJob';
import type { FixEvent } from '../../shared/remediation';
import { type DebianHost, days, makeCert, needPeers, startDebianHost, waitForPort } from '../peers';
import { phaseOutcomes, phaseOutput, fixRegistry as registry, sshAccess, useFixDataDir } from '../peers/fixHost';

const { skip } = needPeers(['debian-host'], 'fix-xrdp-service-verify.test.ts');
/** xrdp's port on every host here, and the decoy's */
const RDP_PORT = 3390;
/** the decoy's own address: 127.34.0.* is no host's (they are 127.34.1-250.1) */
const DECOY_ADDRESS = `127.34.0.${1 + (process.pid % 250)}`;

/** Any listener on the port at another address: what the old wait mistook for xrdp. */
function decoy(address: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer((s) => s.destroy());
    srv.once('error', reject);
    srv.listen(RDP_PORT, address, () => resolve(srv));
  });
}

describe.skipIf(skip)('xrdp restart and start, judged by the result', { timeout: 300_000 }, () => {
  const data = useFixDataDir();
  let fake: net.Server;

  beforeAll(async () => {
    fake = await decoy(DECOY_ADDRESS);
  });
  afterAll(async () => {
    await new Promise((r) => fake?.close(r));
  });

  describe('a running xrdp whose init script exits 1 on restart', () => {
    let host: DebianHost;
    beforeAll(async () => {
      host = await startDebianHost({
        // its key readable (the console script's verify line checks that too)
        fault: 'healthy',
        xrdpPort: RDP_PORT,
        // Debian's script as shipped, except that `restart` ends as seen live: exit 1 with the new xrdp up,
        // and its pid file gone (removed by the old xrdp's exit)
        prepare: (etc) => {
          const script = path.join(etc, 'init.d/xrdp');
          const text = readFileSync(script, 'utf8');
          writeFileSync(
            script,
            text.replace(
              /\nexit \$rv\n?$/,
              '\ncase $1 in (restart) sleep 1; rm -f /run/xrdp/xrdp.pid; exit 1 ;; esac\nexit $rv\n',
            ),
          );
        },
      });
    }, 120_000);
    afterAll(async () => {
      await host?.stop();
    });

    it('the init script really exits 1 on restart (the fault is there)', async () => {
      const r = host.exec('sh', ['-c', '/etc/init.d/xrdp restart >/dev/null 2>&1; echo "status=$?"']);
      expect(r.stdout).toContain('status=1');
      await waitForPort(host.host, RDP_PORT, 30_000);
    });

    it('xrdp-restart: verified by the new pid on the exact address, the exit status shown, not judged', async () => {
      const before = host.listenerPid('host');
      expect(before).not.toBeNull();
      const events: FixEvent[] = [];
      const outcome = await runJob({
        jobId: 'job-restart-1',
        target: host.target,
        hostKind: 'xrdp',
        access: sshAccess(host.sshd),
        phases: ['xrdp-restart'],
        registry,
        audit: data.audit,
        signal: new AbortController().signal,
        emit: (e) => events.push(e),
      });
      expect(outcome.ok, `${JSON.stringify(phaseOutcomes(events))}\n${phaseOutput(events)}\n${host.log()}`).toBe(true);
      expect(phaseOutcomes(events)).toEqual([
        ['xrdp-restart', 'applied'],
        ['xrdp-restart', 'verified'],
      ]);
      const after = host.listenerPid('host');
      expect(after).not.toBeNull();
      expect(after).not.toBe(before);
      const out = phaseOutput(events);
      expect(out).toContain('exit_status=1');
      expect(out).toMatch(
        new RegExp(`xrdp listens on ${host.host.replace(/\./g, '\\.')}:${RDP_PORT} again \\(pid ${after}`),
      );
      expect(out).toMatch(/exited 1, yet xrdp is back/);
      // the pid file points at the new xrdp again (the quirk left it gone)
      expect(out).toContain(`restored /run/xrdp/xrdp.pid (${after})`);
      expect(host.exec('cat', ['/run/xrdp/xrdp.pid']).stdout.trim()).toBe(String(after));
      expect(host.exec('sh', ['-c', 'ls -a /run | grep -c rdp-doctor || true']).stdout.trim()).toBe('0');
    });

    it('a restart after which only the decoy listens fails: nothing else on the port counts', () => {
      // the script alone, inside the host, waiting for xrdp on the decoy's address: never satisfied
      const script = readFileSync(
        path.join(__dirname, '../../electron/remediation/xrdp/scripts/xrdp-restart.sh'),
        'utf8',
      );
      const decoyAddress = (fake.address() as net.AddressInfo).address;
      const r = host.exec('sh', ['-s', 'restart', 'init', decoyAddress, String(RDP_PORT)], { input: script });
      expect(r.status, r.stdout + r.stderr).toBe(1);
      expect(r.stderr).toContain(`no new xrdp (/usr/sbin/xrdp) listens on ${decoyAddress}:${RDP_PORT} within 30 s`);
      // while the real one came back on its own address
      expect(host.listenerPid('host')).not.toBeNull();
    });
    it('the console script restarts the same way, its backups root-only with unique names', async () => {
      const { xrdpConsoleScript } = await import('../../electron/remediation/xrdp/consoleScript');
      const { content } = xrdpConsoleScript(host.target, ['xrdp-restart']);
      const backups: string[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          const before = host.listenerPid('host');
          const r = host.exec('sh', ['-s'], { input: content });
          const backup = /backups in (\/var\/backups\/rdp-doctor\/fix-\S+)/.exec(r.stdout)?.[1];
          if (backup) backups.push(backup);
          expect(r.status, r.stdout + r.stderr).toBe(0);
          expect(r.stdout).toContain('the restart command exited 1; judging by what listens now');
          const after = host.listenerPid('host');
          expect(after).not.toBe(before);
          expect(r.stdout).toContain(
            `xrdp restarted: pid ${after} (was ${before}) listens on ${host.host}:${RDP_PORT}`,
          );
          expect(r.stdout).toMatch(
            new RegExp(`VERIFY OK: .* xrdp listens on port ${RDP_PORT} \\(address ${host.host.replace(/\./g, '\\.')}`),
          );
        }
        expect(new Set(backups).size).toBe(2);
        // the host's own /var/backups, seen from outside
        for (const b of backups) {
          expect(statSync(host.path(b)).mode & 0o777).toBe(0o700);
          expect(statSync(host.path(b)).uid).toBe(0);
          expect(host.readFile(`${b}/xrdp.ini`).equals(host.readFile('/etc/xrdp/xrdp.ini'))).toBe(true);
        }
        expect(statSync(host.path('/var/backups/rdp-doctor')).mode & 0o777).toBe(0o700);
      } finally {
        for (const b of backups) rmSync(host.path(b), { recursive: true, force: true });
      }
    });
  });

  describe('a stopped xrdp that does not start at boot', () => {
    let host: DebianHost;
    let iniBefore: Buffer;
    beforeAll(async () => {
      // its only fault: stopped (xrdp may read its key, as after `adduser xrdp ssl-cert`)
      host = await startDebianHost({ fault: 'stopped', xrdpPort: RDP_PORT });
      const r = host.exec('/usr/sbin/update-rc.d', ['xrdp', 'disable']);
      expect(r.status, r.stderr).toBe(0);
      iniBefore = host.readFile('/etc/xrdp/xrdp.ini');
    }, 120_000);
    afterAll(async () => {
      await host?.stop();
    });
    const bootLinks = () => host.exec('sh', ['-c', 'ls /etc/rc2.d /etc/rc3.d | grep xrdp']).stdout.trim();

    it('probe: tcp-refused; the plan is xrdp-start-service alone (no restart brought along)', async () => {
      expect(bootLinks()).toMatch(/^K\d\dxrdp/m);
      const probe = await probeAndDiagnose({ target: host.target, stabilitySamples: 0 });
      expect(probe.findings.map((f) => f.id)).toContain('tcp-refused');
      const driver = await registry.transport('ssh')(sshAccess(host.sshd), {});
      try {
        const inspection = await registry.inspector('xrdp').inspect(driver, host.target);
        const ids = suggestPhases(
          registry,
          'xrdp',
          [...probe.findings, ...inspection.findings].map((f) => f.id),
          inspection,
        );
        expect(ids, inspection.summary.join('\n')).toEqual(['xrdp-start-service']);
        const plan = registry.phase('xrdp-start-service')!.plan(inspection, host.target);
        expect(plan.alreadyRight).toBe(false);
        expect(plan.changes[0]).toEqual({
          target: 'xrdp service',
          before: 'stopped',
          after: `running, listening on ${host.host}:${RDP_PORT}`,
        });
      } finally {
        await driver.close();
      }
    });

    it('fix: started and enabled at boot, verified by a fresh probe', async () => {
      const events: FixEvent[] = [];
      const outcome = await runJob({
        jobId: 'job-start-1',
        target: host.target,
        hostKind: 'xrdp',
        access: sshAccess(host.sshd),
        phases: ['xrdp-start-service'],
        registry,
        audit: data.audit,
        signal: new AbortController().signal,
        emit: (e) => events.push(e),
      });
      expect(outcome.ok, `${JSON.stringify(phaseOutcomes(events))}\n${phaseOutput(events)}\n${host.log()}`).toBe(true);
      expect(phaseOutcomes(events)).toEqual([
        ['xrdp-start-service', 'applied'],
        ['xrdp-start-service', 'verified'],
      ]);
      expect(outcome.after?.findings.map((f) => f.id)).not.toContain('tcp-refused');
      expect(host.listenerPid('host')).not.toBeNull();
      expect(bootLinks()).toMatch(/^S\d\dxrdp/m);
      expect(phaseOutput(events)).toContain('xrdp starts at boot: no → yes');
    });

    it('a second run changes nothing', async () => {
      const pid = host.listenerPid('host');
      const events: FixEvent[] = [];
      const outcome = await runJob({
        jobId: 'job-start-2',
        target: host.target,
        hostKind: 'xrdp',
        access: sshAccess(host.sshd),
        phases: ['xrdp-start-service'],
        registry,
        audit: data.audit,
        signal: new AbortController().signal,
        emit: (e) => events.push(e),
      });
      expect(outcome.ok).toBe(true);
      expect(phaseOutcomes(events)).toEqual([['xrdp-start-service', 'already-right']]);
      expect(host.listenerPid('host')).toBe(pid);
    });

    it('undo: stopped and disabled at boot again, xrdp.ini untouched', async () => {
      const events: FixEvent[] = [];
      const outcome = await undoJob({
        jobId: 'job-start-undo',
        target: host.target,
        hostKind: 'xrdp',
        access: sshAccess(host.sshd),
        registry,
        audit: data.audit,
        emit: (e) => events.push(e),
      });
      expect(outcome.ok, `${JSON.stringify(events, null, 1)}\n${host.log()}`).toBe(true);
      expect(host.listenerPid('host')).toBeNull();
      expect(bootLinks()).toMatch(/^K\d\dxrdp/m);
      expect(bootLinks()).not.toMatch(/^S\d\dxrdp/m);
      expect(host.readFile('/etc/xrdp/xrdp.ini').equals(iniBefore)).toBe(true);
      const again = await probeAndDiagnose({ target: host.target, stabilitySamples: 0 });
      expect(again.findings.map((f) => f.id)).toContain('tcp-refused');
    });

    it('the console script starts it too (and says where it listens)', async () => {
      const { xrdpConsoleScript } = await import('../../electron/remediation/xrdp/consoleScript');
      const { content } = xrdpConsoleScript(host.target, ['xrdp-start-service']);
      const r = host.exec('sh', ['-s'], { input: content });
      const backup = /backups in (\/var\/backups\/rdp-doctor\/fix-\S+)/.exec(r.stdout)?.[1];
      try {
        expect(r.status, r.stdout + r.stderr).toBe(0);
        const pid = host.listenerPid('host');
        expect(pid).not.toBeNull();
        expect(r.stdout).toContain(`xrdp started: pid ${pid} listens on ${host.host}:${RDP_PORT}`);
        expect(r.stdout).toContain('VERIFY OK');
        expect(host.readFile(`${backup}/boot`).toString('utf8')).toContain('disabled at boot');
      } finally {
        if (backup) rmSync(host.path(backup), { recursive: true, force: true });
      }
    });
  });
  describe('a stopped stock xrdp that also cannot read its key', () => {
    let host: DebianHost;
    let iniBefore: Buffer;
    let groupBefore: string;
    beforeAll(async () => {
      // Debian's stock state (xrdp not in ssl-cert), stopped
      host = await startDebianHost({ fault: ['stock', 'stopped'], xrdpPort: RDP_PORT });
      iniBefore = host.readFile('/etc/xrdp/xrdp.ini');
      groupBefore = host.exec('getent', ['group', 'ssl-cert']).stdout;
    }, 120_000);
    afterAll(async () => {
      await host?.stop();
    });

    it('plan: key permissions, start, restart; fix: TLS on a running xrdp; undo: stopped again, as found', async () => {
      const before = await probeAndDiagnose({ target: host.target, stabilitySamples: 0 });
      const driver = await registry.transport('ssh')(sshAccess(host.sshd), {});
      let ids: string[];
      try {
        const inspection = await registry.inspector('xrdp').inspect(driver, host.target);
        expect(inspection.findings.map((f) => f.id)).toEqual(
          expect.arrayContaining(['xrdp-service-stopped', 'tls-key-unusable']),
        );
        ids = suggestPhases(
          registry,
          'xrdp',
          [...before.findings, ...inspection.findings].map((f) => f.id),
          inspection,
        );
      } finally {
        await driver.close();
      }
      expect(ids).toEqual(['xrdp-fix-key-permissions', 'xrdp-start-service', 'xrdp-restart']);
      const events: FixEvent[] = [];
      const outcome = await runJob({
        jobId: 'job-stopped-stock',
        target: host.target,
        hostKind: 'xrdp',
        access: sshAccess(host.sshd),
        phases: ids,
        registry,
        audit: data.audit,
        signal: new AbortController().signal,
        emit: (e) => events.push(e),
        before,
      });
      expect(outcome.ok, `${JSON.stringify(phaseOutcomes(events))}\n${phaseOutput(events)}`).toBe(true);
      expect(outcome.after?.negotiation?.supports.tls).toBe(true);
      expect(host.listenerPid('host')).not.toBeNull();

      const undo: FixEvent[] = [];
      const undone = await undoJob({
        jobId: 'job-stopped-stock-undo',
        target: host.target,
        hostKind: 'xrdp',
        access: sshAccess(host.sshd),
        registry,
        audit: data.audit,
        emit: (e) => undo.push(e),
      });
      expect(undone.ok, `${JSON.stringify(undo, null, 1)}`).toBe(true);
      // the restart's undo found xrdp stopped by the start's undo, and left it so
      expect(phaseOutput(undo)).toContain('nothing to restart');
      expect(host.listenerPid('host')).toBeNull();
      expect(host.exec('getent', ['group', 'ssl-cert']).stdout).toBe(groupBefore);
      expect(host.readFile('/etc/xrdp/xrdp.ini').equals(iniBefore)).toBe(true);
    });
  });

  describe('an expired certificate for rdp.example.com, probed by address', () => {
    let host: DebianHost;
    beforeAll(async () => {
      const old = makeCert({
        cn: 'rdp.example.com',
        sans: ['rdp.example.com', 'rdp'],
        notBefore: days(-800),
        notAfter: days(-5),
      });
      host = await startDebianHost({
        fault: 'stock',
        xrdpPort: RDP_PORT,
        prepare: (etc) => {
          writeFileSync(path.join(etc, 'xrdp/old.crt'), old.certPem, { mode: 0o644 });
          const key = path.join(etc, 'xrdp/old.key');
          writeFileSync(key, old.keyPem, { mode: 0o640 });
          chownSync(key, 0, Number(readFileSync('/etc/group', 'utf8').match(/^xrdp:[^:]*:(\d+):/m)?.[1]));
          const ini = path.join(etc, 'xrdp/xrdp.ini');
          writeFileSync(
            ini,
            readFileSync(ini, 'latin1')
              .replace(/^certificate=.*$/m, 'certificate=/etc/xrdp/old.crt')
              .replace(/^key_file=.*$/m, 'key_file=/etc/xrdp/old.key'),
            'latin1',
          );
        },
      });
    }, 120_000);
    afterAll(async () => {
      await host?.stop();
    });

    it('the new certificate keeps rdp.example.com and rdp and adds the probed address, as SANs', async () => {
      const before = await probeAndDiagnose({ target: host.target, stabilitySamples: 0 });
      expect(before.findings.map((f) => f.id)).toContain('tls-cert-expired');
      const events: FixEvent[] = [];
      const outcome = await runJob({
        jobId: 'job-cert-1',
        target: host.target,
        hostKind: 'xrdp',
        access: sshAccess(host.sshd),
        phases: ['xrdp-regenerate-cert', 'xrdp-restart'],
        registry,
        audit: data.audit,
        signal: new AbortController().signal,
        emit: (e) => events.push(e),
        before,
      });
      expect(outcome.ok, `${JSON.stringify(phaseOutcomes(events))}\n${phaseOutput(events)}`).toBe(true);
      const served = outcome.after?.tls?.certificate;
      expect(served?.sans).toEqual([host.host, 'rdp.example.com', 'rdp']);
      expect(outcome.after?.findings.map((f) => f.id)).not.toContain('tls-cert-expired');
      expect(outcome.after?.findings.map((f) => f.id)).not.toContain('tls-cert-name-mismatch');
      // and the file on the host says the same
      const file = /^cert=(.*)$/m.exec(phaseOutput(events))?.[1] as string;
      const x = new X509Certificate(host.exec('cat', ['--', file]).stdout);
      expect(x.subjectAltName).toBe(`IP Address:${host.host}, DNS:rdp.example.com, DNS:rdp`);
      expect(x.subject).toBe('CN=rdp.example.com');
    });
  });
});
