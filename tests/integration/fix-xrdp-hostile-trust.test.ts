// A hostile or compromised xrdp host (each an independent namespaced Debian host whose xrdp is the init
// script's, see tests/peers/debianHost.ts): an unprivileged fake "xrdp" on the RDP port while the real
// one is down is never run and never trusted; a symlink planted at the backup folder is refused with nothing
// changed; a key owned by root:shadow never makes xrdp a member of shadow; two ini phases in one job keep two
// backups and undo puts the ini back byte for byte, a Latin-1 comment included.
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestPhases } from '../../electron/remediation/planJob';
import { runJob, undoJob } from '../../electron/remediation/runJob';
import { xrdpFactsOf } from '../../electron/remediation/xrdp/inspectXrdp';
import type { FixEvent } from '../../shared/remediation';
import { type DebianHost, needPeers, startDebianHost } from '../peers';
import {
  inspectXrdpOver,
  phaseOutcomes,
  fixRegistry as registry,
  runXrdpFix,
  sshAccess,
  useFixDataDir,
} from '../peers/fixHost';
import { spawnPeer, waitForPort } from '../peers/process';

const { skip } = needPeers(['debian-host'], 'fix-xrdp-hostile-trust.test.ts');

const fileState = (p: string) => {
  const s = statSync(p);
  return [s.mode & 0o7777, s.uid, s.gid];
};

