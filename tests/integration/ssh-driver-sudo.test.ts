// The SSH driver against a real sshd with real sudo rules: the sudo password is written only at sudo's own
// prompt (a NOPASSWD rule for /bin/sh would otherwise have it land in the file being written), commands reach
// /bin/sh whatever the login shell (fish), bytes stay bytes through the elevated `cat`, and cancel kills the
// remote command's process group.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnownHosts } from '../../electron/remediation/ssh/knownHosts';
import { SshDriver } from '../../electron/remediation/ssh/sshDriver';
import { isAbortError } from '../../electron/remediation/types';
import { XRDP_SCRIPTS } from '../../electron/remediation/xrdp/scripts';
import { needPeers, type SshdPeer, startSshd } from '../peers';

const { skip } = needPeers(['sshd'], 'ssh-driver-sudo.test.ts');
const FISH = '/usr/bin/fish';
if (!existsSync(FISH)) {
  if (process.env.CI === 'true') throw new Error('ssh-driver-sudo.test.ts needs fish (apt-get install -y fish)');
  console.warn('[skipped part] ssh-driver-sudo.test.ts: fish is not installed, the fish login shell is not tried');
}

const putFile = XRDP_SCRIPTS['put-file.sh'] as string;
const PW = 'Pw-4711-sécret';
const users = {
  password: { name: 'rdpdoc-ww-pw', password: PW, sudo: 'password' as const },
  nopasswd: { name: 'rdpdoc-ww-nopw', password: PW, sudo: 'nopasswd' as const },
  /** sudo asks for a password for most commands, but a NOPASSWD rule lets /bin/sh run without one */
  shRule: { name: 'rdpdoc-ww-shrule', password: PW, sudo: 'password' as const },
};
const SH_RULE_FILE = '/etc/sudoers.d/rdpdoc-ww-shrule-nopasswd-sh';

/** > 64 KiB (several SSH channel chunks), Latin-1 bytes and multi-byte UTF-8 throughout, no trailing newline */
function awkwardBytes(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; parts.reduce((n, b) => n + b.length, 0) < 200 * 1024; i++) {
    parts.push(Buffer.from(`[line ${i}] port=3389 `, 'ascii'));
    parts.push(Buffer.from([0xe9, 0xfc, 0xa0, 0xff, 0x80])); // Latin-1 é ü nbsp ÿ and a lone 0x80
    parts.push(Buffer.from('€ 日本 ✓\n', 'utf8'));
  }
  return Buffer.concat(parts);
}

