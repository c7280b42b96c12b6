/**
 * What may be trusted on an xrdp host that may be hostile: which listener is the service's own xrdp, and
 * which paths root may write. Pure decisions on facts the inspection scripts read (xrdp-service.sh,
 * xrdp-inspect.sh); nothing here touches the host.
 */
import { stripControl } from './hostText';

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
