// `rdp-doctor inspect | fix | undo` against a namespaced Debian host whose xrdp is the init script's
// (root-only key, run as user xrdp; tests/peers/debianHost.ts) over its own sshd, run in-process: the happy path with --yes and --report, and what a help-desk technician hits first —
// an unknown or changed host key, a closed SSH port, a wrong password, an account without sudo, a wrong sudo
// password. Every failure: exit 2, a clear sentence, nothing changed on the host.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInput } from '../../electron/cli/hostAccess';
import { closedPort, type DebianHost, needPeers, type SshdPeer, startDebianHost } from '../peers';
import { runCli } from '../support/runCli';

const { skip } = needPeers(['debian-host'], 'fix-cli-ssh.test.ts');

async function withStdin<T>(text: string, run: () => Promise<T>): Promise<T> {
  const saved = cliInput.stdin;
  cliInput.stdin = Readable.from([text]);
  try {
    return await run();
  } finally {
    cliInput.stdin = saved;
  }
}

describe.skipIf(skip)('CLI fix commands over SSH', { timeout: 240_000 }, () => {
  let sshd: SshdPeer;
  let xrdp: DebianHost;
  let dataDir: string;
  let identity: string;
  let keyPath: string;
  const keyState = () => {
    const s = statSync(keyPath);
    return [s.mode & 0o777, s.uid, s.gid];
  };
  const ssh = (user = sshd.user) => `${user}@${sshd.host}:${sshd.port}`;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-data-'));
    process.env.RDP_DOCTOR_DATA_DIR = dataDir;
    xrdp = await startDebianHost({
      fault: 'key-unreadable-file',
      users: [
        { name: 'rdpdoc-nosudo', password: 'nosudo-pw', sudo: 'none' },
        { name: 'rdpdoc-sudo', password: 'sudo-pw', sudo: 'password' },
      ],
    });
    sshd = xrdp.sshd;
    keyPath = xrdp.path('/etc/xrdp/key.pem');
    identity = path.join(dataDir, 'id_test');
    writeFileSync(identity, sshd.clientKeyPem, { mode: 0o600 });
  });
  afterAll(async () => {
    await xrdp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('unknown host key: refused before logging in, with its fingerprint and how to trust it (exit 2)', async () => {
    const r = await runCli('inspect', xrdp.target, '--ssh', ssh(), '--identity', identity);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`is not trusted yet. Its host key is ${sshd.hostKeyFingerprint}`);
    expect(r.err).toContain('--trust-host-key');
  });

  it('--trust-host-key shows and remembers the key; inspect then finds the unreadable key (exit 1)', async () => {
    const r = await runCli('inspect', xrdp.target, '--ssh', ssh(), '--identity', identity, '--trust-host-key');
    expect(r.err).toContain(`Trusting the SSH host key of ${sshd.host}:${sshd.port}: ${sshd.hostKeyFingerprint}`);
    expect(r.out).toContain("The RDP service cannot use its certificate's private key [tls-key-unusable]");
    expect(r.out).toMatch(/read on the host: xrdp runs as xrdp, which cannot read its key file/);
    expect(r.code).toBe(1);
    expect(readFileSync(path.join(dataDir, 'ssh-known-hosts'), 'utf8')).toContain(sshd.hostKeyFingerprint);
  });

  it('a pinned key that differs: stops with a clear message, nothing changed (exit 2)', async () => {
    const before = keyState();
    const wrong = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const r = await runCli(
      'fix',
      xrdp.target,
      '--ssh',
      ssh(),
      '--identity',
      identity,
      '--ssh-host-key',
      wrong,
      '--yes',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(`shows host key ${sshd.hostKeyFingerprint}`);
    expect(r.err).toContain(`not the pinned ${wrong}`);
    expect(r.err).toContain('Nothing was changed.');
    expect(keyState()).toEqual(before);
  });

  it('nothing listening on the SSH port: says so (exit 2)', async () => {
    const { port } = await closedPort('127.0.0.1');
    const r = await runCli('inspect', xrdp.target, '--ssh', `root@127.0.0.1:${port}`, '--identity', identity);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Nothing accepts SSH connections at 127.0.0.1:${port} (connection refused)`);
  });

  it('a wrong password: the server refused the account (exit 2)', async () => {
    const r = await withStdin('not-the-password\n', () =>
      runCli('inspect', xrdp.target, '--ssh', ssh('rdpdoc-sudo'), '--password-stdin'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(`refused rdpdoc-sudo with the password`);
    expect(r.err + r.out).not.toContain('not-the-password');
  });

  it('an account without sudo rights: says it may not use sudo, nothing changed (exit 2)', async () => {
    const before = keyState();
    const r = await withStdin('nosudo-pw\n', () =>
      runCli('fix', xrdp.target, '--ssh', ssh('rdpdoc-nosudo'), '--password-stdin', '--yes'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain(`rdpdoc-nosudo may not use sudo on ${sshd.host}`);
    expect(keyState()).toEqual(before);
  });

  it('a wrong sudo password: refused, never echoed (exit 2)', async () => {
    const r = await withStdin('sudo-pw\nwrong-sudo-pw\n', () =>
      runCli('inspect', xrdp.target, '--ssh', ssh('rdpdoc-sudo'), '--password-stdin', '--sudo-password-stdin'),
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('sudo refused the password for rdpdoc-sudo');
    expect(r.err + r.out).not.toContain('wrong-sudo-pw');
  });

  it('--dry-run prints the plan with real values and changes nothing (exit 0)', async () => {
    const before = keyState();
    const r = await runCli(
      'fix',
      xrdp.target,
      '--ssh',
      ssh(),
      '--identity',
      identity,
      '--phase',
      'xrdp-fix-key-permissions',
      '--dry-run',
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain('/etc/xrdp/key.pem: root:root 0600 → root:xrdp 0640');
    expect(r.out).toContain('Dry run: nothing was changed.');
    expect(keyState()).toEqual(before);
  });

  it('fix --yes --report: applied, verified by a fresh probe, report has the action; undo --yes puts it back', async () => {
    const before = keyState();
    const report = path.join(dataDir, 'fix-report.md');
    const r = await withStdin('sudo-pw\n', () =>
      runCli(
        'fix',
        xrdp.target,
        '--ssh',
        ssh('rdpdoc-sudo'),
        '--password-stdin',
        '--phase',
        'xrdp-fix-key-permissions',
        '--yes',
        '--report',
        report,
      ),
    );
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/✓ xrdp-fix-key-permissions: verified/);
    expect(r.out).toMatch(/✓ Verified: Verified by a fresh probe: .*tls-unavailable no longer found/);
    const xrdpGid = Number(execFileSync('id', ['-g', 'xrdp'], { encoding: 'utf8' }).trim());
    expect(keyState()).toEqual([0o640, 0, xrdpGid]);
    const md = readFileSync(report, 'utf8');
    expect(md).toContain('## Actions taken');
    expect(md).toMatch(/Let xrdp read its key file.*\| verified \|/);
    expect(md).not.toContain('sudo-pw');

    const again = await runCli(
      'fix',
      xrdp.target,
      '--ssh',
      ssh(),
      '--identity',
      identity,
      '--phase',
      'xrdp-fix-key-permissions',
      '--yes',
    );
    expect(again.code).toBe(0);
    expect(again.out).toContain('Everything is already right: nothing was changed.');

    const u = await runCli('undo', xrdp.target, '--ssh', ssh(), '--identity', identity, '--yes');
    expect(u.code, u.out + u.err).toBe(0);
    expect(u.out).toContain('is put back');
    expect(keyState()).toEqual(before);
    const none = await runCli('undo', xrdp.target, '--ssh', ssh(), '--identity', identity, '--yes');
    expect(none.code).toBe(2);
    expect(none.err).toContain(`no fix on ${xrdp.target} is left to undo`);
  });

  it('bad input: exit 2 before connecting', async () => {
    expect((await runCli('fix', xrdp.target)).err).toContain('say how to reach the host');
    expect((await runCli('fix', xrdp.target, '--ssh', 'no-at-sign')).err).toContain('--ssh must look like user@host');
    const r = await runCli(
      'fix',
      xrdp.target,
      '--ssh',
      ssh(),
      '--identity',
      identity,
      '--phase',
      'win-set-nla',
      '--yes',
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain('Fix phase "win-set-nla" is for windows hosts, not xrdp.');
  });
});
