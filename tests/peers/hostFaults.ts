/**
 * The faults of an independent Debian host (tests/peers/debianHost.ts), made in its private copy of /etc
 * before anything starts: xrdp.ini values, ssl-cert membership, certificate and key files.
 */
import type { SpawnSyncReturns } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { days, makeCert, type TestCert } from './certs';

/** The faults a fix phase addresses; each host is prepared with one before xrdp starts. */
export type HostFault =
  /** Debian out of the box: key.pem → the snakeoil key root:ssl-cert 0640, xrdp not in ssl-cert → RDP only */
  | 'stock'
  /** healthy: xrdp in ssl-cert, TLS 1.2/1.3 with the snakeoil certificate */
  | 'healthy'
  /** security_layer=rdp (xrdp can read its key) */
  | 'security-layer-rdp'
  /** ssl_protocols=TLSv1 only */
  | 'tls1-only'
  /** an expired certificate for rdp.example.com (its own key, readable) */
  | 'expired-cert'
  /** the key permission fault by group: the stock state (snakeoil key root:ssl-cert 0640, xrdp not a member) */
  | 'key-unreadable-group'
  /** the key permission fault by file: key.pem a real file root:root 0600 */
  | 'key-unreadable-file'
  /** xrdp installed and configured but not running */
  | 'stopped'
  /** key.pem does not belong to cert.pem */
  | 'key-mismatch'
  /** key.pem a real file root:shadow 0640: readable through a group xrdp must never join */
  | 'key-group-shadow'
  /** key.pem a real file root:xrdp 0640 (readable through xrdp's own group; xrdp not in ssl-cert) */
  | 'key-own-group'
  // issue 21, the session layer (made after the host is up, inside it: applyLiveFaults)
  /** xrdp-sesman stopped after the host came up (xrdp itself runs): as after a crash */
  | 'sesman-stopped'
  /** sesman.ini starts Xorg as "Xorg" (through Debian's wrapper) and Xwrapper.config says allowed_users=console */
  | 'xwrapper-console'
  /** the host's package database says colord is installed (a status entry in the host's private dpkg
   * database: colord itself cannot be installed on this machine without systemd) and no polkit rule names it */
  | 'colord-no-polkit'
  /** a user logged in on tty1 (a utmp record written with utmpdump in the host's private /run) */
  | 'console-user'
  /** /tmp a 16 MiB tmpfs filled to the last block */
  | 'tmp-full';

/** What a host is prepared with besides its faults. */
export interface FaultOptions {
  /** the key file's name in /etc/xrdp for the faults that write their own key (default key.pem; key_file names
   * any other) */
  keyFileName?: string;
}

/** Sets key=value in one [section] of an ini text (replacing the first such line, or adding it). */
export function setIniKey(text: string, section: string, key: string, value: string): string {
  const lines = text.split('\n');
  let current = '';
  let sectionEnd = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const head = /^\s*\[([^\]]+)\]/.exec(line);
    if (head) {
      if (current === section) sectionEnd = i;
      current = head[1] as string;
      continue;
    }
    if (current === section && new RegExp(`^\\s*${key}\\s*=`).test(line)) {
      lines[i] = `${key}=${value}`;
      return lines.join('\n');
    }
  }
  if (current === section) sectionEnd = lines.length;
  if (sectionEnd < 0) throw new Error(`xrdp.ini has no [${section}] section`);
  lines.splice(sectionEnd, 0, `${key}=${value}`);
  return lines.join('\n');
}

/** Edits `name:x:gid:members` lines (group and gshadow: `name:pw:admins:members`) of a file in the copy. */
function setGroupMember(file: string, group: string, user: string, member: boolean): void {
  if (!existsSync(file)) return;
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${group}:`));
  if (i < 0) throw new Error(`there is no group ${group} in ${file} (apt-get install ssl-cert)`);
  const parts = (lines[i] as string).split(':');
  const members = (parts[3] ?? '').split(',').filter(Boolean);
  const next = member ? [...new Set([...members, user])] : members.filter((m) => m !== user);
  parts[3] = next.join(',');
  lines[i] = parts.join(':');
  writeFileSync(file, lines.join('\n'));
}

function gidOf(etc: string, group: string): number {
  const line = readFileSync(path.join(etc, 'group'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${group}:`));
  if (!line) throw new Error(`there is no group ${group}`);
  return Number(line.split(':')[2]);
}

/** cert.pem and the key (key.pem or keyName) as real files; the key root:group, 0600 for root, else 0640 */
function writeCertPair(etc: string, cert: TestCert, keyPem: string, group: string, keyName = 'key.pem'): void {
  const certFile = path.join(etc, 'xrdp/cert.pem');
  const keyFile = path.join(etc, 'xrdp', keyName);
  for (const f of [certFile, path.join(etc, 'xrdp/key.pem'), keyFile]) if (existsSync(f) || isLink(f)) unlinkSync(f);
  const mode = group === 'root' ? 0o600 : 0o640;
  writeFileSync(certFile, cert.certPem, { mode: 0o644 });
  writeFileSync(keyFile, keyPem, { mode });
  chmodSync(keyFile, mode);
  chownSync(keyFile, 0, gidOf(etc, group));
}