describe.skipIf(skip)('SshDriver over a real sshd with sudo', { timeout: 120_000 }, () => {
  let sshd: SshdPeer;
  let known: string;
  let work: string;
  const open = (u: { name: string; password: string }, sudoPassword: string | undefined = u.password) =>
    SshDriver.connect(
      {
        via: 'ssh',
        host: sshd.host,
        port: sshd.port,
        user: u.name,
        auth: { method: 'password', password: u.password },
        hostKey: sshd.hostKeyFingerprint,
        ...(sudoPassword !== undefined ? { sudoPassword } : {}),
      },
      { knownHosts: KnownHosts.inDir(known), scripts: { 'put-file.sh': putFile } },
    );

  beforeAll(async () => {
    sshd = await startSshd({ host: '127.38.17.2', users: Object.values(users) });
    writeFileSync(SH_RULE_FILE, `${users.shRule.name} ALL=(ALL:ALL) NOPASSWD: /bin/sh\n`, { mode: 0o440 });
    known = mkdtempSync(path.join(tmpdir(), 'rdpdoc-ww-known-'));
    // a root-only folder for the files written as root, root-owned all the way up: put-file.sh refuses any
    // destination under a folder others can write (so not /tmp)
    work = mkdtempSync(path.join(homedir(), 'rdpdoc-ww-work-'));
  });
  afterAll(async () => {
    rmSync(SH_RULE_FILE, { force: true });
    await sshd?.stop();
    rmSync(known, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  for (const kind of ['password', 'nopasswd', 'shRule'] as const) {
    it(`sudo ${kind}: a file written as root holds exactly its bytes, the password is nowhere in it`, async () => {
      const u = users[kind];
      const driver = await open(u);
      try {
        const dest = path.join(work, `written-${kind}.ini`);
        writeFileSync(dest, 'old\n', { mode: 0o600 });
        const data = awkwardBytes();
        await driver.writeFile(dest, data, { elevated: true });
        const got = readFileSync(dest);
        expect(got.equals(data)).toBe(true);
        expect(got.includes(Buffer.from(PW))).toBe(false);
        expect(statSync(dest).mode & 0o777).toBe(0o600);
        // a command's output carries neither sudo's prompt nor the group marker
        const who = await driver.run(['id', '-u'], { elevated: true });
        expect(who).toEqual({ exitCode: 0, stdout: '0\n', stderr: '' });
        if (kind === 'nopasswd') expect(driver.reachedAs).toBe(`${u.name}@${sshd.host}:${sshd.port} (ssh)`);
        else expect(driver.reachedAs).toBe(`${u.name}@${sshd.host}:${sshd.port} (ssh, sudo with the SSH password)`);
        expect(driver.sudoUsesSshPassword).toBe(kind !== 'nopasswd');
      } finally {
        await driver.close();
      }
    });
  }

  it('a separate sudo password is named as such, and a wrong one is refused without reaching any command', async () => {
    // key login + the sudo password typed separately
    const other = await SshDriver.connect(
      {
        via: 'ssh',
        host: sshd.host,
        port: sshd.port,
        user: users.password.name,
        auth: { method: 'key', privateKey: sshd.clientKeyPem },
        hostKey: sshd.hostKeyFingerprint,
        sudoPassword: PW,
      },
      { knownHosts: KnownHosts.inDir(known), scripts: {} },
    );
    expect((await other.run(['id', '-u'], { elevated: true })).stdout).toBe('0\n');
    expect(other.sudoUsesSshPassword).toBe(false);
    expect(other.reachedAs).toContain('(ssh, sudo with the sudo password)');
    await other.close();
    const wrong = await open(users.password, 'not-the-password');
    const dest = path.join(work, 'never.ini');
    await expect(wrong.writeFile(dest, Buffer.from('x'), { elevated: true })).rejects.toMatchObject({
      code: 'sudo-password-wrong',
    });
    expect(existsSync(dest)).toBe(false);
    await wrong.close();
  });

  it('the elevated cat read path returns the exact bytes of a root-only file > 64 KiB (Latin-1 + UTF-8)', async () => {
    const file = path.join(work, 'root-only.ini');
    const data = awkwardBytes();
    writeFileSync(file, data, { mode: 0o600 });
    const driver = await open(users.password);
    try {
      const got = await driver.readFile(file, { elevated: true });
      expect(got?.length).toBe(data.length);
      expect(got?.equals(data)).toBe(true);
    } finally {
      await driver.close();
    }
  });

  it.skipIf(!existsSync(FISH))(
    'an account whose login shell is fish: argv and scripts reach /bin/sh intact',
    async () => {
      execFileSync('usermod', ['--shell', FISH, users.nopasswd.name]);
      const driver = await open(users.nopasswd);
      try {
        const nasty = ["it's", "a\\'b", 'x\\\\y', 'l1\nl2', '$HOME `id` $(id) !! %s', '€ é'];
        const res = await driver.run(['printf', '%s\\0', ...nasty]);
        expect(res.stdout.split('\0').slice(0, -1)).toEqual(nasty);
        // the login shell really is fish (so this proves something) and the command ran under /bin/sh
        expect(execFileSync('getent', ['passwd', users.nopasswd.name], { encoding: 'utf8' })).toContain(FISH);
        const dest = path.join(work, 'fish.ini');
        await driver.writeFile(dest, Buffer.from("a='b'\\\n"), { elevated: true, mode: 0o600 });
        expect(readFileSync(dest, 'latin1')).toBe("a='b'\\\n");
      } finally {
        await driver.close();
        execFileSync('usermod', ['--shell', '/bin/sh', users.nopasswd.name]);
      }
    },
  );

  it('cancel kills the remote command (its process group, run as root) and rejects with AbortError', async () => {
    // an hour: a driver that only closed the channel would leave it running (and this test waiting for it)
    const tag = `3600.${Date.now() % 100000}`;
    const alive = () => {
      try {
        return execFileSync('pgrep', ['-f', `^sleep ${tag}$`], { encoding: 'utf8' }).trim();
      } catch {
        return '';
      }
    };
    const driver = await open(users.password);
    try {
      const controller = new AbortController();
      const running = driver.run(['sleep', tag], { elevated: true, signal: controller.signal });
      for (let i = 0; i < 200 && !alive(); i++) await new Promise((r) => setTimeout(r, 50));
      const pid = alive();
      expect(pid).not.toBe('');
      // it runs as root, in a group of its own
      expect(execFileSync('ps', ['-o', 'user=', '-p', pid], { encoding: 'utf8' }).trim()).toBe('root');
      controller.abort();
      const err = await running.catch((e) => e);
      expect(isAbortError(err)).toBe(true);
      expect(alive()).toBe('');
      // the connection still works afterwards
      expect((await driver.run(['echo', 'ok'])).stdout).toBe('ok\n');
    } finally {
      await driver.close();
      const left = alive();
      if (left) execFileSync('kill', ['-KILL', ...left.split('\n')]);
    }
  });
});
