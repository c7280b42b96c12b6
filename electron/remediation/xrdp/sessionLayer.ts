/**
 * xrdp's session layer (issue 21): what runs after TLS and the login screen — xrdp-sesman (checks the password,
 * starts the desktop), the backend a session type starts (Xorg with xorgxrdp's module, or Xvnc), the Xorg
 * wrapper's console-only rule, a user already on the console, colord's polkit prompt, and a full /tmp or /home.
 * None of it shows from the network: the login screen appears, then "login failed for display 0", a black
 * screen, or the session closes at once.
 *
 * Read-only and as data, like the rest of the inspection: package state from the package manager's database
 * and fixed root-owned paths, never by running a binary or path the host names; sesman's process from the
 * service manager, checked to be the packaged root-owned /usr/sbin/xrdp-sesman; log lines (xrdp-sesman.log,
 * ~/.xorgxrdp.N.log) read bounded, only from plain files that cannot point elsewhere, and stripped of control
 * characters before they become evidence.
 */
import type {
  Backend,
  BackendState,
  DiskFacts,
  SessionFacts,
  SessionType,
} from '../../../shared/fixPhases/xrdpSessionFacts';
import type { HostFinding } from '../../../shared/remediation';
import type { Driver } from '../types';
import { parseFactLines } from './factLines';
import { hostFinding } from './hostFinding';
import { stripControl } from './hostText';
import { type IniSections, parseIni } from './iniFile';

export const SESMAN_INI = '/etc/xrdp/sesman.ini';
export const XWRAPPER_CONFIG = '/etc/X11/Xwrapper.config';
/** Debian's Xorg without the wrapper: a sesman.ini naming it bypasses Xorg.wrap and Xwrapper.config */
const XORG_DIRECT = '/usr/lib/xorg/Xorg';
/** sesman's compiled-in log folder (XRDP_LOG_PATH) and socket folder (XRDP_SOCKET_PATH) on Debian */
const LOG_DIR = '/var/log';
const SOCKET_DIR = '/run/xrdp';
/** "a full disk": at least this full, or less free than this */
export const DISK_FULL_PERCENT = 95;
export const DISK_FULL_FREE_KB = 50 * 1024;

/** The session types xrdp.ini offers on its login screen, in order (the first is the default). */
export function sessionTypes(xrdpIni: IniSections): SessionType[] {
  const out: SessionType[] = [];
  for (const [name, values] of xrdpIni) {
    const lib = values.get('lib');
    if (!lib || ['globals', 'logging', 'loggingperlogger', 'channels'].includes(name)) continue;
    const ip = (values.get('ip') ?? '').toLowerCase();
    const port = values.get('port') ?? '';
    const local = ip === '127.0.0.1' || ip === 'localhost' || ip === '::1';
    // libxup talks to the Xorg sesman starts; libvnc with port=-1 on this host asks sesman for an Xvnc
    const backend: Backend = /libxup\.so/i.test(lib)
      ? 'Xorg'
      : /libvnc\.so/i.test(lib) && local && port.trim() === '-1'
        ? 'Xvnc'
        : 'other';
    // the login screen shows name=; the section header (lower-cased by the ini reader) is the fallback
    out.push({ name: stripControl(values.get('name') || name), backend, lib: stripControl(lib) });
  }
  return out;
}

/** Xwrapper.config's allowed_users (the last assignment counts; Xorg.wrap's default is console). */
export function xwrapperAllowed(text: string): { allowedUsers: string | null; line: string | null } {
  let allowedUsers: string | null = null;
  let line: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const l = raw.replace(/#.*$/, '').trim();
    const m = /^allowed_users\s*=\s*(\S+)/.exec(l);
    if (m) {
      allowedUsers = (m[1] as string).toLowerCase();
      line = stripControl(raw.trim());
    }
  }
  return { allowedUsers, line };
}

/** `who` lines on a console: a virtual terminal (ttyN), the console device, or a local X display (:0). */
export function consoleLogins(who: readonly string[]): SessionFacts['consoleUsers'] {
  const out: SessionFacts['consoleUsers'] = [];
  for (const l of who) {
    const [user, line, ...rest] = l.trim().split(/\s+/);
    if (!user || !line) continue;
    if (/^(tty\d+|console|:\d+(\.\d+)?)$/.test(line)) out.push({ user, line, since: rest.join(' ') });
  }
  return out;
}

