/**
 * An independent real Debian host per test (issue 17): its own mount and PID namespace
 * (`unshare --mount --pid --fork --mount-proc`) whose init (PID 1, a small sh script, then a perl reaper)
 * - bind-mounts a private copy of /etc over /etc: users, groups, sudoers, xrdp.ini, the ssh config and every
 *   change a fix makes there stay inside;
 * - mounts a tmpfs on /run (with /run/lock, and /run/xrdp root:xrdp 2775 as the package leaves it, so a host
 *   whose xrdp is stopped has it too), /var/log (xrdp.log xrdp:adm 0640 and xrdp-sesman.log root:adm
 *   0640, as the package's postinst makes them), /var/backups, /home, /root, /tmp and /var/tmp, and a
 *   private overlay on /var/lib (dpkg's database stays readable, writes stay inside);
 * - starts its own sshd on its own address 127.34.N.1 (a host key made for this host; the client key is
 *   authorised for root and for the `rdpdoc-…` users it is given) and then xrdp with Debian's own
 *   `/etc/init.d/xrdp start`, bound to that address by xrdp.ini (`port=tcp://127.34.N.1:3389`; sesman on
 *   the same address).
 * The init script inside sees only this host's processes (its own /proc), so it never stops the machine's
 * xrdp nor another host's. stop() kills PID 1 — the kernel then kills everything in the namespace, and the
 * mounts go with it — and removes the folder. Nothing outside changes.
 *
 * The reaper matters: the init script's stop waits until the old xrdp is gone from /proc, so an orphaned
 * daemon that exits must be reaped at once, as a real init does.
 */
import { type ChildProcess, execFileSync, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyLiveFaults, type HostFault, prepareFaults, setIniKey } from './hostFaults';
import { freePort, spawnPeer, waitForPort } from './process';
import { type SshdPeer, sshdConfig } from './sshd';

export { type HostFault, setIniKey } from './hostFaults';

export interface HostUser {
  /** rdpdoc-… */
  name: string;
  password: string;
  sudo: 'password' | 'nopasswd' | 'none';
}

export interface DebianHostOptions {
  /** one fault, or several at once (e.g. security-layer-rdp and tls1-only: two ini phases in one job) */
  fault?: HostFault | HostFault[];
  users?: HostUser[];
  /** the xrdp port wanted (default 3389; another free port when it is taken, e.g. by a machine-wide xrdp on
   * 0.0.0.0:3389, which Linux lets no other socket share) */
  xrdpPort?: number;
  /** the key file's name in /etc/xrdp for the faults that write their own key (see hostFaults.ts) */
  keyFileName?: string;
  /** a last change to the host's private /etc (its path outside), after the faults and before anything starts */
  prepare?: (etc: string) => void;
}

export interface DebianHost {
  /** 127.34.N.1 */
  host: string;
  /** xrdp's port (3389 unless taken) */
  port: number;
  /** what the technician types: 127.34.N.1:3389 */
  target: string;
  sshPort: number;
  /** the host's sshd as a peer: root signs in with `clientKeyPem` (it ends with the host) */
  sshd: SshdPeer;
  /** `--ssh` for the CLI: root@127.34.N.1:22 (or user@…) */
  ssh(user?: string): string;
  /** the client's private key (PEM) and a 0600 file holding it, for `--identity` */
  clientKeyPem: string;
  identityFile: string;
  /** SHA256:… of this host's own SSH host key */
  hostKeyFingerprint: string;
  faults: HostFault[];
  /** PID 1 of the host, as the machine sees it */
  initPid: number;
  /** xrdp.ini's bytes when the host came up (fault applied) */
  iniBytes: Buffer;
  /** a path inside the host, reachable from outside (/proc/PID/root/…) */
  path(inside: string): string;
  readFile(inside: string): Buffer;
  /** runs a command inside the host as root (or as `user`), synchronously */
  exec(
    cmd: string,
    args: string[],
    opts?: { user?: string; input?: string; timeoutMs?: number },
  ): SpawnSyncReturns<string>;
  /** starts a long-running process inside the host (as `user`); it ends with the host */
  spawn(cmd: string, args: string[], opts?: { user?: string }): ChildProcess;
  /** members of a group inside the host */
  groupMembers(group: string): string[];
  /** the pid of what listens on the xrdp address and port, or null: as the machine sees it, or as the host
   * does (the pids its own scripts print) */
  listenerPid(view?: 'machine' | 'host'): number | null;
  /** Debian's init script inside this host */
  service(action: 'start' | 'stop' | 'restart'): SpawnSyncReturns<string>;
  /** waits until xrdp answers on its address and port */
  waitForXrdp(ms?: number): Promise<void>;
  /** xrdp.log inside the host */
  log(): string;
  stop(): Promise<void>;
}

