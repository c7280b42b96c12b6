/**
 * Debian's own xrdp, started by its own init script (`/etc/init.d/xrdp start`): it runs as user xrdp, which
 * out of the box is not in group ssl-cert, so it cannot read /etc/xrdp/key.pem (→ the snakeoil key,
 * root:ssl-cert 0640) and falls back to Standard RDP Security. Listens on port 3389 (all addresses).
 *
 * One machine-wide service, so one test at a time: an exclusive lock file (O_EXCL, with the holder's pid;
 * a lock whose holder is dead is stale and taken over). `stop()` puts the machine back as it was found:
 * service stopped, xrdp.ini byte-identical, ssl-cert membership as before, files a fix created removed.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { findBinary } from './availability';
import { waitForPort } from './process';

export const STOCK_LOCK = '/run/lock/rdpdoc-stock-xrdp.lock';
export const STOCK_INI = '/etc/xrdp/xrdp.ini';
export const STOCK_PORT = 3389;

export interface StockXrdp {
  /** what the technician types: 127.0.0.1:3389 */
  target: string;
  host: string;
  port: number;
  /** xrdp.ini's bytes when the test started */
  iniBytes: Buffer;
  /** members of ssl-cert when the test started */
  sslCertMembers: string[];
  /** is xrdp in group ssl-cert right now? */
  xrdpInSslCert(): boolean;
  /** starts the service again (after a test stopped it) */
  start(): Promise<void>;
  log(): string;
  stop(): Promise<void>;
}

/** Why the stock xrdp cannot be used here, or null. */
export function stockXrdpMissing(): string | null {
  if (!findBinary('xrdp')) return 'there is no xrdp (apt-get install xrdp)';
  try {
    readFileSync('/etc/init.d/xrdp');
  } catch {
    return 'there is no /etc/init.d/xrdp (Debian xrdp package)';
  }
  if (process.getuid?.() !== 0) return 'the stock xrdp test needs root (it starts a system service)';
  return null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function lock(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(STOCK_LOCK, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(STOCK_LOCK, 'utf8').trim());
    } catch {
      continue; // released between our two calls
    }
    if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
      rmSync(STOCK_LOCK, { force: true }); // stale: its holder is gone
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the stock xrdp is in use by pid ${holder} (${STOCK_LOCK})`);
    await sleep(500);
  }
}

function unlock(): void {
  try {
    if (readFileSync(STOCK_LOCK, 'utf8').trim() === String(process.pid)) rmSync(STOCK_LOCK, { force: true });
  } catch {
    // already gone
  }
}

function sslCertMembers(): string[] {
  const line = execFileSync('getent', ['group', 'ssl-cert'], { encoding: 'utf8' }).trim();
  return (line.split(':')[3] ?? '').split(',').filter(Boolean);
}

function initScript(action: 'start' | 'stop'): void {
  execFileSync('/etc/init.d/xrdp', [action], { stdio: 'ignore', timeout: 60_000 });
}

function setXrdpInSslCert(member: boolean): void {
  const now = sslCertMembers().includes('xrdp');
  if (now === member) return;
  execFileSync('gpasswd', member ? ['-a', 'xrdp', 'ssl-cert'] : ['-d', 'xrdp', 'ssl-cert'], { stdio: 'ignore' });
}

/** Starts the stock xrdp in its out-of-the-box broken state; waits up to `lockTimeoutMs` for the lock. */
export async function startStockXrdp(opts: { lockTimeoutMs?: number } = {}): Promise<StockXrdp> {
  await lock(opts.lockTimeoutMs ?? 180_000);
  const iniBytes = readFileSync(STOCK_INI);
  const members = sslCertMembers();
  const logStart = (() => {
    try {
      return readFileSync('/var/log/xrdp.log').length;
    } catch {
      return 0;
    }
  })();
  const start = async () => {
    initScript('start');
    await waitForPort('127.0.0.1', STOCK_PORT, 20_000);
  };
  try {
    initScript('stop');
    setXrdpInSslCert(false); // the stock state: xrdp cannot read the snakeoil key
    await start();
  } catch (err) {
    unlock();
    throw err;
  }
  return {
    target: `127.0.0.1:${STOCK_PORT}`,
    host: '127.0.0.1',
    port: STOCK_PORT,
    iniBytes,
    sslCertMembers: members,
    xrdpInSslCert: () => sslCertMembers().includes('xrdp'),
    start,
    log: () => {
      try {
        return readFileSync('/var/log/xrdp.log').subarray(logStart).toString('utf8');
      } catch {
        return '';
      }
    },
    stop: async () => {
      try {
        initScript('stop');
      } finally {
        writeFileSync(STOCK_INI, iniBytes);
        setXrdpInSslCert(members.includes('xrdp'));
        for (const f of readdirSync('/etc/xrdp'))
          if (f.startsWith('rdp-doctor-')) rmSync(`/etc/xrdp/${f}`, { force: true });
        unlock();
      }
    },
  };
}
