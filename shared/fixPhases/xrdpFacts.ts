/**
 * The facts an xrdp inspection gathers (electron/remediation/xrdp/inspectXrdp.ts fills them) and the pure
 * decisions the xrdp phase specs (shared/fixPhases/xrdp.ts) make over them: which listener is the service's own
 * xrdp, which paths root may write, which groups may be joined, where xrdp listens. No Node, no I/O: the
 * renderer bundles this file too. Text the host supplies is data: stripControl before it is shown.
 */

import { isIPv4, isIPv6, parseTarget } from '../target';
import type { SessionFacts } from './xrdpSessionFacts';

/** where backups of what a fix changes are kept on the host: root-only (0700), created by the tool */
export const BACKUP_DIR = '/var/backups/rdp-doctor';

/**
 * Text the host supplies (log lines, paths, user names, process names) is data: before it reaches a finding,
 * evidence or a summary, control characters are replaced, so a crafted file name or log line cannot move the
 * cursor, recolour a terminal, hide text or fake a line of its own.
 */
// C0 controls (tab included), DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character replaced by "?" (one per character). */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '?');
}

/** One component on the way to a path, as xrdp-inspect.sh walks it (symlinks followed, each listed). */
export interface PathComponent {
  type: 'directory' | 'file' | 'symlink' | 'other' | 'missing' | 'bad';
  uid: number | null;
  /** permission bits (octal digits as `stat %a` prints them) */
  mode: string | null;
  path: string;
}

/** "TYPE:UID:MODE:PATH" lines (pc_WHICH=…) → components; a line that does not parse is a `bad` one. */
export function parsePathComponents(values: readonly string[]): PathComponent[] {
  return values.map((v) => {
    const m = /^([a-z]+):(\d*):([0-7]*):(.*)$/s.exec(v);
    if (!m) return { type: 'bad', uid: null, mode: null, path: stripControl(v.replace(/^bad:/, '')) };
    const [, kind = '', uid = '', mode = '', path = ''] = m;
    const type: PathComponent['type'] =
      kind === 'directory'
        ? 'directory'
        : kind.startsWith('regular')
          ? 'file'
          : kind === 'symboliclink'
            ? 'symlink'
            : kind === 'missing'
              ? 'missing'
              : 'other';
    return { type, uid: uid === '' ? null : Number(uid), mode: mode || null, path: stripControl(path) };
  });
}

export interface PathRule {
  /** what the path is, for the message: "xrdp.ini", "the key file", "the backup folder" */
  what: string;
  /** the path as configured */
  path: string;
  /** refuse any symlink on the way (a file written in place); otherwise root-owned symlinks are followed */
  noSymlinks?: boolean;
  /** the last component may be missing (a folder to create) */
  mayBeMissing?: boolean;
  /** the last component must be a folder with no group or other permission at all (0700) */
  privateFolder?: boolean;
}

/**
 * Why root must not write through this path, or null when it may: the file and every folder on the way
 * (and every symlink followed) must be owned by root and writable by root alone.
 */
export function pathProblem(components: readonly PathComponent[], rule: PathRule): string | null {
  const at = `${rule.what} ${stripControl(rule.path)}`;
  if (!components.length) return `${at} was not checked on the host.`;
  for (let i = 0; i < components.length; i++) {
    const c = components[i] as PathComponent;
    const last = i === components.length - 1;
    if (c.type === 'bad') return `${at} is refused: ${c.path || 'its path cannot be checked'}.`;
    if (c.type === 'missing') {
      if (last && rule.mayBeMissing) return null;
      return `${at} is refused: ${c.path} does not exist.`;
    }
    if (c.uid !== 0) return `${at} is refused: ${c.path} is owned by uid ${c.uid ?? '?'}, not root.`;
    if (c.type === 'symlink') {
      if (rule.noSymlinks) return `${at} is refused: ${c.path} is a symbolic link (writes never follow one).`;
      continue;
    }
    const bits = Number.parseInt(c.mode ?? '', 8);
    if (Number.isNaN(bits)) return `${at} is refused: the mode of ${c.path} is unknown.`;
    if (bits & 0o022)
      return `${at} is refused: ${c.path} is writable by others than root (mode ${c.mode?.padStart(4, '0')}).`;
    if (last && rule.privateFolder) {
      if (c.type !== 'directory') return `${at} is refused: ${c.path} is not a folder.`;
      if (bits & 0o077) return `${at} is refused: ${c.path} is open to others than root (mode ${c.mode}), not 0700.`;
    }
    if (!last && c.type !== 'directory') return `${at} is refused: ${c.path} is not a folder.`;
  }
  return null;
}

