/**
 * Read-only inspection of an xrdp host over a Driver: who listens on the RDP port, the ini that process
 * actually uses (its `-c` argument, else /etc/xrdp/xrdp.ini), the effective [Globals], the real key and
 * certificate paths, the user xrdp runs as, whether that user can read the key, the certificate, recent
 * log lines, the service manager. Turns "tls-unavailable seen from outside" into a host-confirmed
 * `tls-key-unusable` with evidence read on the host.
 */
import { FINDING_CATALOGUE } from '../../../shared/findings';
import type { HostFinding, Inspection } from '../../../shared/remediation';
import { parseTarget } from '../../probe/parseTarget';
import { type Driver, RemediationError } from '../types';
import { parseIni } from './iniFile';

/** xrdp's compiled-in folders (Debian): XRDP_CFG_PATH and XRDP_LOG_PATH */
const CFG_DIR = '/etc/xrdp';
const LOG_DIR = '/var/log';
export const DEFAULT_INI = '/etc/xrdp/xrdp.ini';

export interface XrdpFacts {
  listener: { pid: number | null; process: string | null; address: string | null };
  iniPath: string;
  /** iniPath came from the running process's -c argument */
  iniFromProcess: boolean;
  globals: {
    port: string | null;
    security_layer: string | null;
    certificate: string | null;
    key_file: string | null;
    ssl_protocols: string | null;
    tls_ciphers: string | null;
  };
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
  keyMatchesCert: boolean | null;
  certSubject: string | null;
  certIssuer: string | null;
  certNotBefore: string | null;
  certNotAfter: string | null;
  certSan: string | null;
  sslCertGroup: GroupEntry | null;
  logFile: string | null;
  logLines: string[];
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** "name:x:gid:a,b" (getent group) → entry */
export function parseGroupEntry(line: string | undefined): GroupEntry | null {
  const parts = line?.split(':');
  if (!parts || parts.length < 3 || !parts[0]) return null;
  return { name: parts[0], gid: Number(parts[2]), members: (parts[3] ?? '').split(',').filter(Boolean) };
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

/** "name=value" lines → last value per name, and every value of repeated names */
export function parseFactLines(text: string): { one: Map<string, string>; all: Map<string, string[]> } {
  const one = new Map<string, string>();
  const all = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const name = line.slice(0, eq);
    const value = line.slice(eq + 1);
    one.set(name, value);
    all.set(name, [...(all.get(name) ?? []), value]);
  }
  return { one, all };
}

/** The process listening on `port` (matching the address when several do), from `ss -ltnpH`. */
export function findListener(
  ssOutput: string,
  host: string,
  port: number,
): { pid: number; process: string; address: string } | null {
  const candidates: Array<{ pid: number; process: string; address: string; exact: boolean }> = [];
  for (const line of ssOutput.split('\n')) {
    const cols = line.trim().split(/\s+/);
    const local = cols[3];
    if (!local) continue;
    const colon = local.lastIndexOf(':');
    if (Number(local.slice(colon + 1)) !== port) continue;
    const address = local
      .slice(0, colon)
      .replace(/^\[|\]$/g, '')
      .replace(/%.*$/, '');
    const users = /users:\(\("([^"]*)",pid=(\d+)/.exec(line);
    if (!users) continue;
    const wildcard = address === '*' || address === '0.0.0.0' || address === '::';
    const exact = address === host;
    if (!exact && !wildcard) continue;
    candidates.push({ pid: Number(users[2]), process: users[1] ?? '', address, exact });
  }
  const best = candidates.find((c) => c.exact) ?? candidates[0];
  return best ? { pid: best.pid, process: best.process, address: best.address } : null;
}

/** The -c/--config argument of an xrdp command line (NUL-separated /proc/PID/cmdline). */
export function configFromCmdline(cmdline: string): string | null {
  const args = cmdline.split('\0');
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if ((a === '-c' || a === '--config') && args[i + 1]) return args[i + 1] as string;
    if (a.startsWith('--config=')) return a.slice('--config='.length);
  }
  return null;
}