describe.skipIf(skip)('fix: a hostile xrdp host', { timeout: 240_000 }, () => {
  const data = useFixDataDir();
  const job = (h: DebianHost, jobId: string, phases: string[], emit?: (e: FixEvent) => void) =>
    runXrdpFix(h, data.audit, jobId, phases, emit);

  describe('an unprivileged fake "xrdp" on the port while the service is down', () => {
    let h: DebianHost;
    /** the fake's folder as the host sees it (in its own /tmp) */
    let fakeDir: string;
    let stopFake: () => Promise<void> = async () => undefined;
    let stopWatch: () => Promise<void> = async () => undefined;
    let canary: string;
    let sshKey: string;
    let sshKeyBefore: number[];
    let sshKeyBytes: Buffer;

    beforeAll(async () => {
      // the service down; its key readable through xrdp's own group (xrdp in no other group)
      h = await startDebianHost({ fault: ['stopped', 'key-own-group'] });
      const host = h;
      const hostRoot = host.path('');
      fakeDir = mkdtempSync(path.join(host.path('/tmp'), 'rdpdoc-fake-xrdp-')).slice(hostRoot.length);
      const outside = (name: string) => host.path(path.join(fakeDir, name));
      chmodSync(outside(''), 0o755);
      canary = outside('CANARY');
      // the fake's executable is called xrdp (a copy of python); its -c ini points xrdp at the SSH host key
      const exe = path.join(fakeDir, 'xrdp');
      copyFileSync('/usr/bin/python3', outside('xrdp'));
      chmodSync(outside('xrdp'), 0o755);
      writeFileSync(
        outside('listen.py'),
        [
          'import socket, sys',
          's = socket.socket()',
          's.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)',
          's.bind((sys.argv[1], int(sys.argv[2])))',
          's.listen(5)',
          'while True:',
          '    c, _ = s.accept()',
          '    c.close()',
          '',
        ].join('\n'),
        { mode: 0o644 },
      );
      const evilIni = path.join(fakeDir, 'evil.ini');
      writeFileSync(
        outside('evil.ini'),
        '[Globals]\nport=3390\nsecurity_layer=rdp\nssl_protocols=TLSv1\nkey_file=/etc/ssh/ssh_host_ed25519_key\ncertificate=/etc/ssh/ssh_host_ed25519_key.pub\n',
        { mode: 0o644 },
      );
      const fake = spawnPeer('nsenter', [
        '--target',
        String(h.initPid),
        '--mount',
        '--pid',
        '--',
        'runuser',
        '-u',
        'nobody',
        '--',
        exe,
        path.join(fakeDir, 'listen.py'),
        h.host,
        String(h.port),
        '-c',
        evilIni,
      ]);
      stopFake = () => fake.stop();
      await waitForPort(h.host, h.port, 10_000, fake);
      // From now on any open or run of the fake's executable (by anyone) writes the canary (inotify).
      const watcher = spawnPeer('/usr/bin/python3', [
        '-c',
        [
          'import ctypes, os, sys',
          'libc = ctypes.CDLL(None, use_errno=True)',
          'fd = libc.inotify_init()',
          'libc.inotify_add_watch(fd, sys.argv[1].encode(), 0x1 | 0x20)',
          'print("watching", flush=True)',
          'os.read(fd, 4096)',
          'open(sys.argv[2], "w").write("the fake xrdp was opened or run\\n")',
        ].join('\n'),
        outside('xrdp'),
        canary,
      ]);
      stopWatch = () => watcher.stop();
      for (let i = 0; i < 50 && !watcher.output().includes('watching'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(watcher.output()).toContain('watching');
      sshKey = h.path('/etc/ssh/ssh_host_ed25519_key');
      sshKeyBefore = fileState(sshKey);
      sshKeyBytes = readFileSync(sshKey);
    });
    afterAll(async () => {
      await stopWatch();
      await stopFake();
      await h?.stop(); // the fake's folder goes with the host's /tmp
    });

    it('the inspection runs none of it, trusts none of its configuration, and names it', async () => {
      const ins = await inspectXrdpOver(h.sshd, h.target);
      expect(existsSync(canary), 'the fake xrdp executable was opened or run').toBe(false);
      const f = xrdpFactsOf(ins);
      expect(f.service).toEqual({ manager: 'init', running: false, enabled: true, mainPid: null });
      expect(f.listenerIsService).toBe(false);
      expect(f.iniPath).toBe('/etc/xrdp/xrdp.ini');
      expect(f.iniFromProcess).toBe(false);
      expect(f.key.path).toBe('/etc/xrdp/key.pem');
      expect(f.version).toMatch(/^\d/); // from dpkg-query
      expect(f.listener.foreign?.[0]).toMatchObject({ user: 'nobody', exe: path.join(fakeDir, 'xrdp') });
      const ids = ins.findings.map((x) => x.id);
      expect(ids).toContain('rdp-port-foreign-listener');
      expect(ids).toContain('xrdp-service-stopped');
      const foreign = ins.findings.find((x) => x.id === 'rdp-port-foreign-listener');
      expect(foreign?.seenOn).toBe('host');
      expect(foreign?.detail).toContain(`user nobody, executable ${path.join(fakeDir, 'xrdp')}`);
      expect(foreign?.detail).toMatch(/Stop that process/);
      expect(ins.findings.find((x) => x.id === 'xrdp-service-stopped')?.fixPhases.xrdp).toEqual(['xrdp-start-service']);

      // no phase plans a change to any file outside /etc/xrdp, and the trust-needing phases refuse
      for (const phase of registry.phasesFor('xrdp')) {
        const plan = phase.plan(ins, h.target);
        for (const c of plan.changes) if (c.target.startsWith('/')) expect(c.target).toMatch(/^\/etc\/xrdp\//);
        expect(JSON.stringify(plan)).not.toContain('/etc/ssh');
      }
      const keyPlan = registry.phase('xrdp-fix-key-permissions')?.plan(ins, h.target);
      expect(keyPlan?.changes).toEqual([]);
      expect(keyPlan?.risks[0]).toMatch(/^Refused: the RDP port is held by pid \d+ \(user nobody/);
      const wanted = suggestPhases(
        registry,
        'xrdp',
        ['tls-unavailable', 'tls-key-unusable', 'tls-legacy-only', ...ids],
        ins,
      );
      expect(wanted.filter((id) => id !== 'xrdp-regenerate-cert' && id !== 'xrdp-restart')).toEqual([]);
      expect(existsSync(canary)).toBe(false);
    });

    it('a pid file naming the fake: stale (older than the process) or not the packaged binary, it is not the service', async () => {
      const fakePid = String(xrdpFactsOf(await inspectXrdpOver(h.sshd, h.target)).listener.pids[0]);
      // an old pid file whose number was reused by the fake
      h.exec('sh', ['-c', 'echo "$1" > /run/xrdp/xrdp.pid && touch -d "2 hours ago" /run/xrdp/xrdp.pid', '_', fakePid]);
      let f = xrdpFactsOf(await inspectXrdpOver(h.sshd, h.target));
      expect(f.service.running).toBe(false);
      expect(f.serviceWhy).toBe(`the pid file /run/xrdp/xrdp.pid is older than process ${fakePid}`);
      // a fresh one (as if xrdp's group could write it): the process still does not run /usr/sbin/xrdp
      h.exec('touch', ['/run/xrdp/xrdp.pid']);
      f = xrdpFactsOf(await inspectXrdpOver(h.sshd, h.target));
      expect(f.service.running).toBe(false);
      expect(f.serviceWhy).toBe(`pid ${fakePid}: its executable is ${path.join(fakeDir, 'xrdp')}, not /usr/sbin/xrdp`);
      expect(f.listener.foreign?.[0]?.pid).toBe(Number(fakePid));
      h.exec('rm', ['-f', '/run/xrdp/xrdp.pid']);
      expect(existsSync(canary)).toBe(false);
    });

    it('a fix asked for anyway is refused before anything changes', async () => {
      const ini = readFileSync(h.path('/etc/xrdp/xrdp.ini'));
      const events: FixEvent[] = [];
      const out = await job(h, 'fake-1', ['xrdp-fix-key-permissions', 'xrdp-set-security-layer'], (e) =>
        events.push(e),
      );
      expect(out.ok).toBe(false);
      expect(phaseOutcomes(events)[0]).toEqual(['xrdp-fix-key-permissions', 'failed']);
      const failed = events.find((e) => e.type === 'phase-finished' && e.outcome === 'failed');
      expect(failed?.type === 'phase-finished' && failed.message).toMatch(/held by pid \d+ \(user nobody/);
      expect(fileState(sshKey)).toEqual(sshKeyBefore);
      expect(readFileSync(sshKey).equals(sshKeyBytes)).toBe(true);
      expect(readFileSync(h.path('/etc/xrdp/xrdp.ini')).equals(ini)).toBe(true);
      expect(readFileSync(h.path('/etc/group'), 'utf8')).not.toMatch(/^(adm|shadow|ssl-cert):.*xrdp/m);
      expect(existsSync(canary)).toBe(false);
    });
  });

  describe('a symlink planted at the backup folder', () => {
    let h: DebianHost;
    let elsewhere: string;
    let iniBytes: Buffer;
    beforeAll(async () => {
      h = await startDebianHost({ fault: 'security-layer-rdp' });
      elsewhere = mkdtempSync(path.join(tmpdir(), 'rdpdoc-elsewhere-'));
      iniBytes = readFileSync(h.path('/etc/xrdp/xrdp.ini'));
    });
    afterAll(async () => {
      await h?.stop();
      rmSync(elsewhere, { recursive: true, force: true });
    });

    it('before the inspection: the plan refuses and names the link; a run changes nothing', async () => {
      const link = h.path('/var/backups/rdp-doctor');
      symlinkSync(elsewhere, link);
      try {
        const ins = await inspectXrdpOver(h.sshd, h.target);
        const plan = registry.phase('xrdp-set-security-layer')?.plan(ins, h.target);
        expect(plan?.changes).toEqual([]);
        expect(plan?.risks[0]).toBe(
          'the backup folder /var/backups/rdp-doctor is refused: /var/backups/rdp-doctor is a symbolic link (writes never follow one).',
        );
        const events: FixEvent[] = [];
        const out = await job(h, 'link-1', ['xrdp-set-security-layer'], (e) => events.push(e));
        expect(out.ok).toBe(false);
        expect(phaseOutcomes(events)).toEqual([['xrdp-set-security-layer', 'failed']]);
      } finally {
        rmSync(link);
      }
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(readFileSync(h.path('/etc/xrdp/xrdp.ini')).equals(iniBytes)).toBe(true);
    });

    it('planted between the inspection and the write: the host-side check refuses, nothing changed', async () => {
      const link = h.path('/var/backups/rdp-doctor');
      const events: FixEvent[] = [];
      const out = await job(h, 'link-2', ['xrdp-set-security-layer'], (e) => {
        events.push(e);
        if (e.type === 'phase-started') symlinkSync(elsewhere, link);
      });
      rmSync(link);
      expect(out.ok).toBe(false);
      const failed = events.find((e) => e.type === 'phase-finished' && e.outcome === 'failed');
      expect(failed?.type === 'phase-finished' && failed.message).toMatch(
        /the backup folder \/var\/backups\/rdp-doctor is a symbolic link/,
      );
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(readFileSync(h.path('/etc/xrdp/xrdp.ini')).equals(iniBytes)).toBe(true);
    });
  });

  describe('a key owned by root:shadow', () => {
    let h: DebianHost;
    let keyFile: string;
    beforeAll(async () => {
      h = await startDebianHost({ fault: 'key-group-shadow' });
      keyFile = h.path('/etc/xrdp/key.pem');
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('xrdp is never made a member of shadow: the key gets xrdp’s own group, and undo puts shadow back', async () => {
      const before = fileState(keyFile);
      const ins = await inspectXrdpOver(h.sshd, h.target);
      expect(xrdpFactsOf(ins).keyReadable).toBe(false);
      const plan = registry.phase('xrdp-fix-key-permissions')?.plan(ins, h.target);
      expect(plan?.commands).toEqual(['chgrp xrdp /etc/xrdp/key.pem', 'chmod 0640 /etc/xrdp/key.pem']);
      const out = await job(h, 'shadow-1', ['xrdp-fix-key-permissions']);
      expect(out.ok).toBe(true);
      const group = readFileSync(h.path('/etc/group'), 'utf8');
      expect(group).not.toMatch(/^shadow:[^\n]*xrdp/m);
      const xrdpGid = Number(/^xrdp:x:(\d+):/m.exec(group)?.[1]);
      expect(fileState(keyFile)).toEqual([0o640, 0, xrdpGid]);
      const u = await undoJob({
        jobId: 'shadow-undo',
        target: h.target,
        hostKind: 'xrdp',
        access: sshAccess(h.sshd),
        undoJobId: 'shadow-1',
        registry,
        audit: data.audit,
        emit: () => undefined,
      });
      expect(u.ok).toBe(true);
      expect(fileState(keyFile)).toEqual(before);
    });
  });

  describe('two ini phases in one job, a Latin-1 comment in xrdp.ini', () => {
    let h: DebianHost;
    let iniBytes: Buffer;
    beforeAll(async () => {
      h = await startDebianHost({
        fault: ['security-layer-rdp', 'tls1-only'],
        prepare: (etc) =>
          appendFileSync(path.join(etc, 'xrdp/xrdp.ini'), Buffer.from('; caf\xe9 cr\xe8me (Latin-1)\n', 'latin1')),
      });
      iniBytes = readFileSync(h.path('/etc/xrdp/xrdp.ini'));
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('each keeps its own backup (job + phase + random, 0600 in a 0700 root folder); undo is byte-exact', async () => {
      const events: FixEvent[] = [];
      await job(h, 'two-ini-1', ['xrdp-set-security-layer', 'xrdp-set-ssl-protocols'], (e) => events.push(e));
      expect(phaseOutcomes(events).slice(0, 2)).toEqual([
        ['xrdp-set-security-layer', 'applied'],
        ['xrdp-set-ssl-protocols', 'applied'],
      ]);
      const changed = readFileSync(h.path('/etc/xrdp/xrdp.ini'));
      expect(changed.toString('latin1')).toContain('security_layer=negotiate');
      expect(changed.toString('latin1')).toContain('ssl_protocols=TLSv1.2, TLSv1.3');
      // the comment's bytes are untouched
      expect(changed.includes(Buffer.from('; caf\xe9 cr\xe8me (Latin-1)\n', 'latin1'))).toBe(true);
      const folder = h.path('/var/backups/rdp-doctor');
      expect(statSync(folder).mode & 0o7777).toBe(0o700);
      const names = readdirSync(folder).sort();
      expect(names).toHaveLength(2);
      expect(names[0]).toMatch(/^two-ini-1-xrdp-set-security-layer-[0-9a-f]{12}\.ini$/);
      expect(names[1]).toMatch(/^two-ini-1-xrdp-set-ssl-protocols-[0-9a-f]{12}\.ini$/);
      for (const n of names) expect(statSync(path.join(folder, n)).mode & 0o777).toBe(0o600);
      expect(readFileSync(path.join(folder, names[0] as string)).equals(iniBytes)).toBe(true);

      const u = await undoJob({
        jobId: 'two-ini-undo',
        target: h.target,
        hostKind: 'xrdp',
        access: sshAccess(h.sshd),
        undoJobId: 'two-ini-1',
        registry,
        audit: data.audit,
        emit: () => undefined,
      });
      expect(u.ok).toBe(true);
      expect(readFileSync(h.path('/etc/xrdp/xrdp.ini')).equals(iniBytes)).toBe(true);
      expect(readdirSync(folder)).toEqual([]);
    });
  });
});

describe.skipIf(skip)('fix: Debian’s own key on a service host', { timeout: 240_000 }, () => {
  let h: DebianHost;
  const data = useFixDataDir();
  beforeAll(async () => {
    h = await startDebianHost({ fault: 'stock' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the snakeoil key (root:ssl-cert 0640, through a root-owned symlink): xrdp joins ssl-cert; undo leaves it', async () => {
    const sslCert = () => /^ssl-cert:[^:]*:\d+:(.*)$/m.exec(readFileSync(h.path('/etc/group'), 'utf8'))?.[1] ?? '';
    expect(sslCert().split(',')).not.toContain('xrdp');
    const ins = await inspectXrdpOver(h.sshd, h.target);
    const f = xrdpFactsOf(ins);
    expect(f.service).toMatchObject({ manager: 'init', running: true });
    expect(f.listenerIsService).toBe(true);
    expect(f.key).toMatchObject({ path: '/etc/xrdp/key.pem', real: '/etc/ssl/private/ssl-cert-snakeoil.key' });
    expect(f.keyReadable).toBe(false);
    expect(registry.phase('xrdp-fix-key-permissions')?.plan(ins, h.target).commands).toEqual([
      'usermod -a -G ssl-cert xrdp',
    ]);
    // Debian's restart quirk removes the pid file: the packaged xrdp running as xrdp, root of its tree, is still
    // recognised as the service (no other local user can run a program as xrdp)
    h.exec('rm', ['-f', '/run/xrdp/xrdp.pid']);
    const noPidFile = xrdpFactsOf(await inspectXrdpOver(h.sshd, h.target));
    expect(noPidFile.service).toEqual({ manager: 'init', running: true, enabled: true, mainPid: f.service.mainPid });
    expect(noPidFile.listenerIsService).toBe(true);
    expect(noPidFile.serviceWhy).toBe(
      `no pid file /run/xrdp/xrdp.pid; pid ${f.service.mainPid} is the packaged xrdp running as xrdp`,
    );
    const events: FixEvent[] = [];
    await runJob({
      jobId: 'debian-1',
      target: h.target,
      hostKind: 'xrdp',
      access: sshAccess(h.sshd),
      phases: ['xrdp-fix-key-permissions'],
      registry,
      audit: data.audit,
      signal: new AbortController().signal,
      emit: (e) => events.push(e),
    });
    expect(phaseOutcomes(events)[0]).toEqual(['xrdp-fix-key-permissions', 'applied']);
    expect(sslCert().split(',')).toContain('xrdp');
    const u = await undoJob({
      jobId: 'debian-undo',
      target: h.target,
      hostKind: 'xrdp',
      access: sshAccess(h.sshd),
      undoJobId: 'debian-1',
      registry,
      audit: data.audit,
      emit: () => undefined,
    });
    expect(u.ok).toBe(true);
    expect(sslCert().split(',')).not.toContain('xrdp');
  });
});
