/**
 * FreeRDP's shadow server as a real NLA (CredSSP/NTLM) peer: `/sec:nla +auth /sam-file:F` under Xvfb.
 * Its SAM file is made with `winpr-hash -f sam`, one line per user. It answers any request for TLS or
 * Standard RDP with RDP_NEG_FAILURE HYBRID_REQUIRED_BY_SERVER.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, nextLoopbackAddress, type Spawned, spawnPeer, waitForPort } from './process';
import type { Peer } from './types';
import { type Display, startXvfb } from './xvfb';

export interface ShadowUser {
  user: string;
  password: string;
  domain?: string;
}

export interface ShadowOptions {
  users: ShadowUser[];
  /** rdp | tls | nla | ext; default nla */
  sec?: 'rdp' | 'tls' | 'nla' | 'ext';
  host?: string;
}

export function samLine(u: ShadowUser): string {
  const args = ['-u', u.user, '-p', u.password, '-f', 'sam'];
  if (u.domain) args.push('-d', u.domain);
  return execFileSync('winpr-hash', args, { encoding: 'utf8' }).trim();
}

export async function startShadow(opts: ShadowOptions): Promise<Peer> {
  const host = opts.host ?? nextLoopbackAddress();
  const port = await freePort(host === '::1' ? '::1' : '127.0.0.1');
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-shadow-'));
  const samFile = path.join(dir, 'sam');
  writeFileSync(samFile, `${opts.users.map(samLine).join('\n')}\n`, { mode: 0o600 });
  const bind = host.includes(':') ? `[${host}]` : host;
  const args = [`/port:${port}`, `/bind-address:${bind}`, `/sec:${opts.sec ?? 'nla'}`, `/sam-file:${samFile}`];
  if ((opts.sec ?? 'nla') === 'nla' || opts.sec === 'ext') args.push('+auth');
  // Seen here once: the shadow server could not open a display Xvfb had just reported ready. Retry
  // with a fresh display rather than fail the test file.
  for (let attempt = 1; ; attempt++) {
    const x = await startXvfb();
    // HOME points at the private folder: the shadow server writes its generated certificate there.
    const proc = spawnPeer('freerdp-shadow-cli', args, {
      cwd: dir,
      env: { ...process.env, DISPLAY: x.display, HOME: dir, XDG_CONFIG_HOME: dir },
    });
    try {
      await waitForPort(host, port, 15_000, proc);
    } catch (err) {
      await proc.stop();
      await x.stop();
      if (attempt < 3 && /open display/.test(proc.output())) continue;
      throw err;
    }
    return shadowPeer(host, port, dir, proc, x);
  }
}

function shadowPeer(host: string, port: number, dir: string, proc: Spawned, x: Display): Peer {
  return {
    kind: 'shadow',
    host,
    port,
    target: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    dir,
    log: () => proc.output(),
    stop: async () => {
      await proc.stop();
      await x.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