/** xrdp's own resolution: empty → CFG_DIR/default, relative → CFG_DIR/value. */
export function resolveXrdpPath(value: string | null | undefined, fallback: string, dir = CFG_DIR): string {
  const v = (value ?? '').trim();
  if (!v) return `${dir}/${fallback}`;
  return v.startsWith('/') ? v : `${dir}/${v}`;
}

function fileFacts(one: Map<string, string>, which: 'key' | 'cert', path: string): FileFacts {
  const stat = one.get(`${which}_stat`)?.split(':') ?? [];
  const real = one.get(`${which}_real`) || null;
  return {
    path,
    link: one.get(`${which}_link`) ?? null,
    real,
    exists: one.get(`${which}_exists`) === 'yes',
    owner: stat[0] ?? null,
    group: stat[1] ?? null,
    mode: stat[2] ? stat[2].padStart(4, '0') : null,
    uid: stat[3] ? Number(stat[3]) : null,
    gid: stat[4] ? Number(stat[4]) : null,
    dir: one.get(`${which}_dir_stat`) ?? null,
    groupEntry: parseGroupEntry(one.get(`${which}_group_entry`)),
  };
}

function yesNo(v: string | undefined): boolean | null {
  return v === 'yes' ? true : v === 'no' ? false : null;
}