/** A process on the host, as text (never run). */
export interface ProcessInfo {
  pid: number;
  user: string | null;
  exe: string | null;
}

/** "PID:USER:EXE" (xrdp-service.sh `proc=`) → process; EXE may itself hold colons. */
export function parseProc(value: string): ProcessInfo | null {
  const m = /^(\d+):([^:]*):(.*)$/s.exec(value);
  if (!m) return null;
  return { pid: Number(m[1]), user: m[2] ? stripControl(m[2]) : null, exe: m[3] ? stripControl(m[3]) : null };
}

export type ListenerVerdict =
  | { kind: 'none' }
  /** the service's main process holds the listening socket */
  | { kind: 'service' }
  /** something else holds it (pids empty when the socket's owner is not visible, e.g. another namespace) */
  | { kind: 'foreign'; processes: ProcessInfo[] };

/** Is the listener on the RDP port the xrdp service's own process? */
export function judgeListener(
  listenerPids: readonly number[] | null,
  servicePid: number | null,
  procs: readonly ProcessInfo[],
): ListenerVerdict {
  if (listenerPids === null) return { kind: 'none' };
  if (servicePid !== null && listenerPids.includes(servicePid)) return { kind: 'service' };
  return {
    kind: 'foreign',
    processes: listenerPids.map((pid) => procs.find((p) => p.pid === pid) ?? { pid, user: null, exe: null }),
  };
}

/** Only groups meant for key access may be joined: never adm, shadow, root, sudo, wheel, disk, staff… */
export const KEY_GROUPS = ['ssl-cert'] as const;

export function mayJoinGroup(name: string | null | undefined): boolean {
  return (KEY_GROUPS as readonly string[]).includes(name ?? '');
}

/** A user name as useradd allows it (anything else from the host is not used as one). */
export function isUserName(name: string | null | undefined): name is string {
  return typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_.-]{0,31}\$?$/.test(name);
}

export interface ServiceFacts {
  manager: 'systemd' | 'init' | 'none';
  /** the service manager names a running process that is the packaged xrdp */
  running: boolean;
  /** started at boot (null: cannot tell) */
  enabled: boolean | null;
  mainPid: number | null;
}