const INIT = `set -eu
D=$0 START_XRDP=$1
mount --bind "$D/etc" /etc
mount -t tmpfs -o mode=0755 rdpdoc-run /run
mkdir -p /run/lock /run/sshd /run/xrdp
chmod 1777 /run/lock
chown root:xrdp /run/xrdp
chmod 2775 /run/xrdp
mount -t tmpfs -o mode=0755 rdpdoc-log /var/log
touch /var/log/xrdp.log /var/log/xrdp-sesman.log
chown xrdp:adm /var/log/xrdp.log
chown root:adm /var/log/xrdp-sesman.log
chmod 0640 /var/log/xrdp.log /var/log/xrdp-sesman.log
mount -t overlay rdpdoc-varlib -o "lowerdir=/var/lib,upperdir=$D/varlib/upper,workdir=$D/varlib/work" /var/lib
mount -t tmpfs -o mode=0755 rdpdoc-backups /var/backups
mount -t tmpfs -o mode=0755 rdpdoc-home /home
mount -t tmpfs -o mode=0700 rdpdoc-root /root
mount -t tmpfs -o mode=1777 rdpdoc-vartmp /var/tmp
mount -t tmpfs -o mode=1777 rdpdoc-tmp /tmp
/usr/sbin/sshd -f /etc/ssh/sshd_config
if [ "$START_XRDP" = yes ]; then /etc/init.d/xrdp start; fi
echo rdpdoc-host-ready
exec perl -e '$SIG{TERM} = sub { exit 0 }; while (1) { sleep 1 if waitpid(-1, 0) == -1 }'
`;