function installedPackages(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const [name, status, ...version] = v.split(':');
    // dpkg's db:Status-Abbrev "ii" is installed; "rc" (removed, config left) and "un" are not
    if (name && status === 'ii') out[name] = stripControl(version.join(':'));
  }
  return out;
}

/** file=TAG:TYPE:UID:MODE → the root-owned, root-only-writable files among the fixed paths */
function rootFiles(values: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) {
    const [tag, type, uid, mode] = v.split(':');
    if (!tag || uid !== '0') continue;
    const bits = Number.parseInt(mode ?? '', 8);
    if (Number.isNaN(bits) || bits & 0o022) continue;
    out.set(tag, type ?? '');
  }
  return out;
}

const FILE_PATHS: Record<string, string> = {
  xorg: '/usr/lib/xorg/Xorg',
  xorgxrdp: '/usr/lib/xorg/modules/libxorgxrdp.so',
  xorgxrdp64: '/usr/lib64/xorg/modules/libxorgxrdp.so',
  xvnc: '/usr/bin/Xvnc',
  xtigervnc: '/usr/bin/Xtigervnc',
};

export function backendStates(
  packages: Record<string, string>,
  files: Map<string, string>,
  manager: SessionFacts['packageManager'],
): { xorg: BackendState; xvnc: BackendState } {
  const pkg = (name: string) => (packages[name] ? `package ${name} ${packages[name]} is installed` : null);
  const file = (tag: string) => (files.has(tag) ? `${FILE_PATHS[tag]} exists (root-owned)` : null);
  const rpm = manager === 'rpm';

  const module = pkg('xorgxrdp') ?? file('xorgxrdp') ?? file('xorgxrdp64');
  const server = pkg('xserver-xorg-core') ?? file('xorg');
  const xorgMissing: string[] = [];
  const xorgPackages: string[] = [];
  if (!module) {
    xorgMissing.push("xorgxrdp, the Xorg module xrdp's Xorg sessions need, is not installed");
    xorgPackages.push('xorgxrdp');
  }
  if (!server) {
    xorgMissing.push('the Xorg server is not installed');
    xorgPackages.push(rpm ? 'xorg-x11-server-Xorg' : 'xserver-xorg-core');
  }

  const vncPackage = ['tigervnc-standalone-server', 'tigervnc-server', 'tightvncserver', 'vnc4server'].find(
    (p) => packages[p],
  );
  const vnc = (vncPackage ? pkg(vncPackage) : null) ?? file('xtigervnc') ?? file('xvnc');
  return {
    xorg: {
      installed: xorgMissing.length === 0,
      evidence: [module, server].filter((x): x is string => x !== null),
      missing: xorgMissing,
      packages: xorgPackages,
    },
    xvnc: {
      installed: vnc !== null,
      evidence: vnc ? [vnc] : [],
      missing: vnc ? [] : ['no Xvnc server is installed'],
      packages: vnc ? [] : [rpm ? 'tigervnc-server' : 'tigervnc-standalone-server'],
    },
  };
}

/** sesman's log file as sesman resolves [Logging] LogFile (relative → /var/log). */
export function sesmanLogPath(sesman: IniSections): string {
  const v = (sesman.get('logging')?.get('logfile') ?? '').trim();
  if (!v) return `${LOG_DIR}/xrdp-sesman.log`;
  return v.startsWith('/') ? v : `${LOG_DIR}/${v}`;
}

/** Who listens on `port` at `address` (or anywhere), from `ss -ltnpH`. */
function tcpListener(ss: string, address: string, port: number): { pids: number[] } | null {
  for (const line of ss.split('\n')) {
    const local = line.trim().split(/\s+/)[3];
    if (!local) continue;
    const colon = local.lastIndexOf(':');
    if (Number(local.slice(colon + 1)) !== port) continue;
    // sesman binds an IPv6 socket: an IPv4 address shows as ::ffff:a.b.c.d
    const addr = local
      .slice(0, colon)
      .replace(/^\[|\]$/g, '')
      .replace(/^::ffff:/i, '');
    const any = addr === '*' || addr === '0.0.0.0' || addr === '::';
    if (!any && address && addr !== address && !(address === 'localhost' && addr === '127.0.0.1')) continue;
    return { pids: [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])) };
  }
  return null;
}

/** Who listens on the UNIX socket `path`, from `ss -lxnpH`. */
function unixListener(ss: string, path: string): { pids: number[] } | null {
  for (const line of ss.split('\n')) {
    if (!line.split(/\s+/).includes(path)) continue;
    return { pids: [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1])) };
  }
  return null;
}

