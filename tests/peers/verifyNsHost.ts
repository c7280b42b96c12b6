/**
 * A minimal independent Debian host for the service-verification tests (restart, start): its own mount and PID
 * namespace (`unshare --mount --pid --fork --mount-proc`) with a copy of /etc bind-mounted over /etc, a tmpfs
 * /run and its own /var/log (xrdp.log owned by xrdp as Debian ships it), so Debian's own /etc/init.d/xrdp
 * inside sees — and its `stop` kills — only this host's xrdp. xrdp.ini binds `tcp://ADDRESS:3390` and sesman
 * listens on ADDRESS:3350; an sshd runs inside on ADDRESS:22 (root, key login). The network namespace is the
 * machine's, so a client reaches it on ADDRESS. Port 3390, not 3389: any listener on port 3389, even on another
 * loopback address, stops Debian's machine-wide xrdp (port=3389, all addresses) from starting, which the
 * stock-xrdp tests running beside these need.
 *
 * PID 1 inside is a small perl loop that reaps orphans (a daemonised xrdp is reparented to it, and
 * start-stop-daemon waits for a killed xrdp to disappear, which a zombie never does). Killing it ends every
 * process of the host. (The `hosts` helper builds the general harness; this one is what these tests need.)
 */
import { execFileSync, type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnPeer, waitForPort } from './process';

export interface NsXrdpHost {
  address: string;
  /** what the technician types */
  target: string;
  root: string;
  sshd: { host: string; port: number; user: string; clientKeyPem: string; hostKeyFingerprint: string };
  /** runs argv inside the host (its mounts, its PID namespace) */
  exec(argv: string[], input?: string): SpawnSyncReturns<string>;
  /** pid (inside the host) of the xrdp listening on ADDRESS:NS_RDP_PORT, or null */
  xrdpPid(): number | null;
  /** the host's xrdp.ini bytes */
  ini(): Buffer;
  log(): string;
  stop(): Promise<void>;
}

export const NS_RDP_PORT = 3390;

let hosts = 0;
/** 127.32.X.Y, our block: X from the pid, Y a counter (several hosts per test file). */
export function nsHostAddress(): string {
  hosts += 1;
  return `127.32.${1 + (process.pid % 250)}.${1 + (hosts % 250)}`;
}

export function nsHostMissing(): string | null {
  if (process.getuid?.() !== 0) return 'namespaced hosts need root';
  for (const bin of ['/usr/bin/unshare', '/usr/bin/nsenter', '/usr/sbin/xrdp', '/etc/init.d/xrdp', '/usr/sbin/sshd'])
    try {
      readFileSync(bin);
    } catch {
      return `there is no ${bin}`;
    }
  return null;
}

const SETUP = [
  'set -e',
  'mount --bind "$1/etc" /etc',
  'mount -t tmpfs -o mode=0755 nsrun /run',
  'mkdir -p /run/lock /run/sshd',
  'mount --bind "$1/log" /var/log',
  // PID 1: reap every orphan until killed
  `exec perl -e '$|=1; $SIG{TERM}=sub{exit 0}; print "ready\\n"; while (1) { my $p = wait; sleep 1 if $p == -1 }'`,
].join('\n');

