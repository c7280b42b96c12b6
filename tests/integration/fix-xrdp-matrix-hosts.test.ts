// The independent Debian hosts themselves (tests/peers/debianHost.ts), against the real machine: each is
// what it says (its own address, its own processes only, Debian's file owners, the fault in place) and
// nothing it does reaches the machine or the other host; stop() leaves nothing behind.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DebianHost, needPeers, startDebianHost } from '../peers';

const { skip } = needPeers(['debian-host'], 'fix-xrdp-matrix-hosts.test.ts');

describe.skipIf(skip)('independent Debian hosts', { timeout: 120_000 }, () => {
  let a: DebianHost;
  let b: DebianHost;
  const machineGroup = () => readFileSync('/etc/group', 'utf8');

  beforeAll(async () => {
    [a, b] = await Promise.all([
      startDebianHost({
        fault: ['security-layer-rdp', 'tls1-only'],
        users: [{ name: 'rdpdoc-hosta', password: 'pw-a', sudo: 'nopasswd' }],
      }),
      startDebianHost({ fault: 'stopped' }),
    ]);
  }, 120_000);
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('each on its own 127.34.N.1 address, with its own sshd host key', () => {
    expect(a.host).toMatch(/^127\.34\.\d+\.1$/);
    expect(b.host).toMatch(/^127\.34\.\d+\.1$/);
    expect(a.host).not.toBe(b.host);
    expect(a.hostKeyFingerprint).toMatch(/^SHA256:/);
    expect(a.hostKeyFingerprint).not.toBe(b.hostKeyFingerprint);
  });

  it('inside, ps sees only the host: its init, sshd, and xrdp started by the init script as user xrdp', () => {
    const ps = a.exec('ps', ['-eo', 'pid,user,comm']).stdout;
    const rows = ps
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.trim().split(/\s+/));
    expect(rows.find((r) => r[0] === '1')?.[2]).toBe('perl');
    expect(rows.some((r) => r[1] === 'xrdp' && r[2] === 'xrdp')).toBe(true);
    expect(rows.some((r) => r[2] === 'sshd')).toBe(true);
    expect(rows.length).toBeLessThan(12);
    expect(a.readFile('/run/xrdp/xrdp.pid').toString().trim()).toMatch(/^\d+$/);
    // the stopped host runs no xrdp at all
    expect(b.exec('ps', ['-eo', 'comm']).stdout).not.toMatch(/^xrdp$/m);
    expect(b.listenerPid()).toBeNull();
  });

  it("xrdp.log as Debian's postinst makes it: xrdp:adm 0640, written by the host's xrdp", () => {
    const s = statSync(a.path('/var/log/xrdp.log'));
    expect((s.mode & 0o777).toString(8)).toBe('640');
    expect(a.exec('stat', ['-c', '%U:%G', '/var/log/xrdp.log']).stdout.trim()).toBe('xrdp:adm');
    expect(a.log()).toContain(`listening to port ${a.port} on ${a.host}`);
  });

  it('the faults are in place: both ini values, and the key readable (xrdp in ssl-cert)', () => {
    const ini = a.readFile('/etc/xrdp/xrdp.ini').toString('latin1');
    expect(ini).toMatch(/^security_layer=rdp$/m);
    expect(ini).toMatch(/^ssl_protocols=TLSv1$/m);
    expect(ini).toContain(`port=tcp://${a.host}:${a.port}`);
    expect(a.groupMembers('ssl-cert')).toContain('xrdp');
  });

  it("users, groups and sudoers made inside stay inside; the machine's /etc does not change", () => {
    const before = machineGroup();
    expect(a.exec('groupadd', ['rdpdoc-inside-only']).status).toBe(0);
    expect(a.readFile('/etc/group').toString()).toMatch(/^rdpdoc-inside-only:/m);
    expect(readFileSync(b.path('/etc/group'), 'utf8')).not.toMatch(/^rdpdoc-inside-only:/m);
    expect(machineGroup()).toBe(before);
    expect(readFileSync('/etc/passwd', 'utf8')).not.toMatch(/^rdpdoc-hosta:/m);
    expect(existsSync('/etc/sudoers.d/rdpdoc-hosta')).toBe(false);
    // the NOPASSWD rule works inside
    const sudo = a.exec('sudo', ['-n', 'id', '-un'], { user: 'rdpdoc-hosta' });
    expect(sudo.stdout.trim(), sudo.stderr).toBe('root');
  });

  it("the host's init script restarts only its own xrdp; the other host's is untouched", async () => {
    const other = b.listenerPid();
    const old = a.listenerPid();
    expect(a.service('restart').status).toBe(0);
    await a.waitForXrdp(30_000);
    for (let i = 0; i < 100 && a.listenerPid() === old; i++) await new Promise((r) => setTimeout(r, 100));
    expect(a.listenerPid()).not.toBe(old);
    expect(b.listenerPid()).toBe(other);
  });

  it('stop() ends every process of the host and removes its folder', async () => {
    const h = await startDebianHost({ fault: 'healthy' });
    const init = h.initPid;
    expect(readFileSync(`/proc/${init}/cmdline`, 'utf8')).toContain('perl');
    const inside = spawnSync('ps', ['-o', 'pid=', '--ppid', String(init)], { encoding: 'utf8' }).stdout.trim();
    expect(inside).not.toBe('');
    await h.stop();
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(`/proc/${init}`)).toBe(false);
    for (const pid of inside.split(/\s+/)) expect(existsSync(`/proc/${pid}`), `pid ${pid}`).toBe(false);
    expect(h.listenerPid()).toBeNull();
    expect(existsSync(h.identityFile), 'the host folder (its /etc copy, keys) is removed').toBe(false);
  });
});
