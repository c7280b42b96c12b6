// Issue 23: the stock-host suite on a lived-in machine — Debian's own xrdp service already running on it.
// The machine's xrdp is either the one already running here (when something listens on port 3389 on every
// address; then the stock host's xrdp takes another port, as Linux lets no socket share a wildcard's port) or one started for this test the way the service starts it: Debian's own `/etc/init.d/xrdp start`
// in the machine's PID namespace (so every start-stop-daemon outside a namespace sees it), with only its
// files private (a mount namespace binding its own xrdp.ini on 127.34.250.1, sesman.ini, /run and logs),
// so nothing of the machine's configuration changes. Then the stock host (its own namespace) is fixed and
// undone through the CLI and its init script is driven directly; afterwards the machine's xrdp runs with the
// same PID, and the machine's users, groups, sudoers files and xrdp files are as they were.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needPeers, setIniKey, startStockXrdp, waitForPort } from '../peers';
import { builtCliMissing, rdpDoctor } from '../peers/rdpDoctorCli';

const { skip } = needPeers(['debian-host'], 'fix-xrdp-matrix-lived-in.test.ts');
const cliMissing = skip ? null : builtCliMissing();
if (cliMissing && process.env.CI === 'true') throw new Error(`fix-xrdp-matrix-lived-in.test.ts: ${cliMissing}`);
if (cliMissing) console.warn(`[skipped] fix-xrdp-matrix-lived-in.test.ts: ${cliMissing}`);

const MACHINE_ADDRESS = '127.34.250.1';

/** pid of whatever listens on port 3389 on every address (the machine's own service), or null */
function wildcardXrdpPid(): number | null {
  const out = spawnSync('ss', ['-ltnpH', 'sport = :3389'], { encoding: 'utf8' }).stdout;
  for (const line of out.split('\n')) {
    const local = line.trim().split(/\s+/)[3] ?? '';
    if (/^(0\.0\.0\.0|\*|\[::\]|\[::ffff:0\.0\.0\.0\]):3389$/.test(local)) {
      const m = /pid=(\d+)/.exec(line);
      if (m) return Number(m[1]);
    }
  }
  return null;
}

function listenerPid(host: string, port: number): number | null {
  const out = spawnSync('ss', ['-ltnpH', `src ${host}:${port}`], { encoding: 'utf8' }).stdout;
  const m = /pid=(\d+)/.exec(out);
  return m ? Number(m[1]) : null;
}

const sha = (f: string) => {
  try {
    return createHash('sha256').update(readFileSync(f)).digest('hex');
  } catch {
    return '(none)';
  }
};
const HOST_USER = 'rdpdoc-lived';
/** the lines of a colon file for these names */
const entries = (file: string, names: string[]) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => names.includes(l.split(':')[0] as string));
/**
 * What a test run must leave as it found it. Other engineers' tests may add and remove their own users on a
 * shared machine meanwhile, so the accounts are compared by the names this test and the fixes touch.
 */
function machineState() {
  const groups = ['ssl-cert', 'xrdp', 'adm', 'shadow', 'sudo', HOST_USER];
  return {
    passwd: entries('/etc/passwd', ['xrdp', HOST_USER]),
    group: entries('/etc/group', groups),
    gshadow: entries('/etc/gshadow', groups),
    shadow: entries('/etc/shadow', [HOST_USER]),
    files: ['/etc/hosts', '/etc/xrdp/xrdp.ini', '/etc/xrdp/sesman.ini', '/etc/sudoers'].map((f) => [f, sha(f)]),
    sudoers: readdirSync('/etc/sudoers.d').filter((f) => f === HOST_USER),
    etcXrdp: readdirSync('/etc/xrdp').sort(),
  };
}

