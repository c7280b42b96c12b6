/**
 * The lock that older versions of the harness took around Debian's machine-wide xrdp service: they ran
 * `/etc/init.d/xrdp stop` outside any namespace, which kills every /usr/sbin/xrdp on the machine (the
 * namespaced hosts' too) and bound port 3389 on every address. While such a harness may still run on this
 * machine (another checkout), the namespaced hosts hold the same lock. Counted per process: the first host
 * takes it, the last one to stop gives it back. An exclusive file (O_EXCL) with the holder's pid; a lock
 * whose holder is dead is stale and taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export const STOCK_LOCK = '/run/lock/rdpdoc-stock-xrdp.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let holders = 0;

export async function acquireStockLock(timeoutMs = 180_000): Promise<void> {
  if (holders > 0) {
    holders += 1;
    return;
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(STOCK_LOCK, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      holders += 1;
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
    if (holder === process.pid) {
      holders += 1; // a lock of ours survived a crashed test in this process
      return;
    }
    if (!Number.isInteger(holder) || holder <= 0 || !alive(holder)) {
      rmSync(STOCK_LOCK, { force: true }); // stale: its holder is gone
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the stock xrdp is in use by pid ${holder} (${STOCK_LOCK})`);
    await sleep(500);
  }
}

export function releaseStockLock(): void {
  if (holders === 0) return;
  holders -= 1;
  if (holders > 0) return;
  try {
    if (readFileSync(STOCK_LOCK, 'utf8').trim() === String(process.pid)) rmSync(STOCK_LOCK, { force: true });
  } catch {
    // already gone
  }
}