function canBind(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

async function portOn(host: string, wanted: number): Promise<number> {
  return (await canBind(host, wanted)) ? wanted : freePort(host);
}

/** the local addresses something listens on by name (a listener on 0.0.0.0 holds no address of its own) */
function listeningAddresses(): Set<string> {
  const out = spawnSync('ss', ['-ltnH'], { encoding: 'utf8' }).stdout ?? '';
  return new Set(out.split('\n').map((l) => (l.trim().split(/\s+/)[3] ?? '').replace(/:\d+$/, '')));
}

/**
 * 127.34.N.1 for N in 1…249 (127.34.250.1 is the lived-in test's machine xrdp), starting at a place derived from
 * the pid, skipping addresses another host (of any process) listens on. Ports taken by a listener on every
 * address are left to portOn.
 */
let counter = 0;
const used = new Set<string>();
function nextAddress(): string {
  const busy = listeningAddresses();
  for (let tries = 0; tries < 249; tries++) {
    counter += 1;
    const host = `127.34.${1 + ((process.pid * 7 + counter) % 249)}.1`;
    if (used.has(host) || busy.has(host)) continue;
    used.add(host);
    return host;
  }
  throw new Error('no free address in 127.34.*.1 (something listens on every one)');
}

export async function startDebianHost(opts: DebianHostOptions = {}): Promise<DebianHost> {
  const faults = Array.isArray(opts.fault) ? opts.fault : [opts.fault ?? 'stock'];
  const stoppedXrdp = faults.includes('stopped');
  const host = nextAddress();
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-host-'));
  chmodSync(dir, 0o700);
  let spawned: ReturnType<typeof spawnPeer> | null = null;
  const cleanup = async () => {
    await spawned?.stop();
    rmSync(dir, { recursive: true, force: true });
    used.delete(host);
  };
  try {
    const etc = path.join(dir, 'etc');
    execFileSync('cp', ['-a', '/etc', etc]);
    mkdirSync(path.join(dir, 'varlib/upper'), { recursive: true });
    mkdirSync(path.join(dir, 'varlib/work'), { recursive: true });
    const port = await portOn(host, opts.xrdpPort ?? 3389);
    const sshPort = await portOn(host, 22);
    const sesmanPort = await portOn(host, 3350);

    // ssh: a host key of its own (not the machine's), the client key for root and the test users
    for (const f of readdirSync(path.join(etc, 'ssh')))
      if (f.startsWith('ssh_host_')) rmSync(path.join(etc, 'ssh', f), { force: true });
    const hostKey = path.join(etc, 'ssh/ssh_host_ed25519_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `rdpdoc-host-${host}`, '-f', hostKey]);
    const clientKey = path.join(dir, 'client_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-m', 'PEM', '-f', clientKey]);
    const keysDir = path.join(etc, 'ssh/rdpdoc-authorized');
    mkdirSync(keysDir, { mode: 0o755 });
    const pub = readFileSync(`${clientKey}.pub`);
    const users = opts.users ?? [];
    for (const u of ['root', ...users.map((x) => x.name)]) writeFileSync(path.join(keysDir, u), pub, { mode: 0o644 });
    rmSync(path.join(etc, 'ssh/sshd_config.d'), { recursive: true, force: true });
    writeFileSync(
      path.join(etc, 'ssh/sshd_config'),
      sshdConfig({
        listen: `${host}:${sshPort}`,
        hostKey: '/etc/ssh/ssh_host_ed25519_key',
        authorizedKeys: '/etc/ssh/rdpdoc-authorized/%u',
        pidFile: '/run/sshd.pid',
        passwords: users.length > 0,
      }),
    );
    for (const u of users) {
      if (!/^rdpdoc-[a-z0-9-]+$/.test(u.name)) throw new Error(`test users are named rdpdoc-…: ${u.name}`);
      if (u.sudo !== 'none') {
        const rule = `${u.name} ALL=(ALL:ALL) ${u.sudo === 'nopasswd' ? 'NOPASSWD: ' : ''}ALL\n`;
        writeFileSync(path.join(etc, 'sudoers.d', u.name), rule, { mode: 0o440 });
      }
    }

    // xrdp bound to this host's address; sesman too
    const iniFile = path.join(etc, 'xrdp/xrdp.ini');
    writeFileSync(
      iniFile,
      setIniKey(readFileSync(iniFile, 'latin1'), 'Globals', 'port', `tcp://${host}:${port}`),
      'latin1',
    );
    const sesman = path.join(etc, 'xrdp/sesman.ini');
    let sesmanText = readFileSync(sesman, 'latin1');
    sesmanText = setIniKey(sesmanText, 'Globals', 'ListenAddress', host);
    sesmanText = setIniKey(sesmanText, 'Globals', 'ListenPort', String(sesmanPort));
    writeFileSync(sesman, sesmanText, 'latin1');
    prepareFaults(etc, faults, host, { keyFileName: opts.keyFileName });
    opts.prepare?.(etc);
    const iniBytes = readFileSync(iniFile);

    spawned = spawnPeer('unshare', [
      '--mount',
      '--pid',
      '--fork',
      '--mount-proc',
      '--',
      'sh',
      '-c',
      INIT,
      dir,
      stoppedXrdp ? 'no' : 'yes',
    ]);
    const proc = spawned;
    const unsharePid = proc.child.pid as number;
    const until = Date.now() + 20_000;
    while (!proc.output().includes('rdpdoc-host-ready')) {
      if (proc.child.exitCode !== null || Date.now() > until)
        throw new Error(`the Debian host on ${host} did not come up:\n${proc.output()}`);
      await sleep(25);
    }
    const initPid = Number(
      readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(/\s+/)[0],
    );
    if (!Number.isInteger(initPid) || initPid <= 0) throw new Error('cannot find the host init');
    const nsenter = (args: string[], user?: string): string[] => [
      '-t',
      String(initPid),
      '-m',
      '-p',
      '--',
      ...(user ? ['runuser', '-u', user, '--'] : []),
      ...args,
    ];
    const exec: DebianHost['exec'] = (cmd, args, o = {}) =>
      spawnSync('nsenter', nsenter([cmd, ...args], o.user), {
        input: o.input,
        encoding: 'utf8',
        timeout: o.timeoutMs ?? 90_000,
      });
    const must = (cmd: string, args: string[], input?: string) => {
      const r = exec(cmd, args, { input });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} in host ${host}: ${r.stderr}${r.stdout}`);
    };
    for (const u of users) {
      must('useradd', ['--create-home', '--shell', '/bin/sh', u.name]);
      must('chpasswd', [], `${u.name}:${u.password}\n`); // the password on stdin, never on a command line
    }
    await waitForPort(host, sshPort, 10_000, proc);
    const waitForXrdp = (ms = 20_000) => waitForPort(host, port, ms);
    if (!stoppedXrdp) await waitForXrdp();
    applyLiveFaults(faults, exec);
    const fingerprint =
      execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).split(' ')[1] ??
      '';
    const inside = (p: string) => `/proc/${initPid}/root${p}`;
    const clientKeyPem = readFileSync(clientKey, 'utf8');
    let stopped = false;
    return {
      host,
      port,
      target: `${host}:${port}`,
      sshPort,
      sshd: {
        kind: 'sshd',
        host,
        port: sshPort,
        target: `${host}:${sshPort}`,
        user: 'root',
        clientKeyPem,
        hostKeyFingerprint: fingerprint,
        log: () => '',
        stop: async () => undefined,
      },
      ssh: (user = 'root') => `${user}@${host}:${sshPort}`,
      clientKeyPem,
      identityFile: clientKey,
      hostKeyFingerprint: fingerprint,
      faults,
      initPid,
      iniBytes,
      path: inside,
      readFile: (p) => readFileSync(inside(p)),
      exec,
      spawn: (cmd, args, o = {}) =>
        spawn('nsenter', nsenter([cmd, ...args], o.user), { stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
      groupMembers: (group) => {
        const line = readFileSync(inside('/etc/group'), 'utf8')
          .split('\n')
          .find((l) => l.startsWith(`${group}:`));
        return (line?.split(':')[3] ?? '').split(',').filter(Boolean);
      },
      listenerPid: (view = 'machine') => {
        const ss = ['-ltnpH', `src ${host}:${port}`];
        const out = (view === 'host' ? exec('ss', ss) : spawnSync('ss', ss, { encoding: 'utf8' })).stdout;
        const m = /pid=(\d+)/.exec(out);
        return m ? Number(m[1]) : null;
      },
      service: (action) => exec('/etc/init.d/xrdp', [action]),
      waitForXrdp,
      log: () => {
        try {
          return readFileSync(inside('/var/log/xrdp.log'), 'utf8');
        } catch {
          return '';
        }
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          process.kill(initPid, 'SIGKILL'); // PID 1 gone: the kernel kills the whole namespace
        } catch {
          // already gone
        }
        await cleanup();
      },
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
