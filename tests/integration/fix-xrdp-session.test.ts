// Issue 21 part 1: the session-layer phases end to end on real namespaced Debian hosts (tests/peers/debianHost.ts),
// over each host's own sshd, with the fix runner (backup in the audit log first, verify by re-inspection and
// re-probe) and undo: xrdp-start-sesman on a host whose sesman stopped, xrdp-xwrapper-anybody on a host whose Xorg
// wrapper allows console users only. Nothing here touches the machine's own xrdp or /etc.
import { readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { undoJob } from '../../electron/remediation/runJob';
import type { FixEvent, Inspection } from '../../shared/remediation';
import { type DebianHost, needPeers, startDebianHost } from '../peers';
import {
  inspectXrdpOver,
  phaseOutcomes,
  fixRegistry as registry,
  runXrdpFix,
  sshAccess,
  useFixDataDir,
} from '../peers/fixHost';

const { skip } = needPeers(['debian-host'], 'fix-xrdp-session.test.ts');

const ids = (ins: Inspection) => ins.findings.map((f) => f.id);
const show = (events: FixEvent[]) =>
  JSON.stringify(events.map((e) => (e.type === 'output' ? `${e.stream}: ${e.line}` : e)).slice(-30));

describe.skipIf(skip)('session-layer fix phases on real Debian hosts', { timeout: 240_000 }, () => {
  const data = useFixDataDir();

  const run = (h: DebianHost, jobId: string, phases: string[], events: FixEvent[]) =>
    runXrdpFix(h, data.audit, jobId, phases, (e) => events.push(e));
  const undo = (h: DebianHost, jobId: string, events: FixEvent[]) =>
    undoJob({
      jobId,
      target: h.target,
      hostKind: 'xrdp',
      access: sshAccess(h.sshd),
      registry,
      audit: data.audit,
      emit: (e) => events.push(e),
    });

  describe('xrdp-start-sesman on a host whose xrdp-sesman stopped', () => {
    let h: DebianHost;
    const sesmanPid = () => {
      const r = h.exec('sh', [
        '-c',
        'p=$(cat /run/xrdp/xrdp-sesman.pid 2>/dev/null) && readlink /proc/$p/exe && echo $p',
      ]);
      return r.status === 0 && r.stdout.startsWith('/usr/sbin/xrdp-sesman') ? Number(r.stdout.split('\n')[1]) : null;
    };
    beforeAll(async () => {
      h = await startDebianHost({ fault: ['healthy', 'sesman-stopped'] });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('is offered for the finding, planned with the real command, started, verified, and undone', async () => {
      const before = await inspectXrdpOver(h.sshd, h.target);
      expect(ids(before)).toContain('xrdp-sesman-stopped');
      expect(before.findings.find((f) => f.id === 'xrdp-sesman-stopped')?.fixPhases.xrdp).toEqual([
        'xrdp-start-sesman',
      ]);
      const plan = registry.phase('xrdp-start-sesman')?.plan(before, h.target);
      expect(plan?.changes).toEqual([{ target: 'the xrdp-sesman service', before: 'stopped', after: 'running' }]);
      expect(plan?.commands[0]).toMatch(/^\/etc\/init\.d\/xrdp start/);
      expect(sesmanPid()).toBeNull();
      const xrdpBefore = h.listenerPid();

      const events: FixEvent[] = [];
      const outcome = await run(h, 'sesman-1', ['xrdp-start-sesman'], events);
      expect(outcome.ok, show(events)).toBe(true);
      expect(phaseOutcomes(events)).toEqual([
        ['xrdp-start-sesman', 'applied'],
        ['xrdp-start-sesman', 'verified'],
      ]);
      expect(sesmanPid()).not.toBeNull();
      expect(h.listenerPid()).toBe(xrdpBefore); // xrdp itself was left alone
      const verified = outcome.inspection as Inspection;
      expect(ids(verified)).not.toContain('xrdp-sesman-stopped');
      // a second plan from the fresh inspection: nothing to do (idempotent)
      expect(registry.phase('xrdp-start-sesman')?.plan(verified, h.target).alreadyRight).toBe(true);
      // the backup (what it was before) is in the audit log
      expect(JSON.stringify(outcome.entries)).toContain('"wasRunning":"no"');

      const undone: FixEvent[] = [];
      const u = await undo(h, 'sesman-undo', undone);
      expect(u.ok, show(undone)).toBe(true);
      expect(sesmanPid()).toBeNull();
      expect(h.listenerPid()).toBe(xrdpBefore);
      expect(ids(await inspectXrdpOver(h.sshd, h.target))).toContain('xrdp-sesman-stopped');
    });
  });

  describe('xrdp-xwrapper-anybody on a host whose Xorg wrapper allows console users only', () => {
    let h: DebianHost;
    const ORIGINAL =
      '# Xwrapper.config (see Xwrapper.config(5))\r\nneeds_root_rights=yes\nallowed_users=console\n# end';
    const file = () => h.path('/etc/X11/Xwrapper.config');
    beforeAll(async () => {
      h = await startDebianHost({
        fault: ['healthy', 'xwrapper-console'],
        prepare: (etc) => writeFileSync(path.join(etc, 'X11/Xwrapper.config'), ORIGINAL, { mode: 0o644 }),
      });
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('changes only the allowed_users line, keeps a root-only copy of the exact bytes, verifies, and undoes exactly', async () => {
      const before = await inspectXrdpOver(h.sshd, h.target);
      expect(ids(before)).toContain('xrdp-xorg-wrapper-console-only');
      const plan = registry.phase('xrdp-xwrapper-anybody')?.plan(before, h.target);
      expect(plan?.changes).toEqual([
        { target: '/etc/X11/Xwrapper.config allowed_users', before: 'console', after: 'anybody' },
      ]);
      const st = statSync(file());

      const events: FixEvent[] = [];
      const outcome = await run(h, 'xw-1', ['xrdp-xwrapper-anybody'], events);
      expect(outcome.ok, show(events)).toBe(true);
      expect(phaseOutcomes(events)).toEqual([
        ['xrdp-xwrapper-anybody', 'applied'],
        ['xrdp-xwrapper-anybody', 'verified'],
      ]);
      // every other byte as it was: the CRLF line, the last line without a newline
      expect(readFileSync(file(), 'latin1')).toBe(ORIGINAL.replace('allowed_users=console', 'allowed_users=anybody'));
      const after = statSync(file());
      expect([after.mode & 0o7777, after.uid, after.gid]).toEqual([st.mode & 0o7777, st.uid, st.gid]);
      expect(ids(outcome.inspection as Inspection)).not.toContain('xrdp-xorg-wrapper-console-only');
      expect(
        registry.phase('xrdp-xwrapper-anybody')?.plan(outcome.inspection as Inspection, h.target).alreadyRight,
      ).toBe(true);
      // the host-side copy: root-only folder, a unique name, the exact old bytes
      const backups = h.path('/var/backups/rdp-doctor');
      expect(statSync(backups).mode & 0o777).toBe(0o700);
      const copies = readdirSync(backups).filter((n) => n.startsWith('Xwrapper.config.xw-1.'));
      expect(copies).toHaveLength(1);
      expect(readFileSync(path.join(backups, copies[0] as string), 'latin1')).toBe(ORIGINAL);
      expect(statSync(path.join(backups, copies[0] as string)).mode & 0o077).toBe(0);

      const undone: FixEvent[] = [];
      const u = await undo(h, 'xw-undo', undone);
      expect(u.ok, show(undone)).toBe(true);
      expect(readFileSync(file(), 'latin1')).toBe(ORIGINAL);
      const back = statSync(file());
      expect([back.mode & 0o7777, back.uid, back.gid]).toEqual([st.mode & 0o7777, st.uid, st.gid]);
      expect(ids(await inspectXrdpOver(h.sshd, h.target))).toContain('xrdp-xorg-wrapper-console-only');
    });

    it('undo refuses to write the old bytes over a later edit', async () => {
      const events: FixEvent[] = [];
      expect((await run(h, 'xw-2', ['xrdp-xwrapper-anybody'], events)).ok, show(events)).toBe(true);
      const edited = `${readFileSync(file(), 'latin1')}# an admin's later line\n`;
      writeFileSync(file(), edited, 'latin1');
      const undone: FixEvent[] = [];
      const u = await undo(h, 'xw-2-undo', undone);
      expect(u.ok).toBe(false);
      expect(show(undone)).toMatch(/changed since/);
      expect(readFileSync(file(), 'latin1')).toBe(edited);
      writeFileSync(file(), ORIGINAL, 'latin1');
    });

    it('refuses a Xwrapper.config that is a symbolic link, and changes nothing', async () => {
      const target = h.path('/etc/X11/Xwrapper.real');
      writeFileSync(target, 'allowed_users=console\n', { mode: 0o644 });
      unlinkSync(file());
      symlinkSync('/etc/X11/Xwrapper.real', file());
      const events: FixEvent[] = [];
      const outcome = await run(h, 'xw-link', ['xrdp-xwrapper-anybody'], events);
      expect(outcome.ok).toBe(false);
      expect(show(events)).toMatch(/symbolic link/);
      expect(readFileSync(target, 'latin1')).toBe('allowed_users=console\n');
    });
  });
});
