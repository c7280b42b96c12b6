/**
 * A small independent "Debian host" whose xrdp is the SERVICE's own, for fix tests that need a trusted xrdp:
 * its own mount and PID namespace (`unshare --mount --pid --fork --mount-proc`), a copy of /etc bind-mounted
 * over /etc (so group changes, sudoers and users stay inside), a tmpfs /run, its own /var/log (xrdp.log owned
 * by xrdp as Debian ships it) and /var/backups, xrdp started by Debian's own init script and bound to this
 * host's loopback address, and an sshd on that address as the way in. Inside, `ss`, /proc, the pid file and
 * the service manager all describe this host only; several run at once.
 *
 * The host's folders are reachable from the test at `dir` (`etc/`, `log/`, `backups/`), and `exec` runs a
 * command inside it (nsenter). `stop()` kills its PID 1, which ends every process in it, and removes `dir`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeCert, type TestCert } from './certs';
import { spawnPeer, waitForPort } from './process';
import type { SshdPeer, SshdUser } from './sshd';

export interface XrdpServiceHostOptions {
  securityLayer?: 'rdp' | 'tls' | 'negotiate' | 'hybrid';
  sslProtocols?: string;
  /** the key file: root:root 0600 (xrdp runs as user xrdp and cannot read it) */
  unreadableKey?: boolean;
  /** the key file's group and mode instead (e.g. shadow, 0640) */
  keyGroup?: { group: string; mode: number };
  /** keep Debian's own key and certificate: /etc/xrdp/key.pem → the snakeoil key, root:ssl-cert 0640 */
  debianKey?: boolean;
  /** the key file's name in /etc/xrdp (default key.pem) */
  keyFileName?: string;
  /** start xrdp with the init script (default true); false = the service is down */
  startXrdp?: boolean;
  /** extra bytes appended to xrdp.ini (e.g. a Latin-1 comment) */
  iniTail?: Buffer;
  users?: SshdUser[];
}

