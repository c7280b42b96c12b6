// Issue 21 part 1: xrdp's session layer read on real namespaced Debian hosts (tests/peers/debianHost.ts) over
// each host's own sshd — Debian's xrdp-sesman, its package database, Xwrapper.config, utmp, polkit, df and the
// logs. A healthy host is the negative control for every finding; one host carries every session fault at once.
// This machine has no xorgxrdp and no Xorg (so Debian's default [Xorg] session cannot start anywhere here) and
// has tigervnc-standalone-server (.ci/run), so [Xvnc] can.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xrdpFactsOf } from '../../electron/remediation/xrdp/inspectXrdp';
import type { SessionFacts } from '../../shared/fixPhases/xrdpSessionFacts';
import type { Inspection } from '../../shared/remediation';
import { type DebianHost, needPeers, setIniKey, startDebianHost } from '../peers';
import { inspectXrdpOver } from '../peers/fixHost';

const { skip } = needPeers(['debian-host'], 'xrdp-session-layer.test.ts');

const SESSION_IDS = [
  'xrdp-sesman-stopped',
  'xrdp-session-backend-missing',
  'xrdp-xorg-wrapper-console-only',
  'xrdp-console-user-logged-in',
  'xrdp-colord-polkit-prompt',
  'host-disk-full',
];
const sessionOf = (ins: Inspection) => xrdpFactsOf(ins).session as SessionFacts;
const finding = (ins: Inspection, id: string) => ins.findings.find((f) => f.id === id);