export async function inspectSessionLayer(
  driver: Driver,
  xrdpIni: IniSections,
  ssTcp: string,
  signal?: AbortSignal,
): Promise<SessionFacts> {
  const elevated = { elevated: true, signal };
  const sesmanBytes = await driver.readFile(SESMAN_INI, elevated);
  const sesman = parseIni(sesmanBytes ? sesmanBytes.toString('latin1') : '');
  const g = sesman.get('globals') ?? new Map<string, string>();
  const address = stripControl((g.get('listenaddress') ?? '127.0.0.1').trim());
  const port = stripControl((g.get('listenport') ?? '3350').trim() || '3350');
  const logPath = sesmanLogPath(sesman);
  const wrapperBytes = await driver.readFile(XWRAPPER_CONFIG, elevated);

  // a log is read only under /var/log: sesman.ini cannot turn the inspection into a reader of any root file
  const readable = logPath.startsWith(`${LOG_DIR}/`) && !logPath.split('/').includes('..') && !/[\r\n]/.test(logPath);
  const script = await driver.runScript('xrdp-session.sh', [readable ? logPath : ''], elevated);
  const { all } = parseFactLines(script.stdout);
  const one = (name: string) => all.get(name)?.at(-1);
  const manager = (['systemd', 'init', 'none'] as const).find((m) => m === one('sesman_manager')) ?? 'none';
  const pidText = one('sesman_pid') ?? '';
  const pid = /^\d+$/.test(pidText) ? Number(pidText) : null;
  const enabledText = one('sesman_enabled');

  let listener: { pids: number[] } | null;
  if (/^\d+$/.test(port)) {
    listener = tcpListener(ssTcp, address, Number(port));
  } else {
    // xrdp 0.10: ListenPort names a UNIX socket (relative to /run/xrdp)
    const ssUnix = await driver.run(['ss', '-lxnpH'], elevated);
    listener = unixListener(ssUnix.stdout, port.startsWith('/') ? port : `${SOCKET_DIR}/${port}`);
  }

  const pkgValues = all.get('pkg') ?? [];
  const packageManager = (['dpkg', 'rpm'] as const).find((m) => m === one('pkg_manager')) ?? 'none';
  const packages = installedPackages(pkgValues);
  const files = rootFiles(all.get('file') ?? []);
  const { xorg, xvnc } = backendStates(packages, files, packageManager);

  const xorgSection = sesman.get('xorg');
  const xorgCommand = xorgSection?.get('param') ? stripControl(xorgSection.get('param') as string) : null;
  // Debian's /usr/bin/Xorg hands over to Xorg.wrap (xserver-xorg-legacy) when it is installed; sesman.ini
  // naming /usr/lib/xorg/Xorg starts the server directly, and the wrapper's rules do not apply
  const xorgViaWrapper = xorgCommand !== null && xorgCommand !== XORG_DIRECT;
  const wrapper = wrapperBytes ? xwrapperAllowed(wrapperBytes.toString('latin1')) : { allowedUsers: null, line: null };
  const who = (all.get('who') ?? []).map(stripControl);
  const disks: DiskFacts[] = [];
  for (const v of all.get('df') ?? []) {
    const [path, size, used, avail, pct, ...mount] = v.split(':');
    if (!path || !/^\d+$/.test(size ?? '') || !/^\d+$/.test(avail ?? '')) continue;
    disks.push({
      path: stripControl(path),
      sizeKb: Number(size),
      usedKb: Number(used),
      availKb: Number(avail),
      percent: Number(pct),
      mount: stripControl(mount.join(':')),
    });
  }
  return {
    sesmanIni: sesmanBytes ? SESMAN_INI : null,
    sesman: {
      manager,
      pid,
      running: pid !== null,
      why: one('sesman_why') ? stripControl(one('sesman_why') as string) : null,
      enabled: enabledText === 'yes' ? true : enabledText === 'no' ? false : null,
      startDisabled: /^(no|false)$/i.test(one('sesman_start') ?? ''),
      address,
      port,
      listening: listener !== null,
      listenerIsSesman: listener === null ? null : pid !== null && listener.pids.includes(pid),
    },
    sessions: sessionTypes(xrdpIni),
    xorg,
    xvnc,
    xorgCommand,
    xorgViaWrapper,
    xwrapper: { exists: wrapperBytes !== null, ...wrapper },
    who,
    consoleUsers: consoleLogins(who),
    colord: {
      installed: packages.colord !== undefined,
      version: packages.colord ?? null,
      rules: (all.get('polkit_colord') ?? []).map(stripControl),
    },
    disks,
    packages,
    packageManager,
    sesmanLogFile: one('sesman_log_file') ? stripControl(one('sesman_log_file') as string) : null,
    sesmanLog: (all.get('sesman_log') ?? []).map(stripControl),
    xorgLogs: (all.get('xlog') ?? []).map(stripControl),
  };
}

