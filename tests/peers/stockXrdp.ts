/**
 * Debian's own xrdp, out of the box, started by its own init script (`/etc/init.d/xrdp start`) — inside an
 * independent Debian host of its own (tests/peers/debianHost.ts: a mount + PID namespace with a private copy
 * of /etc, its own /run, /var/log and sshd on 127.34.N.1). It runs as user xrdp, which out of the box is not
 * in group ssl-cert, so it cannot read /etc/xrdp/key.pem (→ the snakeoil key, root:ssl-cert 0640) and falls
 * back to Standard RDP Security.
 *
 * Issue 23: the machine's own xrdp service, sshd and their files are never stopped, restarted or changed —
 * the init script inside the host sees only the host's processes, and every file a fix changes is the
 * host's private copy. stop() ends the namespace; nothing outside needs putting back.
 */
import type { SpawnSyncReturns } from 'node:child_process';
import { missingFor } from './availability';
import { type DebianHost, type HostUser, startDebianHost } from './debianHost';
import type { SshdPeer } from './sshd';

/** xrdp.ini's path inside the stock host (read it from outside with `stock.path(STOCK_INI)`) */
export const STOCK_INI = '/etc/xrdp/xrdp.ini';
export const STOCK_PORT = 3389;

export interface StockXrdp {
  /** what the technician types: 127.34.N.1:3389 */
  target: string;
  host: string;
  port: number;
  /** xrdp.ini's bytes when the test started */
  iniBytes: Buffer;
  /** members of ssl-cert (inside the host) when the test started */
  sslCertMembers: string[];
  /** is xrdp in group ssl-cert (inside the host) right now? */
  xrdpInSslCert(): boolean;
  /** the host's own sshd: root signs in with `clientKeyPem`, the users asked for with key or password */
  sshd: SshdPeer;
  /** the whole host: paths inside it, commands inside it, its init script */
  debian: DebianHost;
  /** a path inside the host, readable from outside */
  path(inside: string): string;
  /** runs a command inside the host as root */
  exec(cmd: string, args: string[], opts?: { input?: string; timeoutMs?: number }): SpawnSyncReturns<string>;
  /** starts the service again (after a test stopped it) */
  start(): Promise<void>;
  log(): string;
  stop(): Promise<void>;
}

/** Why the stock host cannot run here (with what to install), or null. */
export function stockXrdpMissing(): string | null {
  return missingFor(['debian-host']);
}

/** Starts the stock host in its out-of-the-box broken state. */
export async function startStockXrdp(opts: { users?: HostUser[] } = {}): Promise<StockXrdp> {
  const debian = await startDebianHost({ fault: 'stock', users: opts.users ?? [] });
  const sslCertMembers = debian.groupMembers('ssl-cert');
  return {
    target: debian.target,
    host: debian.host,
    port: debian.port,
    iniBytes: debian.iniBytes,
    sslCertMembers,
    xrdpInSslCert: () => debian.groupMembers('ssl-cert').includes('xrdp'),
    sshd: debian.sshd,
    debian,
    path: debian.path,
    exec: (cmd, args, o = {}) => debian.exec(cmd, args, o),
    start: async () => {
      const r = debian.service('start');
      if (r.status !== 0) throw new Error(`/etc/init.d/xrdp start failed in ${debian.host}: ${r.stderr}`);
      await debian.waitForXrdp();
    },
    log: debian.log,
    stop: debian.stop,
  };
}