export interface XrdpServiceHost {
  /** this host's loopback address; sshd on port 22, xrdp on SERVICE_HOST_RDP_PORT */
  host: string;
  port: number;
  /** what the technician types: ADDRESS:PORT */
  target: string;
  sshd: SshdPeer;
  /** the host's root-side folder: etc/, log/, backups/ */
  dir: string;
  /** the path of a file inside the host, as the test sees it ("/etc/xrdp/xrdp.ini" → dir/etc/xrdp/xrdp.ini) */
  outside(inside: string): string;
  /** the host's PID 1 as the machine sees it (for nsenter) */
  pid1(): number;
  /** runs argv inside the host's namespaces; returns stdout */
  exec(argv: string[]): string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Not 3389: a socket on ADDRESS:3389 would stop the machine's own xrdp (the stock-host tests) from binding
 * 0.0.0.0:3389 while this host runs.
 */
export const SERVICE_HOST_RDP_PORT = 3390;

let counter = 0;
/** 127.31.X.Y: this test family's own loopback block */
function nextAddress(): string {
  counter += 1;
  return `127.31.${(process.pid % 250) + 1}.${(counter % 250) + 1}`;
}

// The host's PID 1 is a shell that sets up the mounts, starts xrdp with the init script, then becomes sshd.
// Arguments reach it as "$1" "$2", never as script text.
const BOOT = [
  'set -e',
  'mount --bind "$1/etc" /etc',
  'mount -t tmpfs -o mode=0755 rdpdoc-run /run',
  'mkdir -p /run/sshd /run/lock /run/xrdp',
  'mount --bind "$1/log" /var/log',
  'mount --bind "$1/backups" /var/backups',
  'if [ "$2" = start ]; then /etc/init.d/xrdp start </dev/null >/dev/null 2>&1 || echo "xrdp init script failed" >&2; fi',
  'exec /usr/sbin/sshd -D -e -f "$1/sshd/sshd_config"',
].join('\n');

function run(argv: string[], input?: string): string {
  return execFileSync(argv[0] as string, argv.slice(1), { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

export async function startXrdpServiceHost(opts: XrdpServiceHostOptions = {}): Promise<XrdpServiceHost> {
  const host = nextAddress();
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-svchost-'));
  chmodSync(dir, 0o755);
  const etc = path.join(dir, 'etc');
  cpSync('/etc', etc, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  // cpSync keeps modes but not owners (we are root: the copies are root's; restore xrdp's own files' owners)
  for (const line of run([
    'find',
    '/etc',
    '-not',
    '-user',
    'root',
    '-o',
    '-not',
    '-group',
    'root',
    '-printf',
    '%U:%G\t%p\n',
  ])
    .split('\n')
    .filter(Boolean)) {
    const [ids, p] = line.split('\t') as [string, string];
    const [u, g] = ids.split(':').map(Number) as [number, number];
    try {
      chownSync(path.join(etc, path.relative('/etc', p)), u, g);
    } catch {
      // a file gone meanwhile
    }
  }
  const x = path.join(etc, 'xrdp');
  const cert: TestCert = makeCert({ cn: 'xrdp-host.test', sans: ['xrdp-host.test'] });
  const keyName = opts.keyFileName ?? 'key.pem';
  if (keyName.includes('/') || /[\r\n]/.test(keyName)) throw new Error('keyFileName is one file name on one line');
  const keyFile = path.join(x, keyName);
  if (!opts.debianKey) {
    rmSync(path.join(x, 'cert.pem'), { force: true });
    rmSync(path.join(x, 'key.pem'), { force: true });
    writeFileSync(path.join(x, 'cert.pem'), cert.certPem, { mode: 0o644 });
    writeFileSync(keyFile, cert.keyPem, { mode: 0o600 });
    chownSync(keyFile, 0, 0);
  }
  if (opts.debianKey) {
    // as Debian ships it: xrdp is not in ssl-cert, so it cannot read the snakeoil key
    const group = path.join(etc, 'group');
    writeFileSync(
      group,
      readFileSync(group, 'utf8').replace(
        /^(ssl-cert:[^:]*:\d+:)(.*)$/m,
        (_, head: string, members: string) =>
          head +
          members
            .split(',')
            .filter((m) => m && m !== 'xrdp')
            .join(','),
      ),
    );
  } else if (opts.keyGroup) {
    const gid = Number(run(['getent', 'group', opts.keyGroup.group]).split(':')[2]);
    chownSync(keyFile, 0, gid);
    chmodSync(keyFile, opts.keyGroup.mode);
  } else if (!opts.unreadableKey) {
    // readable by xrdp: its own group
    chownSync(keyFile, 0, Number(run(['id', '-g', 'xrdp']).trim()));
    chmodSync(keyFile, 0o640);
  }
  const ini = [
    '[Globals]',
    'ini_version=1',
    'fork=true',
    `port=tcp://${host}:${SERVICE_HOST_RDP_PORT}`,
    `security_layer=${opts.securityLayer ?? 'negotiate'}`,
    'crypt_level=high',
    'certificate=',
    `key_file=${keyName === 'key.pem' ? '' : `/etc/xrdp/${keyName}`}`,
    `ssl_protocols=${opts.sslProtocols ?? 'TLSv1.2, TLSv1.3'}`,
    '[Logging]',
    'LogFile=xrdp.log',
    'LogLevel=DEBUG',
    'EnableSyslog=false',
    '[Xorg]',
    'name=Xorg',
    'lib=libxup.so',
    'username=ask',
    'password=ask',
    'ip=127.0.0.1',
    'port=-1',
    '',
  ].join('\n');
  writeFileSync(path.join(x, 'xrdp.ini'), Buffer.concat([Buffer.from(ini, 'latin1'), opts.iniTail ?? Buffer.alloc(0)]));
  // sesman on this host's address, not the machine's 127.0.0.1:3350
  const sesman = readFileSync(path.join(x, 'sesman.ini'), 'utf8').replace(
    /^ListenAddress=.*$/m,
    `ListenAddress=${host}`,
  );
  writeFileSync(path.join(x, 'sesman.ini'), sesman);

  const log = path.join(dir, 'log');
  mkdirSync(log, { mode: 0o755 });
  const xrdpLog = path.join(log, 'xrdp.log');
  writeFileSync(xrdpLog, '', { mode: 0o640 });
  chownSync(xrdpLog, Number(run(['id', '-u', 'xrdp']).trim()), Number(run(['getent', 'group', 'adm']).split(':')[2]));
  mkdirSync(path.join(dir, 'backups'), { mode: 0o755 });

  const sshdDir = path.join(dir, 'sshd');
  mkdirSync(sshdDir, { mode: 0o700 });
  const hostKey = path.join(sshdDir, 'host_ed25519');
  const clientKey = path.join(sshdDir, 'client_ed25519');
  run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-m', 'PEM', '-f', clientKey]);
  // every account's key in a world-readable folder (sshd reads it as that user)
  const keysDir = path.join(dir, 'keys');
  mkdirSync(keysDir, { mode: 0o755 });
  chmodSync(keysDir, 0o755);
  const pub = readFileSync(`${clientKey}.pub`);
  const users = opts.users ?? [];
  for (const u of [{ name: 'root' }, ...users]) writeFileSync(path.join(keysDir, u.name), pub, { mode: 0o644 });
  for (const u of users) {
    if (!/^rdpdoc-[a-z0-9-]+$/.test(u.name)) throw new Error(`test users are named rdpdoc-…: ${u.name}`);
    if (u.sudo !== 'none') {
      const rule = `${u.name} ALL=(ALL:ALL) ${u.sudo === 'nopasswd' ? 'NOPASSWD: ' : ''}ALL\n`;
      writeFileSync(path.join(etc, 'sudoers.d', u.name), rule, { mode: 0o440 });
    }
  }
  writeFileSync(
    path.join(sshdDir, 'sshd_config'),
    [
      `ListenAddress ${host}:22`,
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${keysDir}/%u`,
      `PidFile /run/sshd.pid`,
      `PasswordAuthentication ${users.length ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'Subsystem sftp internal-sftp',
      'UsePAM no',
      '',
    ].join('\n'),
  );

  const proc = spawnPeer('unshare', [
    '--mount',
    '--pid',
    '--fork',
    '--mount-proc',
    '--propagation',
    'private',
    '--kill-child',
    'sh',
    '-c',
    BOOT,
    'rdpdoc-host',
    dir,
    opts.startXrdp === false ? 'no' : 'start',
  ]);
  // PID 1 of the host, as the machine sees it: the child of unshare
  const pid1 = (): number => {
    const child = run(['pgrep', '-P', String(proc.child.pid)])
      .trim()
      .split('\n')[0];
    return Number(child);
  };
  const exec = (argv: string[], input?: string): string =>
    run(['nsenter', '--target', String(pid1()), '--mount', '--pid', '--', ...argv], input);
  try {
    await waitForPort(host, 22, 15_000, proc);
    if (opts.startXrdp !== false) await waitForPort(host, SERVICE_HOST_RDP_PORT, 20_000, proc);
    for (const u of users) {
      exec(['useradd', '--create-home', '--shell', '/bin/sh', u.name]);
      // the password on stdin, never on a command line
      exec(['chpasswd'], `${u.name}:${u.password}\n`);
    }
  } catch (err) {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const fingerprint = run(['ssh-keygen', '-l', '-E', 'sha256', '-f', `${hostKey}.pub`]).split(' ')[1] ?? '';
  const sshd: SshdPeer = {
    kind: 'sshd',
    host,
    port: 22,
    target: `${host}:22`,
    dir: sshdDir,
    user: 'root',
    clientKeyPem: readFileSync(clientKey, 'utf8'),
    hostKeyFingerprint: fingerprint,
    log: () => proc.output(),
    stop: async () => undefined,
  };
  return {
    host,
    port: SERVICE_HOST_RDP_PORT,
    target: `${host}:${SERVICE_HOST_RDP_PORT}`,
    sshd,
    dir,
    pid1,
    outside: (inside: string) => {
      const tops: Array<[string, string]> = [
        ['/etc/', 'etc'],
        ['/var/log/', 'log'],
        ['/var/backups/', 'backups'],
      ];
      for (const [prefix, sub] of tops)
        if (inside.startsWith(prefix)) return path.join(dir, sub, inside.slice(prefix.length));
      throw new Error(`${inside} is not in the host's own folders`);
    },
    exec,
    log: () => {
      try {
        return `${readFileSync(xrdpLog, 'utf8')}\n${proc.output()}`;
      } catch {
        return proc.output();
      }
    },
    stop: async () => {
      await proc.stop();
      for (const u of users) {
        // the users lived in the host's copy of /etc; their homes in the machine's /home
        rmSync(path.join('/home', u.name), { recursive: true, force: true });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