function logEvidence(f: SessionFacts, pattern: RegExp, max = 3): string[] {
  const sesman = f.sesmanLog
    .filter((l) => pattern.test(l))
    .slice(-max)
    .map((l) => `read on the host (${f.sesmanLogFile}): ${l}`);
  const xorg = f.xorgLogs
    .filter((l) => pattern.test(l))
    .slice(-max)
    .map((l) => `read on the host (Xorg log) ${l}`);
  return [...sesman, ...xorg];
}

function kb(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} GB` : `${Math.round(n / 1024)} MB`;
}

/**
 * `xrdpRunning`: whether the xrdp service itself runs. When it does not, starting it starts sesman too (Debian's
 * init script starts both; systemd's xrdp.service requires xrdp-sesman.service), so a stopped sesman is not a
 * finding of its own then: xrdp-service-stopped says it all.
 */
export function sessionFindings(f: SessionFacts, xrdpRunning = true): HostFinding[] {
  const out: HostFinding[] = [];
  const s = f.sesman;
  const where = /^\d+$/.test(s.port) ? `${s.address}:${s.port}` : s.port;
  if (xrdpRunning && !s.running && s.manager !== 'none') {
    const how =
      s.manager === 'systemd'
        ? 'The systemd unit xrdp-sesman has no running xrdp-sesman'
        : `Debian's init script /etc/init.d/xrdp started no xrdp-sesman that is still running${s.startDisabled ? ', and /etc/default/xrdp sets SESMAN_START=no, so it never will' : ''}`;
    out.push(
      hostFinding(
        'xrdp-sesman-stopped',
        `${how}${s.why ? ` (${s.why})` : ''}${s.listening ? `; something else listens on ${where}` : `; nothing listens on ${where}`}.`,
        [
          `read on the host: the service manager (${s.manager}) has no running /usr/sbin/xrdp-sesman${s.why ? ` (${s.why})` : ''}`,
          `read on the host: ${s.listening ? `${where} is held by another process` : `nothing listens on ${where} (sesman.ini ListenAddress/ListenPort)`}`,
          ...logEvidence(f, /sesman|error|fail/i, 2),
        ],
      ),
    );
  } else if (xrdpRunning && s.running && s.listening === false) {
    out.push(
      hostFinding(
        'xrdp-sesman-stopped',
        `xrdp-sesman runs (pid ${s.pid}) but nothing listens on ${where}, where sesman.ini tells xrdp to find it.`,
        [`read on the host: nothing listens on ${where}`, ...logEvidence(f, /listen|bind|error/i, 3)],
      ),
    );
  }

  // session types whose backend is not installed; the first one listed is the login screen's default
  const broken = f.sessions.filter(
    (t) => (t.backend === 'Xorg' && !f.xorg.installed) || (t.backend === 'Xvnc' && !f.xvnc.installed),
  );
  if (broken.length) {
    const sesmanTypes = f.sessions.filter((t) => t.backend !== 'other');
    const defaultBroken = sesmanTypes[0] !== undefined && broken.includes(sesmanTypes[0]);
    const words = broken.map((t) => {
      const st = t.backend === 'Xorg' ? f.xorg : f.xvnc;
      return `[${t.name}] (${t.backend}, ${t.lib}): ${st.missing.join('; ')} — install ${st.packages.join(' and ')}`;
    });
    const evidence = broken.map((t) => {
      const st = t.backend === 'Xorg' ? f.xorg : f.xvnc;
      return `read on the host (/etc/xrdp/xrdp.ini, package state): session type [${t.name}] uses ${t.backend}; ${st.missing.join('; ')}`;
    });
    const working = sesmanTypes.filter((t) => !broken.includes(t));
    for (const t of working) {
      const st = t.backend === 'Xorg' ? f.xorg : f.xvnc;
      evidence.push(`read on the host: session type [${t.name}] (${t.backend}) can start: ${st.evidence.join('; ')}`);
    }
    evidence.push(...logEvidence(f, /Xorg|Xvnc|xorgxrdp|No such file|not found|exec/i, 3));
    out.push(
      hostFinding(
        'xrdp-session-backend-missing',
        `${defaultBroken ? 'The default session type on the login screen cannot start' : 'A session type offered on the login screen cannot start (the default one can)'}: ${words.join('. ')}.`,
        evidence,
        // only the default's failure stops the ordinary login; another type fails only when a user picks it
        defaultBroken ? undefined : 'warning',
      ),
    );
  }

  const usesXorg = f.sessions.some((t) => t.backend === 'Xorg');
  const consoleOnly = f.xwrapper.exists && (f.xwrapper.allowedUsers ?? 'console') === 'console';
  if (usesXorg && f.xorgViaWrapper && consoleOnly) {
    out.push(
      hostFinding(
        'xrdp-xorg-wrapper-console-only',
        `sesman.ini starts Xorg as "${f.xorgCommand}" (through Debian's wrapper) and ${XWRAPPER_CONFIG} ${f.xwrapper.line ? `says "${f.xwrapper.line}".` : 'sets no allowed_users (the default: console).'}`,
        [
          `read on the host (${XWRAPPER_CONFIG}): ${f.xwrapper.line ?? 'no allowed_users line (default: console)'}`,
          `read on the host (${SESMAN_INI} [Xorg]): param=${f.xorgCommand}`,
          ...logEvidence(f, /console|Xwrapper|Only console users/i, 3),
        ],
      ),
    );
  }

  if (f.consoleUsers.length) {
    const list = f.consoleUsers.map((c) => `${c.user} on ${c.line} (since ${c.since})`);
    out.push(
      hostFinding(
        'xrdp-console-user-logged-in',
        `Logged in on the host's console: ${list.join(', ')}.`,
        f.consoleUsers.map((c) => `read on the host (who, utmp): ${c.user} ${c.line} ${c.since}`),
      ),
    );
  }

  if (f.colord.installed && f.colord.rules.length === 0) {
    out.push(
      hostFinding(
        'xrdp-colord-polkit-prompt',
        `colord ${f.colord.version ?? ''} is installed and no polkit rule on the host names org.freedesktop.color-manager, so a remote session is asked for a password to "create a color managed device".`,
        [
          `read on the host (package state): colord ${f.colord.version ?? ''} is installed`,
          'read on the host: no file in /etc/polkit-1/rules.d, /usr/share/polkit-1/rules.d or the polkit local authority names org.freedesktop.color-manager',
        ],
      ),
    );
  }

  const seen = new Set<string>();
  for (const d of f.disks) {
    if (seen.has(d.mount)) continue;
    if (d.percent < DISK_FULL_PERCENT && d.availKb >= DISK_FULL_FREE_KB) continue;
    seen.add(d.mount);
    out.push(
      hostFinding(
        'host-disk-full',
        `The file system of ${d.path} (mounted on ${d.mount}) is ${d.percent} % full, ${kb(d.availKb)} free of ${kb(d.sizeKb)}.`,
        [
          `read on the host (df ${d.path}): ${d.percent} % used, ${d.availKb} KiB free of ${d.sizeKb} KiB on ${d.mount}`,
          ...logEvidence(f, /No space|space left|disk/i, 2),
        ],
      ),
    );
  }
  return out;
}

export function summarizeSession(f: SessionFacts): string[] {
  const s = f.sesman;
  const where = /^\d+$/.test(s.port) ? `${s.address}:${s.port}` : s.port;
  return [
    `xrdp-sesman (${s.manager}): ${s.running ? `running, pid ${s.pid}` : 'not running'}; ${s.listening ? `${where} ${s.listenerIsSesman ? 'is its listener' : 'is held by another process'}` : `nothing listens on ${where}`}`,
    `session types: ${f.sessions.map((t) => `[${t.name}] ${t.backend}`).join(', ') || '(none)'}; Xorg backend ${f.xorg.installed ? 'installed' : 'missing'}, Xvnc ${f.xvnc.installed ? 'installed' : 'missing'}`,
    `disk: ${f.disks.map((d) => `${d.path} ${d.percent} % used, ${kb(d.availKb)} free`).join('; ') || '(not read)'}`,
  ];
}