export async function inspectXrdp(driver: Driver, target: string, signal?: AbortSignal): Promise<Inspection> {
  const parsed = parseTarget(target);
  if (!parsed.ok) throw new RemediationError('bad-target', parsed.message);
  const elevated = { elevated: true, signal };

  const ss = await driver.run(['ss', '-ltnpH'], elevated);
  if (ss.exitCode !== 0) {
    throw new RemediationError(
      'inspect-failed',
      `Could not list listening ports on the host (ss -ltnp): ${ss.stderr.trim()}`,
    );
  }
  const listener = findListener(ss.stdout, parsed.host, parsed.port);
  let iniPath = DEFAULT_INI;
  let iniFromProcess = false;
  if (listener) {
    // /proc files report size 0, so SFTP's readFile would see them empty: cat them instead
    const cmdline = await driver.run(['cat', '--', `/proc/${listener.pid}/cmdline`], elevated);
    const fromProcess = cmdline.exitCode === 0 ? configFromCmdline(cmdline.stdout) : null;
    if (fromProcess) {
      iniPath = fromProcess;
      iniFromProcess = true;
    }
  }
  const iniBytes = await driver.readFile(iniPath, elevated);
  if (!iniBytes)
    throw new RemediationError('inspect-failed', `xrdp's configuration ${iniPath} does not exist on the host.`);
  const ini = parseIni(iniBytes.toString('utf8'));
  const g = ini.get('globals') ?? new Map<string, string>();
  const logging = ini.get('logging') ?? new Map<string, string>();
  const keyPath = resolveXrdpPath(g.get('key_file'), 'key.pem');
  const certPath = resolveXrdpPath(g.get('certificate'), 'cert.pem');
  const logSetting = logging.get('logfile');
  const logFile = resolveXrdpPath(logSetting, 'xrdp.log', LOG_DIR);

  const facts = await driver.runScript(
    'xrdp-inspect.sh',
    [String(listener?.pid ?? ''), keyPath, certPath, logFile],
    elevated,
  );
  const { one, all } = parseFactLines(facts.stdout);
  const serviceManager = (one.get('service_manager') as XrdpFacts['serviceManager']) ?? 'none';
  let xrdpUser: string | null = one.get('process_user') || null;
  let xrdpUserFrom: XrdpFacts['xrdpUserFrom'] = 'process';
  if (!xrdpUser && one.get('systemd_user')) {
    xrdpUser = one.get('systemd_user') as string;
    xrdpUserFrom = 'systemd';
  } else if (!xrdpUser && one.get('init_chuid')) {
    xrdpUser = one.get('init_chuid') as string;
    xrdpUserFrom = 'init-script';
  } else if (!xrdpUser) {
    xrdpUser = serviceManager === 'systemd' ? 'root' : 'xrdp';
    xrdpUserFrom = 'default';
  }
  // systemd's User= empty means root
  if (xrdpUserFrom === 'process' && xrdpUser === 'UNKNOWN') xrdpUser = null;

  // the script asked the kernel as the user it found (process, systemd User=, init script --chuid)
  const scriptUser = one.get('user') || null;
  const sameUser = scriptUser !== null && scriptUser === xrdpUser;
  const userGroups = sameUser ? (one.get('user_groups') ?? '').split(/\s+/).filter(Boolean) : [];
  const userPrimaryGroup = sameUser ? one.get('user_primary_group') || null : null;
  const keyReadable = sameUser ? yesNo(one.get('key_readable')) : null;
  const certReadable = sameUser ? yesNo(one.get('cert_readable')) : null;
  const servicePid = Number(one.get('service_pid') ?? Number.NaN);
  const exe = one.get('exe') ?? null;
  const xf: XrdpFacts = {
    listener: { pid: listener?.pid ?? null, process: listener?.process ?? null, address: listener?.address ?? null },
    iniPath,
    iniFromProcess,
    globals: {
      port: g.get('port') ?? null,
      security_layer: g.get('security_layer') ?? null,
      certificate: g.get('certificate') ?? null,
      key_file: g.get('key_file') ?? null,
      ssl_protocols: g.get('ssl_protocols') ?? null,
      tls_ciphers: g.get('tls_ciphers') ?? null,
    },
    version: one.get('version') || null,
    exe,
    serviceManager,
    listenerIsService:
      listener !== null &&
      (exe === '/usr/sbin/xrdp' || servicePid === listener.pid) &&
      (!iniFromProcess || iniPath === DEFAULT_INI),
    xrdpUser,
    xrdpUserFrom,
    userGroups,
    userPrimaryGroup,
    key: fileFacts(one, 'key', keyPath),
    cert: fileFacts(one, 'cert', certPath),
    keyReadable,
    certReadable,
    keyValid: yesNo(one.get('key_valid')),
    keyMatchesCert: yesNo(one.get('key_matches_cert')),
    certSubject: one.get('cert_subject') ?? null,
    certIssuer: one.get('cert_issuer') ?? null,
    certNotBefore: one.get('cert_notBefore') ?? null,
    certNotAfter: one.get('cert_notAfter') ?? null,
    certSan: one.get('cert_san') || null,
    sslCertGroup: parseGroupEntry(one.get('ssl_cert_group')),
    logFile: one.get('log_file') ?? null,
    logLines: all.get('log') ?? [],
  };
  return {
    hostKind: 'xrdp',
    reachedAs: driver.reachedAs,
    inspectedAt: new Date().toISOString(),
    facts: xf as unknown as Record<string, unknown>,
    findings: xrdpFindings(xf),
    summary: summarize(xf),
  };
}

export function xrdpFactsOf(inspection: Inspection): XrdpFacts {
  return inspection.facts as unknown as XrdpFacts;
}

function describeFile(f: FileFacts): string {
  const link = f.link ? ` → ${f.real}` : '';
  const stat = f.exists ? ` (${f.owner}:${f.group} ${f.mode})` : ' (missing)';
  return `${f.path}${link}${stat}`;
}

