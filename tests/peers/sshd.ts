/**
 * OpenSSH's sshd on loopback with a throw-away host key and one authorized client key, for remediation
 * over SSH against xrdp hosts. Returns the client's private key for ssh2.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary } from './availability';
import { freePort, nextLoopbackAddress, spawnPeer, waitForPort } from './process';
import type { Peer } from './types';

export interface SshdPeer extends Peer {
  user: string;
  clientKeyPem: string;
}

export async function startSshd(opts: { host?: string } = {}): Promise<SshdPeer> {
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
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = path.join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${host}:${port}`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${authorized}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      '',
    ].join('\n'),
  );
  const sshd = findBinary('sshd') ?? '/usr/sbin/sshd';
  const proc = spawnPeer(sshd, ['-D', '-e', '-f', config]);
  try {
    await waitForPort(host, port, 10_000, proc);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    kind: 'sshd',
    host,
    port,
    target: `${host}:${port}`,
    dir,
    user: process.env.USER ?? 'root',
    clientKeyPem: readFileSync(clientKey, 'utf8'),
    log: () => proc.output(),
    stop: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