/** Debian's init script in the machine's PID namespace, its files private; returns xrdp's and sesman's pids. */
async function startMachineXrdp(dir: string): Promise<{ xrdp: number; sesman: number | null }> {
  const ini = setIniKey(
    readFileSync('/etc/xrdp/xrdp.ini', 'latin1'),
    'Globals',
    'port',
    `tcp://${MACHINE_ADDRESS}:3389`,
  );
  writeFileSync(path.join(dir, 'xrdp.ini'), ini, 'latin1');
  let sesman = readFileSync('/etc/xrdp/sesman.ini', 'latin1');
  sesman = setIniKey(sesman, 'Globals', 'ListenAddress', MACHINE_ADDRESS);
  writeFileSync(path.join(dir, 'sesman.ini'), sesman, 'latin1');
  // as the package's postinst makes them: xrdp.log xrdp:adm 0640 (xrdp writes it as user xrdp)
  writeFileSync(path.join(dir, 'xrdp.log'), '', { mode: 0o640 });
  writeFileSync(path.join(dir, 'xrdp-sesman.log'), '', { mode: 0o640 });
  execFileSync('chown', ['xrdp:adm', path.join(dir, 'xrdp.log')]);
  execFileSync('chown', ['root:adm', path.join(dir, 'xrdp-sesman.log')]);
  mkdirSync(path.join(dir, 'run'));
  // the daemons keep this mount namespace alive after the script exits; the pid files are in its /run
  const script = [
    'set -eu',
    'D=$0',
    'mount --bind "$D/xrdp.ini" /etc/xrdp/xrdp.ini',
    'mount --bind "$D/sesman.ini" /etc/xrdp/sesman.ini',
    'mount --bind "$D/xrdp.log" /var/log/xrdp.log',
    'mount --bind "$D/xrdp-sesman.log" /var/log/xrdp-sesman.log',
    'mount --bind "$D/run" /run',
    'mkdir -p /run/lock',
    '/etc/init.d/xrdp start',
  ].join('\n');
  const started = spawnSync('unshare', ['--mount', '--', 'sh', '-c', script, dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000,
  });
  if (started.status !== 0)
    throw new Error(`/etc/init.d/xrdp start (machine namespace) failed: ${started.stderr}${started.stdout}`);
  await waitForPort(MACHINE_ADDRESS, 3389, 20_000);
  const pid = (name: string) => {
    try {
      return Number(readFileSync(path.join(dir, 'run/xrdp', name), 'utf8').trim());
    } catch {
      return null;
    }
  };
  const xrdp = pid('xrdp.pid');
  if (!xrdp) throw new Error('the machine xrdp wrote no pid file');
  return { xrdp, sesman: pid('xrdp-sesman.pid') };
}

describe.skipIf(skip || cliMissing !== null)(
  "the stock-host suite while the machine's own xrdp runs (issue 23)",
  { timeout: 300_000 },
  () => {
    let dir: string;
    let machine: { xrdp: number; sesman: number | null; ours: boolean };
    let stateBefore: ReturnType<typeof machineState>;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-machine-xrdp-'));
      stateBefore = machineState();
      const running = wildcardXrdpPid();
      machine = running
        ? { xrdp: running, sesman: null, ours: false }
        : { ...(await startMachineXrdp(dir)), ours: true };
      console.log(
        `[lived-in] machine xrdp pid ${machine.xrdp} (${machine.ours ? `started here on ${MACHINE_ADDRESS}` : 'already running'})`,
      );
    }, 120_000);

    afterAll(async () => {
      if (machine?.ours) {
        // by pid only: the init script's stop would match every /usr/sbin/xrdp in this PID namespace
        for (const pid of [machine.xrdp, machine.sesman])
          if (pid)
            try {
              process.kill(pid, 'SIGTERM');
            } catch {
              // gone
            }
        await sleep(500);
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('stock host: fix and undo through the CLI, its init script stopped and started; the machine xrdp keeps its PID', async () => {
      const machineListener = () => (machine.ours ? listenerPid(MACHINE_ADDRESS, 3389) : wildcardXrdpPid());
      const before = machineListener();
      expect(before).not.toBeNull();
      const stock = await startStockXrdp({ users: [{ name: HOST_USER, password: 'lived-in-pw', sudo: 'password' }] });
      const data = path.join(dir, 'data');
      mkdirSync(data);
      try {
        const access = [
          '--ssh',
          `root@${stock.sshd.host}:${stock.sshd.port}`,
          '--identity',
          stock.debian.identityFile,
          '--ssh-host-key',
          stock.sshd.hostKeyFingerprint,
        ];
        const fix = await rdpDoctor(['fix', stock.target, ...access, '--yes'], { dataDir: data });
        expect.soft(fix.code, `${fix.out}\n${fix.err}`).toBe(0);
        expect(stock.xrdpInSslCert(), `${fix.out}\n${fix.err}`).toBe(true);
        const undo = await rdpDoctor(['undo', stock.target, ...access, '--yes'], { dataDir: data });
        expect.soft(undo.code, `${undo.out}\n${undo.err}`).toBe(0);
        expect(stock.xrdpInSslCert()).toBe(false);
        expect(readFileSync(stock.path('/etc/xrdp/xrdp.ini')).equals(stock.iniBytes)).toBe(true);
        // the host's own users and sudoers stay inside it
        expect(readFileSync(stock.path('/etc/passwd'), 'utf8')).toMatch(new RegExp(`^${HOST_USER}:`, 'm'));
        expect(readFileSync(stock.path(`/etc/sudoers.d/${HOST_USER}`), 'utf8')).toContain(HOST_USER);
        expect(machineState()).toEqual(stateBefore);
        // Debian's init script inside the host, directly: stop and start
        expect(stock.debian.service('stop').status).toBe(0);
        await stock.start();
      } finally {
        await stock.stop();
      }
      expect(process.kill(machine.xrdp, 0)).toBe(true);
      expect(machineListener()).toBe(before);
      expect(readFileSync(`/proc/${machine.xrdp}/comm`, 'utf8').trim()).toBe('xrdp');
    });

    it("the machine is as it was found: users, groups, sudoers files, /etc/hosts, the machine's xrdp files", () => {
      expect(machineState()).toEqual(stateBefore);
    });
  },
);
