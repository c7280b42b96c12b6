/**
 * xrdp on its own loopback address, configured per test: certificate, key, security_layer, ssl_protocols.
 * `unreadableKey` reproduces the classic fault: xrdp runs as user xrdp and the key file is root-only 0600,
 * so xrdp cannot load it when a client asks for TLS.
 */
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findBinary } from './availability';
import { makeCert, type TestCert } from './certs';
import { freePort, nextLoopbackAddress, spawnPeer, waitForPort } from './process';
import type { Peer } from './types';

export interface XrdpOptions {
  securityLayer?: 'rdp' | 'tls' | 'negotiate' | 'hybrid';
  /** e.g. "TLSv1.2, TLSv1.3" or "TLSv1" */
  sslProtocols?: string;
  /** OpenSSL cipher string for tls_ciphers */
  tlsCiphers?: string;
  cert?: TestCert;
  /** run as user xrdp with a key only root can read */
  unreadableKey?: boolean;
  /** point key_file at a file that is not a key (garbage) */
  garbageKey?: boolean;
  cryptLevel?: 'none' | 'low' | 'medium' | 'high' | 'fips';
  host?: string;
  /** the key file's name inside the peer's folder (e.g. one with spaces, quotes, $(…) to prove it stays data) */
  keyFileName?: string;
}

let cachedCert: TestCert | null = null;

export async function startXrdp(opts: XrdpOptions = {}): Promise<Peer> {
  const host = opts.host ?? nextLoopbackAddress();
  const port = await freePort(host === '::1' ? '::1' : '127.0.0.1');
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-xrdp-'));
  chmodSync(dir, 0o755);
  cachedCert ??= makeCert({ cn: 'xrdp-test.local', sans: ['xrdp-test.local'] });
  const cert = opts.cert ?? cachedCert;
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, opts.keyFileName ?? 'key.pem');
  if (opts.keyFileName && (opts.keyFileName.includes('/') || /[\r\n]/.test(opts.keyFileName))) {
    throw new Error('keyFileName is one file name on one line');
  }
  writeFileSync(certFile, cert.certPem, { mode: 0o644 });
  writeFileSync(keyFile, opts.garbageKey ? 'this is not a key\n' : cert.keyPem, { mode: 0o600 });
  const logFile = path.join(dir, 'xrdp.log');
  const listen = host.includes(':')
    ? `tcp6://{${host}}:${port}` /* xrdp writes IPv6 listen addresses in braces */
    : `tcp://${host}:${port}`;
  const ini = [
    '[Globals]',
    'ini_version=1',
    'fork=true',
    `port=${listen}`,
    `security_layer=${opts.securityLayer ?? 'negotiate'}`,
    `crypt_level=${opts.cryptLevel ?? 'high'}`,
    `certificate=${certFile}`,
    `key_file=${keyFile}`,
    `ssl_protocols=${opts.sslProtocols ?? 'TLSv1.2, TLSv1.3'}`,
    ...(opts.tlsCiphers ? [`tls_ciphers=${opts.tlsCiphers}`] : []),
    '[Logging]',
    `LogFile=${logFile}`,
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
  const iniFile = path.join(dir, 'xrdp.ini');
  writeFileSync(iniFile, ini, { mode: 0o644 });

  let cmd = privateXrdpBinary();
  let args = ['--nodaemon', '-c', iniFile];
  if (opts.unreadableKey) {
    // The key stays root:root 0600; xrdp runs as its own user and may write only its log.
    chownSync(keyFile, 0, 0);
    writeFileSync(logFile, '');
    const { uid, gid } = xrdpUser();
    chownSync(logFile, uid, gid);
    args = ['-u', 'xrdp', '--', cmd, ...args];
    cmd = 'runuser';
  }
  const proc = spawnPeer('unshare', ['--mount', '--', 'sh', '-c', PRIVATE_RUN_DIR, cmd, ...args], { cwd: dir });
  try {
    await waitForPort(host, port, 10_000, proc);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    kind: 'xrdp',
    host,
    port,
    target: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    dir,
    log: () => {
      try {
        return `${readFileSync(logFile, 'utf8')}\n${proc.output()}`;
      } catch {
        return proc.output();
      }
    },
    stop: async () => {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Test xrdps must live beside a stock xrdp service (Debian's own, started by /etc/init.d/xrdp, as the fix
 * wizard's end-to-end test does, or any Linux box where xrdp is installed):
 * - xrdp refuses to start while /run/xrdp/xrdp.pid exists, so each test xrdp gets a private tmpfs on
 *   /run/xrdp in its own mount namespace (`unshare --mount`; the mount is private to it);
 * - the init script's stop/restart kills every process whose executable is /usr/sbin/xrdp
 *   (start-stop-daemon --exec), so test xrdps run from a copy of the binary.
 * The command and its arguments reach `sh` as positional parameters ("$0" "$@"), never as script text.
 */
const PRIVATE_RUN_DIR =
  'mkdir -p /run/xrdp && mount -t tmpfs -o mode=0755 rdpdoc-xrdp-run /run/xrdp && mkdir -p /run/xrdp/sockdir && exec "$0" "$@"';

let copiedBinary: string | null = null;
function privateXrdpBinary(): string {
  if (copiedBinary && existsSync(copiedBinary)) return copiedBinary;
  const stock = findBinary('xrdp');
  if (!stock) throw new Error('there is no xrdp binary (apt-get install xrdp)');
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-xrdp-bin-'));
  chmodSync(dir, 0o755);
  const copy = path.join(dir, 'xrdp');
  copyFileSync(stock, copy);
  chmodSync(copy, 0o755);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  copiedBinary = copy;
  return copy;
}

function xrdpUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('xrdp:'));
  if (!line) throw new Error('there is no user "xrdp" (apt-get install xrdp creates it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