function summarize(f: XrdpFacts): string[] {
  const out = [
    `${f.version ?? 'xrdp (version unknown)'}${f.listener.pid ? `, pid ${f.listener.pid} listening on ${f.listener.address}` : ', not listening on the RDP port'}`,
    `configuration: ${f.iniPath}${f.iniFromProcess ? ' (from the running process)' : ''}`,
    `security_layer=${f.globals.security_layer ?? '(default negotiate)'}, ssl_protocols=${f.globals.ssl_protocols ?? '(default)'}`,
    `key_file: ${describeFile(f.key)}`,
    `certificate: ${describeFile(f.cert)}`,
    `xrdp runs as ${f.xrdpUser ?? '?'} (from ${f.xrdpUserFrom}), groups: ${f.userGroups.join(' ') || '?'}`,
    `key readable by ${f.xrdpUser ?? '?'}: ${f.keyReadable === null ? 'unknown' : f.keyReadable ? 'yes' : 'no'}`,
    `service manager: ${f.serviceManager}`,
  ];
  if (f.certSubject) out.push(`certificate subject ${f.certSubject}, valid ${f.certNotBefore} → ${f.certNotAfter}`);
  return out;
}

/** The key lines of xrdp's log that explain a missing TLS. */
function keyLogLines(lines: string[]): string[] {
  return lines.filter((l) => /private key|not readable|Cannot read|certificate or private key/i.test(l)).slice(-3);
}

export function xrdpFindings(f: XrdpFacts): HostFinding[] {
  const findings: HostFinding[] = [];
  const who = f.xrdpUser ?? 'the xrdp user';
  let problem: string | null = null;
  const evidence: string[] = [];
  if (!f.key.exists) {
    problem = `The key file ${f.key.path} does not exist.`;
  } else if (f.keyReadable === false) {
    problem = `xrdp runs as ${who}, which cannot read its key file ${f.key.path}${f.key.link ? ` (→ ${f.key.real})` : ''}, ${f.key.owner}:${f.key.group} mode ${f.key.mode}; ${who} is in the groups ${f.userGroups.join(', ') || '(none)'}.`;
  } else if (f.keyValid === false) {
    problem = `The key file ${f.key.path} is not a usable private key.`;
  } else if (f.keyMatchesCert === false && f.cert.exists) {
    problem = `The key file ${f.key.path} does not belong to the certificate ${f.cert.path}.`;
  }
  if (problem) {
    evidence.push(`read on the host: ${problem}`);
    for (const line of keyLogLines(f.logLines)) evidence.push(`read on the host (${f.logFile}): ${line}`);
    const entry = FINDING_CATALOGUE['tls-key-unusable'];
    findings.push({
      id: 'tls-key-unusable',
      severity: entry.severity,
      title: entry.title,
      detail: `${problem} ${entry.explanation}`,
      evidence,
      explainsCodes: [...entry.explainsCodes],
      fixPhases: { windows: [...entry.fixPhases.windows], xrdp: [...entry.fixPhases.xrdp] },
      seenOn: 'host',
    });
  }
  const layer = (f.globals.security_layer ?? 'negotiate').toLowerCase();
  if (layer === 'rdp') {
    const entry = FINDING_CATALOGUE['tls-unavailable'];
    findings.push({
      id: 'tls-unavailable',
      severity: entry.severity,
      title: entry.title,
      detail: `${f.iniPath} sets security_layer=rdp, so xrdp never offers TLS. ${entry.explanation}`,
      evidence: [`read on the host (${f.iniPath}): security_layer=${f.globals.security_layer}`],
      explainsCodes: [...entry.explainsCodes],
      fixPhases: { windows: [...entry.fixPhases.windows], xrdp: [...entry.fixPhases.xrdp] },
      seenOn: 'host',
    });
  }
  const protocols = f.globals.ssl_protocols;
  if (protocols && !/TLSv1\.[23]/i.test(protocols)) {
    const entry = FINDING_CATALOGUE['tls-legacy-only'];
    findings.push({
      id: 'tls-legacy-only',
      severity: entry.severity,
      title: entry.title,
      detail: `${f.iniPath} sets ssl_protocols=${protocols}: no TLS 1.2 or 1.3. ${entry.explanation}`,
      evidence: [`read on the host (${f.iniPath}): ssl_protocols=${protocols}`],
      explainsCodes: [...entry.explainsCodes],
      fixPhases: { windows: [...entry.fixPhases.windows], xrdp: [...entry.fixPhases.xrdp] },
      seenOn: 'host',
    });
  }
  return findings;
}