function isLink(f: string): boolean {
  try {
    return lstatSync(f).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A certificate for the names clients use: rdp.example.com and the host's address (so no name mismatch). */
const certFor = (host: string, extra: Partial<Parameters<typeof makeCert>[0]> = {}): TestCert =>
  makeCert({ cn: 'rdp.example.com', sans: ['rdp.example.com', host], ...extra });

/** Prepares the private /etc for the faults, before anything starts. */
export function prepareFaults(etc: string, faults: HostFault[], host: string, opts: FaultOptions = {}): void {
  const has = (f: HostFault) => faults.includes(f);
  const keyName = opts.keyFileName ?? 'key.pem';
  if (keyName.includes('/') || /[\r\n]/.test(keyName)) throw new Error('keyFileName is one file name on one line');
  const iniFile = path.join(etc, 'xrdp/xrdp.ini');
  let ini = readFileSync(iniFile, 'latin1');
  // xrdp's stock values, whatever this machine's own xrdp.ini says, then the fault
  ini = setIniKey(ini, 'Globals', 'security_layer', 'negotiate');
  ini = setIniKey(ini, 'Globals', 'ssl_protocols', 'TLSv1.2, TLSv1.3');
  ini = setIniKey(ini, 'Globals', 'certificate', '');
  ini = setIniKey(ini, 'Globals', 'key_file', keyName === 'key.pem' ? '' : `/etc/xrdp/${keyName}`);
  if (has('security-layer-rdp')) ini = setIniKey(ini, 'Globals', 'security_layer', 'rdp');
  if (has('tls1-only')) ini = setIniKey(ini, 'Globals', 'ssl_protocols', 'TLSv1');
  writeFileSync(iniFile, ini, 'latin1');
  const ownKey = has('key-unreadable-file') || has('key-group-shadow') || has('key-own-group');
  const stockMembership = has('stock') || has('key-unreadable-group') || ownKey;
  for (const f of ['group', 'gshadow']) setGroupMember(path.join(etc, f), 'ssl-cert', 'xrdp', !stockMembership);
  if (!has('stock')) {
    // The snakeoil pair as make-ssl-cert makes it, but for the names the tests type (Debian's own is for the
    // machine's hostname): only the fault under test is wrong on this host.
    const snake = certFor(host);
    writeFileSync(path.join(etc, 'ssl/certs/ssl-cert-snakeoil.pem'), snake.certPem, { mode: 0o644 });
    const key = path.join(etc, 'ssl/private/ssl-cert-snakeoil.key');
    writeFileSync(key, snake.keyPem, { mode: 0o640 });
    chmodSync(key, 0o640);
    chownSync(key, 0, gidOf(etc, 'ssl-cert'));
  }
  if (has('xwrapper-console')) {
    // as Ubuntu 18.04's xrdp shipped it: param=Xorg, found on PATH, which is Debian's wrapper script
    const sesman = path.join(etc, 'xrdp/sesman.ini');
    writeFileSync(sesman, setIniKey(readFileSync(sesman, 'latin1'), 'Xorg', 'param', 'Xorg'), 'latin1');
    mkdirSync(path.join(etc, 'X11'), { recursive: true });
    writeFileSync(path.join(etc, 'X11/Xwrapper.config'), 'allowed_users=console\n', { mode: 0o644 });
  } else {
    rmSync(path.join(etc, 'X11/Xwrapper.config'), { force: true });
  }
  if (has('expired-cert')) {
    const c = certFor(host, { notBefore: days(-400), notAfter: days(-5) });
    writeCertPair(etc, c, c.keyPem, 'ssl-cert', keyName);
  } else if (has('key-mismatch')) {
    writeCertPair(etc, certFor(host), certFor(host).keyPem, 'ssl-cert', keyName);
  } else if (ownKey) {
    const c = certFor(host);
    const group = has('key-group-shadow') ? 'shadow' : has('key-own-group') ? 'xrdp' : 'root';
    writeCertPair(etc, c, c.keyPem, group, keyName);
  }
}

/** The faults made inside the running host (its own /run, /tmp and package database), after it came up. */
export function applyLiveFaults(
  faults: HostFault[],
  exec: (cmd: string, args: string[], opts?: { input?: string }) => SpawnSyncReturns<string>,
): void {
  const must = (cmd: string, args: string[], input?: string) => {
    const r = exec(cmd, args, { input });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}${r.stdout}`);
    return r.stdout;
  };
  if (faults.includes('sesman-stopped')) {
    must('start-stop-daemon', [
      '--stop',
      '--quiet',
      '--retry=TERM/10/KILL/5',
      '--pidfile',
      '/run/xrdp/xrdp-sesman.pid',
      '--exec',
      '/usr/sbin/xrdp-sesman',
    ]);
  }
  if (faults.includes('colord-no-polkit')) {
    const stanza = [
      'Package: colord',
      'Status: install ok installed',
      'Priority: optional',
      'Section: graphics',
      'Maintainer: rdp-doctor tests <tests@invalid>',
      'Architecture: amd64',
      'Version: 1.4.6-2.2',
      'Description: system service to manage device colour profiles -- system daemon',
      '',
    ].join('\n');
    must('sh', ['-c', 'printf "\\n%s\\n" "$(cat)" >> /var/lib/dpkg/status'], stanza);
  }
  if (faults.includes('console-user')) {
    // `who` lists a login only while its process lives (stale utmp entries are skipped): the host's init stands in
    // for the console's login process
    const record =
      '[7] [00001] [tty1] [rdpdoc-console] [tty1        ] [                    ] [0.0.0.0        ] [2026-12-07T22:00:00,000000+00:00]\n';
    must('utmpdump', ['-r', '-o', '/run/utmp'], record);
  }
  if (faults.includes('tmp-full')) {
    must('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=1777', 'rdpdoc-fulltmp', '/tmp']);
    // dd stops at "No space left on device": that is the point
    exec('dd', ['if=/dev/zero', 'of=/tmp/rdpdoc-fill', 'bs=1M', 'count=32']);
  }
}