export interface XrdpFacts {
  listener: {
    pid: number | null;
    process: string | null;
    address: string | null;
    /** every process holding the listening socket (empty when none is visible) */
    pids: number[];
    /** the listener is not the service's xrdp: who it is (as text, never run) */
    foreign: ProcessInfo[] | null;
  };
  service: ServiceFacts;
  /** why the service manager's pid was not accepted (stale pid file, another executable…), or how the running
   * service was recognised without one (Debian's restart quirk can remove the pid file) */
  serviceWhy: string | null;
  iniPath: string;
  /** iniPath came from the verified service process's -c argument */
  iniFromProcess: boolean;
  globals: {
    port: string | null;
    security_layer: string | null;
    certificate: string | null;
    key_file: string | null;
    ssl_protocols: string | null;
    tls_ciphers: string | null;
  };
  /** the package's version (dpkg-query / rpm) */
  version: string | null;
  exe: string | null;
  serviceManager: 'systemd' | 'init' | 'none';
  /** the listener is the service's own xrdp (so restarting the service restarts it) */
  listenerIsService: boolean;
  xrdpUser: string | null;
  xrdpUserFrom: 'process' | 'systemd' | 'init-script' | 'default';
  userGroups: string[];
  userPrimaryGroup: string | null;
  key: FileFacts;
  cert: FileFacts;
  keyReadable: boolean | null;
  certReadable: boolean | null;
  keyValid: boolean | null;
  /** the certificate parses (null: no certificate file) */
  certValid: boolean | null;
  keyMatchesCert: boolean | null;
  certSubject: string | null;
  certIssuer: string | null;
  certNotBefore: string | null;
  certNotAfter: string | null;
  certSan: string | null;
  sslCertGroup: GroupEntry | null;
  logFile: string | null;
  logLines: string[];
  /** every component on the way to the ini, key, certificate and backup folder, as walked on the host */
  pathChecks: { ini: PathComponent[]; key: PathComponent[]; cert: PathComponent[]; backup: PathComponent[] };
  /** the session layer: sesman, backends, Xorg wrapper, console users, colord, disk (issue 21; sessionLayer.ts) */
  session?: SessionFacts;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export interface FileFacts {
  path: string;
  link: string | null;
  real: string | null;
  exists: boolean;
  owner: string | null;
  group: string | null;
  mode: string | null;
  uid: number | null;
  gid: number | null;
  dir: string | null;
  /** the file's group with its members */
  groupEntry: GroupEntry | null;
}

/** The xrdp facts of an inspection (the record the inspector filled). */
export function xrdpFactsOf(facts: Record<string, unknown>): XrdpFacts {
  return facts as unknown as XrdpFacts;
}

/**
 * Why no phase may act on this host's xrdp, or null: something other than the service's own xrdp holds the
 * RDP port, so what a client meets is not the service's configuration and nothing is changed for it.
 */
export function trustProblem(f: XrdpFacts): string | null {
  const foreign = f.listener.foreign;
  if (!foreign) return null;
  const who = foreign.length
    ? foreign.map((p) => `pid ${p.pid} (user ${p.user ?? '?'}, ${p.exe ?? 'executable not visible'})`).join(', ')
    : 'a process whose owner is not visible';
  return `Refused: the RDP port is held by ${stripControl(who)}, not by the xrdp service; nothing is changed while it is. Stop that process, then start xrdp and inspect again.`;
}

export function backupFolderProblem(f: XrdpFacts): string | null {
  return pathProblem(f.pathChecks.backup, {
    what: 'the backup folder',
    path: BACKUP_DIR,
    noSymlinks: true,
    mayBeMissing: true,
    privateFolder: true,
  });
}

/** Why root must not write xrdp.ini (or keep a backup of it), or null. */
export function iniWriteProblem(f: XrdpFacts): string | null {
  return (
    trustProblem(f) ??
    pathProblem(f.pathChecks.ini, { what: 'xrdp.ini', path: f.iniPath, noSymlinks: true }) ??
    backupFolderProblem(f)
  );
}

/** Where xrdp listens: one entry of xrdp.ini's port=. */
export interface XrdpBind {
  /** the address xrdp binds, or "*" for all addresses */
  address: string;
  port: number;
}

const ANY_ADDRESS = new Set(['*', '0.0.0.0', '::']);

/**
 * xrdp.ini's port= read the way xrdp reads it (xrdp_listen.c, xrdp_listen_pp): one or more space-separated
 * entries, each
 *   3389                       all addresses (0.0.0.0, or :: when IPv6 is there)
 *   tcp://.:3389               127.0.0.1          tcp://:3389     0.0.0.0
 *   tcp://192.0.2.1:3389       that IPv4 address
 *   tcp6://.:3389              ::1                tcp6://:3389    ::
 *   tcp6://{fc00::1}:3389      that IPv6 address (in braces)
 *   unix://…, vsock://…        not TCP (no RDP client reaches them over the network): left out
 * An absent port= means 3389 on all addresses. The restart and start phases wait for xrdp on the entry the
 * target names, so another xrdp (or anything else) on the same port at another address does not count.
 */
export function xrdpBinds(portValue: string | null | undefined): XrdpBind[] {
  const value = (portValue ?? '').trim();
  if (!value) return [{ address: '*', port: 3389 }];
  const out: XrdpBind[] = [];
  for (const entry of value.split(/\s+/)) {
    const m =
      /^(\d+)$/.exec(entry) ??
      /^tcp:\/\/(\.|[0-9.]*):(\d+)$/.exec(entry) ??
      /^tcp6:\/\/(\.|\{[0-9A-Fa-f:.]*\}|):(\d+)$/.exec(entry);
    if (!m) continue;
    const six = entry.startsWith('tcp6://');
    const raw = m.length === 2 ? '' : (m[1] as string);
    const port = Number(m[m.length - 1]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    let address: string;
    if (m.length === 2) address = '*';
    else if (raw === '.') address = six ? '::1' : '127.0.0.1';
    else if (raw === '') address = six ? '::' : '0.0.0.0';
    else address = raw.replace(/^\{|\}$/g, '');
    out.push({ address: ANY_ADDRESS.has(address) ? '*' : address, port });
  }
  return out;
}

/**
 * The bind entry the target reaches: same port, and the target's address when it is an IP literal (a name is
 * taken as naming the host). Null when xrdp.ini binds nothing the target reaches, or the target is not one.
 */
export function bindForTarget(portValue: string | null | undefined, target: string): XrdpBind | null {
  const t = parseTarget(target);
  if (!t.ok) return null;
  const binds = xrdpBinds(portValue).filter((b) => b.port === t.port);
  const ip = isIPv4(t.host) || isIPv6(t.host) ? t.host : null;
  return (
    binds.find((b) => ip !== null && b.address === ip) ??
    binds.find((b) => b.address === '*') ??
    binds.find((b) => ip === null && b.address !== '*') ??
    null
  );
}

export function describeBind(b: XrdpBind): string {
  const host = b.address === '*' ? '*' : b.address.includes(':') ? `[${b.address}]` : b.address;
  return `${host}:${b.port}`;
}

/**
 * Debian's init-script quirk: after a restart the old xrdp's exit can remove the new one's pid file, so the
 * service's own xrdp looks like someone else's. Its signature: an init-script host whose pid file names no
 * running xrdp, and every listener is the packaged /usr/sbin/xrdp running as the user the init script starts
 * it as. Restarting the service then restarts exactly that xrdp (the script also puts the pid file back).
 */
export function lostPidFile(f: XrdpFacts): boolean {
  const foreign = f.listener.foreign;
  return (
    f.serviceManager === 'init' &&
    !f.service?.running &&
    !!foreign?.length &&
    foreign.every(
      (p) => (p.exe === '/usr/sbin/xrdp' || p.exe === '/usr/sbin/xrdp (deleted)') && p.user === (f.xrdpUser ?? 'xrdp'),
    )
  );
}

/** Groups whose membership or file access reaches far beyond one key: never given to xrdp's key. */
export const NEVER_GROUPS = new Set([
  'root',
  'adm',
  'shadow',
  'sudo',
  'wheel',
  'disk',
  'staff',
  'admin',
  'kmem',
  'users',
]);

/** The key is there, parses and belongs to its certificate: only who may read it is wrong. */
export function keyUsable(f: XrdpFacts): boolean {
  return f.key.exists && f.keyValid !== false && f.certValid !== false && f.keyMatchesCert !== false;
}

export type KeyStrategy =
  | { kind: 'join-group'; user: string; group: string; members: string[] }
  | {
      kind: 'chgrp';
      user: string;
      path: string;
      group: string;
      oldGroup: string;
      oldOwner: string;
      oldMode: string;
      newMode: string;
    }
  | { kind: 'none'; why: string };

/**
 * How xrdp-fix-key-permissions lets the xrdp user read its key: join ssl-cert (Debian's snakeoil key is
 * root:ssl-cert 0640), else give the key the user's own private group with mode 0640; never world-readable,
 * never a group that reads other things. The phase's script decides the same way on the host.
 */
export function keyStrategy(f: XrdpFacts): KeyStrategy {
  const refused = trustProblem(f);
  if (refused) return { kind: 'none', why: refused };
  const user = f.xrdpUser;
  if (!user) return { kind: 'none', why: 'The user xrdp runs as is unknown.' };
  const keyPath = stripControl(f.key.path);
  if (!f.key.exists || !f.key.real)
    return { kind: 'none', why: `The key file ${keyPath} does not exist: create a new certificate instead.` };
  if (!keyUsable(f))
    return {
      kind: 'none',
      why: `The key file ${keyPath} does not parse or does not belong to its certificate: create a new certificate instead.`,
    };
  const unsafe = pathProblem(f.pathChecks.key, { what: 'The key file', path: f.key.path });
  if (unsafe) return { kind: 'none', why: unsafe };
  const mode = f.key.mode ? Number.parseInt(f.key.mode, 8) : 0;
  const group = f.key.groupEntry?.name ?? f.key.group;
  const groupReads = (mode & 0o040) !== 0;
  const worldReads = (mode & 0o004) !== 0;
  if (group && groupReads && !worldReads && mayJoinGroup(group) && !f.userGroups.includes(group)) {
    return { kind: 'join-group', user, group, members: f.key.groupEntry?.members ?? [] };
  }
  // the user's own (private) group: giving it read on this one file gives it to nobody else
  const own = f.userPrimaryGroup;
  if (!own || own !== user || NEVER_GROUPS.has(own)) {
    return {
      kind: 'none',
      why: `The key's group ${group ?? '?'} is not one xrdp may join (only ssl-cert), and ${user}'s primary group ${own ?? '?'} is not its own: give ${user} read access yourself, or create a new certificate.`,
    };
  }
  const newMode = ((mode & 0o700) | 0o040).toString(8).padStart(4, '0');
  return {
    kind: 'chgrp',
    user,
    path: f.key.real,
    group: own,
    oldGroup: f.key.group ?? '?',
    oldOwner: f.key.owner ?? '?',
    oldMode: f.key.mode ?? '?',
    newMode,
  };
}

/** try-restart: restart only when xrdp runs (the undo of a restart, after another undo may have stopped it) */
export type ServiceAction = 'restart' | 'try-restart' | 'start' | 'stop';

/** The command a manager runs for an action, as the plan shows it. */
export function serviceCommand(manager: XrdpFacts['serviceManager'], action: ServiceAction): string {
  const verb = action === 'try-restart' ? 'restart' : action;
  return manager === 'systemd' ? `systemctl ${verb} xrdp` : `/etc/init.d/xrdp ${verb}`;
}
