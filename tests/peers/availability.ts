/**
 * Which real peers this machine has. Locally a missing binary skips the tests that need it, with the
 * reason printed; on CI (CI=true) a missing peer is a failure, never a silent skip.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export type PeerKind =
  | 'xrdp'
  | 'shadow'
  | 'sshd'
  | 'sudo'
  | 'debian-host'
  | 'chromium'
  | 'xfreerdp'
  | 'nmap'
  | 'sslscan';

const BINARIES: Record<PeerKind, string[]> = {
  xrdp: ['xrdp', 'runuser', 'unshare'],
  shadow: ['freerdp-shadow-cli', 'Xvfb', 'winpr-hash'],
  sshd: ['sshd', 'ssh-keygen'],
  sudo: ['sudo'],
  // tests/peers/debianHost.ts: a namespace per host, Debian's init script and sshd inside, sudo users
  'debian-host': [
    'xrdp',
    'xrdp-sesman',
    'sshd',
    'ssh-keygen',
    'sudo',
    'unshare',
    'nsenter',
    'runuser',
    'useradd',
    'chpasswd',
    'perl',
    'ss',
    'ip',
    'start-stop-daemon',
  ],
  chromium: ['chromium'],
  xfreerdp: ['xfreerdp', 'Xvfb'],
  nmap: ['nmap'],
  sslscan: ['sslscan'],
};
const APT: Record<PeerKind, string> = {
  xrdp: 'xrdp',
  shadow: 'freerdp2-shadow-x11 xvfb winpr-utils',
  sshd: 'openssh-server',
  sudo: 'sudo',
  'debian-host': 'xrdp openssh-server sudo ssl-cert util-linux passwd iproute2',
  chromium: 'chromium',
  xfreerdp: 'freerdp2-x11 xvfb',
  nmap: 'nmap',
  sslscan: 'sslscan',
};

const SEARCH = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin', '/usr/bin'];

/** Where binaries are looked for: PATH plus the sbin folders (or exactly `searchPath`, for the unit tests). */
export function findBinary(name: string, searchPath?: string): string | null {
  const dirs = searchPath === undefined ? SEARCH : searchPath.split(path.delimiter);
  for (const dir of dirs) {
    if (!dir) continue;
    const full = path.join(dir, name);
    try {
      accessSync(full, constants.X_OK);
      return full;
    } catch {
      /* next */
    }
  }
  return null;
}

/** What the machine is, as the checks see it; tests inject another PATH, uid or file system. */
export interface MachineView {
  /** the folders searched for binaries (default: PATH plus /usr/sbin, /sbin, /usr/bin) */
  searchPath?: string;
  uid?: number;
  /** does this path exist, and is it a folder? (default: the real file system) */
  stat?: (p: string) => 'file' | 'dir' | null;
  /** /etc/group's text (default: the real one) */
  groups?: () => string;
  /** `ip -4 -o addr show dev lo` (default: run it) */
  loopback?: () => string;
}

function realStat(p: string): 'file' | 'dir' | null {
  try {
    return statSync(p).isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

/** Files and groups a kind needs beyond its binaries. */
function otherNeeds(kind: PeerKind, view: MachineView): string[] {
  const stat = view.stat ?? realStat;
  const missing: string[] = [];
  if (kind === 'sudo' || kind === 'debian-host') {
    if (stat('/etc/sudoers.d') !== 'dir') missing.push('/etc/sudoers.d');
  }
  if (kind === 'debian-host') {
    if (stat('/etc/init.d/xrdp') !== 'file') missing.push("/etc/init.d/xrdp (Debian's xrdp init script)");
    if (stat('/usr/share/xrdp/socksetup') !== 'file') missing.push('/usr/share/xrdp/socksetup');
    let groups = '';
    try {
      groups = (view.groups ?? (() => readFileSync('/etc/group', 'utf8')))();
    } catch {
      // no /etc/group: both groups count as missing
    }
    for (const g of ['ssl-cert', 'xrdp'])
      if (!groups.split('\n').some((l) => l.startsWith(`${g}:`))) missing.push(`group ${g}`);
    // each host takes an address 127.34.N.1 (ports 22 and 3389 there, others when those are taken): the
    // whole of 127.0.0.0/8 must be on lo, as Linux sets it up
    let lo = '';
    try {
      lo = (
        view.loopback ?? (() => execFileSync('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }))
      )();
    } catch {
      // no ip, or no lo: counts as missing
    }
    if (!/inet 127\.0\.0\.1\/8\b/.test(lo)) missing.push('the loopback addresses 127.0.0.0/8 on lo');
  }
  return missing;
}

export function missingFor(kinds: PeerKind[], view: MachineView = {}): string | null {
  const missing: string[] = [];
  for (const kind of kinds) {
    for (const bin of BINARIES[kind])
      if (!findBinary(bin, view.searchPath) && !missing.includes(bin)) missing.push(bin);
    for (const other of otherNeeds(kind, view)) if (!missing.includes(other)) missing.push(other);
  }
  const uid = view.uid ?? process.getuid?.();
  if ((kinds.includes('xrdp') || kinds.includes('debian-host')) && uid !== 0)
    missing.push('(root, to run xrdp as its own user)');
  if (missing.length === 0) return null;
  const packages = new Set<string>();
  for (const m of missing) {
    const pkg = PACKAGE_OF[m.split(' (')[0] as string];
    if (pkg) packages.add(pkg);
    else for (const k of kinds) if (BINARIES[k].includes(m)) for (const p of APT[k].split(' ')) packages.add(p);
  }
  return `missing ${missing.join(', ')}${packages.size ? ` (apt-get install ${[...packages].join(' ')})` : ''}`;
}

/** The Debian package that brings each need, so the skip message says exactly what to install. */
const PACKAGE_OF: Record<string, string> = {
  xrdp: 'xrdp',
  'xrdp-sesman': 'xrdp',
  '/etc/init.d/xrdp': 'xrdp',
  '/usr/share/xrdp/socksetup': 'xrdp',
  'group xrdp': 'xrdp',
  'group ssl-cert': 'ssl-cert',
  sshd: 'openssh-server',
  'ssh-keygen': 'openssh-client',
  sudo: 'sudo',
  '/etc/sudoers.d': 'sudo',
  unshare: 'util-linux',
  nsenter: 'util-linux',
  runuser: 'util-linux',
  useradd: 'passwd',
  chpasswd: 'passwd',
  perl: 'perl-base',
  ss: 'iproute2',
  ip: 'iproute2',
  'start-stop-daemon': 'dpkg',
  'freerdp-shadow-cli': 'freerdp2-shadow-x11',
  Xvfb: 'xvfb',
  'winpr-hash': 'winpr-utils',
  chromium: 'chromium',
  xfreerdp: 'freerdp2-x11',
  nmap: 'nmap',
  sslscan: 'sslscan',
};

/**
 * Call at the top of a test file: `const { skip } = needPeers(['xrdp']); describe.skipIf(skip)(...)`.
 * Prints why it skips; throws on CI so the run fails.
 */
export function needPeers(
  kinds: PeerKind[],
  file = 'this test file',
  view: MachineView & { ci?: boolean } = {},
): { skip: boolean; reason: string | null } {
  const reason = missingFor(kinds, view);
  if (!reason) return { skip: false, reason: null };
  if (view.ci ?? process.env.CI === 'true') {
    throw new Error(`CI must have every peer: ${file} needs ${kinds.join(', ')}: ${reason}`);
  }
  console.warn(`[skipped] ${file}: ${reason}`);
  return { skip: true, reason };
}