function idOf(name: string, file: '/etc/passwd' | '/etc/group'): number {
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no ${name} in ${file}`);
  return Number(line.split(':')[2]);
}

export async function startNsXrdpHost(
  opts: { address?: string; startXrdp?: boolean; edit?: (root: string) => void } = {},
): Promise<NsXrdpHost> {
  const address = opts.address ?? nsHostAddress();
  const root = mkdtempSync(path.join(tmpdir(), 'rdpdoc-nshost-'));
  chmodSync(root, 0o755);
  // cp -a: owners, groups and modes as on the machine (the snakeoil key is root:ssl-cert 0640)
  execFileSync('cp', ['-a', '/etc', path.join(root, 'etc')]);
  const iniFile = path.join(root, 'etc/xrdp/xrdp.ini');
  writeFileSync(
    iniFile,
    readFileSync(iniFile, 'latin1').replace(/^port=.*$/m, `port=tcp://${address}:${NS_RDP_PORT}`),
    'latin1',
  );
  const sesman = path.join(root, 'etc/xrdp/sesman.ini');
  writeFileSync(sesman, readFileSync(sesman, 'utf8').replace(/^ListenAddress=.*$/m, `ListenAddress=${address}`));
  mkdirSync(path.join(root, 'log'), { mode: 0o755 });
  const log = path.join(root, 'log/xrdp.log');
  writeFileSync(log, '', { mode: 0o640 });
  chownSync(log, idOf('xrdp', '/etc/passwd'), idOf('adm', '/etc/group'));
  // sshd: root with a throw-away key
  const sshDir = path.join(root, 'ssh');
  mkdirSync(sshDir, { mode: 0o700 });
  const hostKey = path.join(sshDir, 'host_ed25519');
  const clientKey = path.join(sshDir, 'client_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-m', 'PEM', '-f', clientKey]);
  writeFileSync(path.join(sshDir, 'authorized_keys'), readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const config = path.join(sshDir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${address}:22`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${sshDir}/authorized_keys`,
      `PidFile ${sshDir}/sshd.pid`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      'UsePAM no',
      '',
    ].join('\n'),
  );
  opts.edit?.(root);

  const ns = spawnPeer('unshare', [
    '--mount',
    '--pid',
    '--fork',
    '--mount-proc',
    '--propagation',
    'private',
    '--',
    'sh',
    '-c',
    SETUP,
    'sh',
    root,
  ]);
  let pid1 = 0;
  const cleanup = async () => {
    await ns.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    const until = Date.now() + 10_000;
    while (!ns.output().includes('ready')) {
      if (ns.child.exitCode !== null || Date.now() > until) throw new Error(`namespace did not start: ${ns.output()}`);
      await sleep(50);
    }
    const unsharePid = ns.child.pid as number;
    pid1 = Number(readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/)[0]);
    if (!pid1) throw new Error('no PID 1 in the namespace');
  } catch (err) {
    await cleanup();
    throw err;
  }
  const exec = (argv: string[], input?: string) =>
    spawnSync('nsenter', ['-t', String(pid1), '-m', '-p', '--', ...argv], {
      encoding: 'utf8',
      input,
      timeout: 90_000,
    });
  // sshd inside; it dies with the namespace
  const sshd = spawnPeer('nsenter', ['-t', String(pid1), '-m', '-p', '--', '/usr/sbin/sshd', '-D', '-e', '-f', config]);
  try {
    await waitForPort(address, 22, 10_000, sshd);
    if (opts.startXrdp !== false) {
      const r = exec(['/etc/init.d/xrdp', 'start']);
      if (r.status !== 0) throw new Error(`/etc/init.d/xrdp start failed: ${r.stdout}${r.stderr}`);
      await waitForPort(address, NS_RDP_PORT, 20_000);
    }
  } catch (err) {
    await sshd.stop();
    await cleanup();
    throw err;
  }
  const fingerprint =
    execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).split(' ')[1] ??
    '';
  return {
    address,
    target: `${address}:${NS_RDP_PORT}`,
    root,
    sshd: {
      host: address,
      port: 22,
      user: 'root',
      clientKeyPem: readFileSync(clientKey, 'utf8'),
      hostKeyFingerprint: fingerprint,
    },
    exec,
    xrdpPid() {
      const out = exec(['ss', '-ltnpH', `src ${address}:${NS_RDP_PORT}`]).stdout;
      const m = /pid=(\d+)/.exec(out);
      return m ? Number(m[1]) : null;
    },
    ini: () => readFileSync(iniFile),
    log: () => `${ns.output()}\n${sshd.output()}\n${readFileSync(log, 'utf8')}`,
    stop: async () => {
      await sshd.stop();
      await cleanup();
    },
  };
}