/** xrdp.ini without its [Xorg] section: only Xvnc sessions are offered */
function dropXorgSection(etc: string): void {
  const file = path.join(etc, 'xrdp/xrdp.ini');
  const lines = readFileSync(file, 'latin1').split('\n');
  const start = lines.findIndex((l) => /^\[Xorg\]/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^\[/.test(l));
  if (start < 0 || end < 0) throw new Error('xrdp.ini has no [Xorg] section');
  lines.splice(start, end - start);
  writeFileSync(file, lines.join('\n'), 'latin1');
}

describe.skipIf(skip)('xrdp session layer, read on real Debian hosts', { timeout: 180_000 }, () => {
  describe('a healthy host (Debian xrdp.ini: [Xorg] first, [Xvnc] second)', () => {
    let h: DebianHost;
    let ins: Inspection;
    beforeAll(async () => {
      h = await startDebianHost({ fault: 'healthy' });
      ins = await inspectXrdpOver(h.sshd, h.target);
    });
    afterAll(async () => {
      await h?.stop();
    });

    it("sees Debian's own xrdp-sesman running and listening where sesman.ini says", () => {
      const s = sessionOf(ins);
      expect(s.sesman.manager).toBe('init');
      expect(s.sesman.running).toBe(true);
      expect(s.sesman.address).toBe(h.host);
      expect(s.sesman.listening).toBe(true);
      expect(s.sesman.listenerIsSesman).toBe(true);
      expect(finding(ins, 'xrdp-sesman-stopped')).toBeUndefined();
    });

    it('finds the default [Xorg] session cannot start (no xorgxrdp, no Xorg here) and says which packages; [Xvnc] can', () => {
      const s = sessionOf(ins);
      expect(s.sessions.map((t) => t.backend).slice(0, 2)).toEqual(['Xorg', 'Xvnc']);
      expect(s.xorg.installed).toBe(false);
      expect(s.xorg.packages).toEqual(['xorgxrdp', 'xserver-xorg-core']);
      expect(s.xvnc.installed).toBe(true);
      expect(s.packages['tigervnc-standalone-server']).toMatch(/^\d/);
      const f = finding(ins, 'xrdp-session-backend-missing');
      expect(f?.severity).toBe('error');
      expect(f?.seenOn).toBe('host');
      expect(f?.detail).toContain('The default session type');
      expect(f?.detail).toContain('install xorgxrdp and xserver-xorg-core');
      expect(f?.detail).not.toContain('[Xvnc]');
      expect(f?.evidence.join('\n')).toMatch(
        /session type \[Xvnc\] \(Xvnc\) can start: package tigervnc-standalone-server/,
      );
    });

    it('makes none of the other session findings (the negative control)', () => {
      const ids = ins.findings.map((f) => f.id).filter((id) => SESSION_IDS.includes(id));
      expect(ids).toEqual(['xrdp-session-backend-missing']);
      const s = sessionOf(ins);
      expect(s.xwrapper.exists).toBe(false);
      expect(s.consoleUsers).toEqual([]);
      expect(s.colord.installed).toBe(false);
      expect(s.disks.map((d) => d.path)).toEqual(['/tmp', '/home']);
      expect(ins.summary.join('\n')).toContain('xrdp-sesman (init): running');
    });

    it('reads no log outside /var/log, whatever sesman.ini names (a root file full of "error" lines)', async () => {
      writeFileSync(h.path('/etc/xrdp/secret.log'), '[ERROR] secret-token-4711 failed\n', { mode: 0o600 });
      const sesman = h.path('/etc/xrdp/sesman.ini');
      writeFileSync(
        sesman,
        setIniKey(readFileSync(sesman, 'latin1'), 'Logging', 'LogFile', '/etc/xrdp/secret.log'),
        'latin1',
      );
      const again = await inspectXrdpOver(h.sshd, h.target);
      expect(sessionOf(again).sesmanLogFile).toBeNull();
      expect(JSON.stringify(again)).not.toContain('secret-token');
    });
  });

  describe('a host with every session fault at once, and hostile files in root home', () => {
    let h: DebianHost;
    let ins: Inspection;
    beforeAll(async () => {
      h = await startDebianHost({
        fault: ['healthy', 'sesman-stopped', 'xwrapper-console', 'colord-no-polkit', 'console-user', 'tmp-full'],
      });
      // sesman's log with an escape sequence and a line of its own; an Xorg log; a symlink posing as one
      const log = h.path('/var/log/xrdp-sesman.log');
      writeFileSync(
        log,
        `${readFileSync(log, 'utf8')}[20261207-22:00:01] [ERROR] sesman_main: error starting \x1b[31mXorg\x1b[0m\r\nsesman_pid=1\n`,
      );
      writeFileSync(h.path('/root/.xorgxrdp.11.log'), '[ 1.0] (EE) no screens found(EE)\n');
      expect(h.exec('ln', ['-s', '/etc/shadow', '/root/.xorgxrdp.10.log']).status).toBe(0);
      // a user's home: its logs are read as that user (a file its owner cannot read stays unread, as a log the
      // user swapped for a symlink to a root-only file would)
      for (const argv of [
        ['mkdir', '-p', '/home/kiosk'],
        ['sh', '-c', 'printf "[ 2.0] (EE) kiosk screen failed\\n" > /home/kiosk/.xorgxrdp.13.log'],
        ['sh', '-c', 'printf "[ 2.0] (EE) hidden from its owner\\n" > /home/kiosk/.xorgxrdp.12.log'],
        ['chown', '-R', '4242:4242', '/home/kiosk'],
        ['chmod', '000', '/home/kiosk/.xorgxrdp.12.log'],
      ])
        expect(h.exec(argv[0] as string, argv.slice(1)).status).toBe(0);
      ins = await inspectXrdpOver(h.sshd, h.target);
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('xrdp-sesman stopped: named with the service manager and the port, xrdp itself still running', () => {
      const f = finding(ins, 'xrdp-sesman-stopped');
      expect(f?.severity).toBe('error');
      expect(f?.detail).toContain('/etc/init.d/xrdp');
      expect(f?.detail).toContain(`nothing listens on ${h.host}:`);
      expect(xrdpFactsOf(ins).service.running).toBe(true);
      expect(finding(ins, 'xrdp-service-stopped')).toBeUndefined();
    });

    it('the Xorg wrapper refusing non-console users, with Xwrapper.config and sesman.ini as evidence', () => {
      const f = finding(ins, 'xrdp-xorg-wrapper-console-only');
      expect(f?.evidence).toContain('read on the host (/etc/X11/Xwrapper.config): allowed_users=console');
      expect(f?.evidence).toContain('read on the host (/etc/xrdp/sesman.ini [Xorg]): param=Xorg');
    });

    it('the console user from utmp, colord without a polkit rule, and the full /tmp', () => {
      expect(finding(ins, 'xrdp-console-user-logged-in')?.detail).toContain('rdpdoc-console on tty1');
      expect(finding(ins, 'xrdp-colord-polkit-prompt')?.evidence[0]).toContain('colord 1.4.6-2.2 is installed');
      const disk = finding(ins, 'host-disk-full');
      expect(disk?.detail).toMatch(/The file system of \/tmp \(mounted on \/tmp\) is (9\d|100) % full/);
      expect(ins.findings.filter((x) => x.id === 'host-disk-full')).toHaveLength(1); // /home has room
    });

    it('log lines are evidence as data: control characters stripped, no line poses as a fact, no symlink followed', () => {
      const s = sessionOf(ins);
      expect(s.sesmanLogFile).toBe('/var/log/xrdp-sesman.log');
      const line = s.sesmanLog.find((l) => l.includes('error starting'));
      expect(line).toBe('[20261207-22:00:01] [ERROR] sesman_main: error starting ?[31mXorg?[0m?');
      expect(s.sesman.running).toBe(false); // the log's "sesman_pid=1" stayed a log line
      expect(s.xorgLogs).toEqual([
        '/root/.xorgxrdp.11.log: [ 1.0] (EE) no screens found(EE)',
        '/home/kiosk/.xorgxrdp.13.log: [ 2.0] (EE) kiosk screen failed',
      ]);
      const all = JSON.stringify(ins);
      expect(all).not.toContain('hidden from its owner');
      expect(all).not.toContain('\x1b');
      expect(all).not.toContain('.xorgxrdp.10.log');
      expect(all).not.toMatch(/root:[^:]*:\d+:/); // nothing of /etc/shadow
    });
  });

  describe('a host offering only Xvnc, with the colord polkit rule in place', () => {
    let h: DebianHost;
    let ins: Inspection;
    beforeAll(async () => {
      h = await startDebianHost({
        fault: ['healthy', 'colord-no-polkit'],
        prepare: (etc) => {
          dropXorgSection(etc);
          writeFileSync(
            path.join(etc, 'polkit-1/rules.d/45-allow-colord.rules'),
            'polkit.addRule(function(action, subject) {\n  if (action.id.indexOf("org.freedesktop.color-manager.") == 0) return polkit.Result.YES;\n});\n',
          );
        },
      });
      ins = await inspectXrdpOver(h.sshd, h.target);
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('has no backend finding (Xvnc is installed) and no colord finding (the rule is there)', () => {
      const s = sessionOf(ins);
      expect(s.sessions.filter((t) => t.backend !== 'other').map((t) => t.backend)).toEqual(['Xvnc']);
      expect(s.colord.installed).toBe(true);
      expect(s.colord.rules).toEqual(['/etc/polkit-1/rules.d/45-allow-colord.rules']);
      expect(ins.findings.map((f) => f.id).filter((id) => SESSION_IDS.includes(id))).toEqual([]);
    });
  });
});
