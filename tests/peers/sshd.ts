/**
 * OpenSSH's sshd on loopback with a throw-away host key and one authorized client key, for remediation
 * over SSH against xrdp hosts. Returns the client's private key for ssh2.
 *
 * `users` adds throw-away local accounts (key login with the same client key, a password, and sudo rights:
 * `password` = may sudo with its password, `nopasswd`, or `none`), removed again by stop().
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary } from './availability';
import { freePort, nextLoopbackAddress, spawnPeer, waitForPort } from './process';
import type { Peer } from './types';

export interface SshdUser {
  name: string;
  password: string;
  sudo: 'password' | 'nopasswd' | 'none';
}

export interface SshdPeer extends Peer {
  user: string;
  clientKeyPem: string;
  /** the host key's fingerprint as OpenSSH prints it (SHA256:…) */
  hostKeyFingerprint: string;
}

function run(cmd: string, args: string[], input?: string): void {
  execFileSync(cmd, args, { input, stdio: ['pipe', 'ignore', 'pipe'] });
}

function addUser(u: SshdUser, keysDir: string, pub: Buffer): void {
  if (!/^rdpdoc-[a-z0-9-]+$/.test(u.name)) throw new Error(`test users are named rdpdoc-…: ${u.name}`);
  removeUser(u.name);
  run('useradd', ['--create-home', '--shell', '/bin/sh', u.name]);
  // the password on stdin, never on a command line
  run('chpasswd', [], `${u.name}:${u.password}\n`);
  writeFileSync(path.join(keysDir, u.name), pub, { mode: 0o644 });
  if (u.sudo !== 'none') {
    const rule = `${u.name} ALL=(ALL:ALL) ${u.sudo === 'nopasswd' ? 'NOPASSWD: ' : ''}ALL\n`;
    writeFileSync(`/etc/sudoers.d/${u.name}`, rule, { mode: 0o440 });
  }
}

function removeUser(name: string): void {
  rmSync(`/etc/sudoers.d/${name}`, { force: true });
  try {
    execFileSync('userdel', ['--remove', name], { stdio: 'ignore' });
  } catch {
    // not there
  }
}

/** A test sshd's config: key login (passwords too when asked), root by key only, no PAM, sftp built in. */
export function sshdConfig(o: {
  listen: string;
  hostKey: string;
  authorizedKeys: string;
  pidFile: string;
  passwords: boolean;
}): string {
  return [
    `ListenAddress ${o.listen}`,
    `HostKey ${o.hostKey}`,
    `AuthorizedKeysFile ${o.authorizedKeys}`,
    `PidFile ${o.pidFile}`,
    `PasswordAuthentication ${o.passwords ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'Subsystem sftp internal-sftp',
    'UsePAM no',
    '',
  ].join('\n');
}

export async function startSshd(opts: { host?: string; users?: SshdUser[] } = {}): Promise<SshdPeer> {
  const host = opts.host ?? nextLoopbackAddress();
  const port = await freePort('127.0.0.1');
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-sshd-'));
  chmodSync(dir, 0o700);
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-m', 'PEM', '-f', clientKey]);
  const authorized = path.join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  // other users' keys: sshd reads them as that user, so they live in a world-readable folder
  const keysDir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-sshd-keys-'));
  chmodSync(keysDir, 0o755);
  const users = opts.users ?? [];
  for (const u of users) addUser(u, keysDir, readFileSync(`${clientKey}.pub`));
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    sshdConfig({
      listen: `${host}:${port}`,
      hostKey,
      authorizedKeys: users.length ? `${keysDir}/%u` : authorized,
      pidFile: path.join(dir, 'sshd.pid'),
      passwords: users.length > 0,
    }),
  );
  const sshd = findBinary('sshd') ?? '/usr/sbin/sshd';
  const proc = spawnPeer(sshd, ['-D', '-e', '-f', config]);
  const cleanUsers = () => {
    for (const u of users) removeUser(u.name);
    rmSync(keysDir, { recursive: true, force: true });
  };
  const me = process.env.USER ?? 'root';
  if (users.length) writeFileSync(path.join(keysDir, me), readFileSync(`${clientKey}.pub`), { mode: 0o644 });
  try {
    await waitForPort(host, port, 10_000, proc);
  } catch (err) {
    await proc.stop();
    cleanUsers();
    throw err;
  }
  const fingerprint =
    execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).split(' ')[1] ??
    '';
  return {
    kind: 'sshd',
    host,
    port,
    target: `${host}:${port}`,
    dir,
    user: me,
    clientKeyPem: readFileSync(clientKey, 'utf8'),
    hostKeyFingerprint: fingerprint,
    log: () => proc.output(),
    stop: async () => {
      await proc.stop();
      cleanUsers();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
