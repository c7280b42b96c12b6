/**
 * Read-only inspection of an xrdp host over a Driver, trusting nothing the host's processes say about
 * themselves: the xrdp SERVICE's own process comes from the service manager (systemd's MainPID, or the init
 * script's pid file checked against the process's start time, running the packaged root-owned
 * /usr/sbin/xrdp); its version from the package manager, never by running a binary; its ini is
 * /etc/xrdp/xrdp.ini (a -c argument counts only from that verified process). Whatever else listens on the RDP
 * port is a finding of its own (`rdp-port-foreign-listener`) and nothing is changed for it. Every path root
 * may later write (ini, key, certificate, backup folder) is walked component by component on the host
 * (`pathChecks`), and the phases refuse a path anyone but root could change. Host text is stripped of
 * control characters before it reaches findings.
 */
import {
  BACKUP_DIR,
  type FileFacts,
  type GroupEntry,
  type ProcessInfo,
  type ServiceFacts,
  stripControl,
  type XrdpFacts,
} from '../../../shared/fixPhases/xrdpFacts';
import type { HostFinding, Inspection } from '../../../shared/remediation';
import { parseTarget } from '../../probe/parseTarget';
import { type Driver, RemediationError } from '../types';
import { parseFactLines } from './factLines';
import { hostFinding } from './hostFinding';
import { isUserName, judgeListener, parsePathComponents, parseProc } from './hostTrust';
import { parseIni } from './iniFile';
import { inspectSessionLayer, sessionFindings, summarizeSession } from './sessionLayer';

export {
  BACKUP_DIR,
  type FileFacts,
  type GroupEntry,
  type ServiceFacts,
  type XrdpFacts,
} from '../../../shared/fixPhases/xrdpFacts';

/** xrdp's compiled-in folders (Debian): XRDP_CFG_PATH and XRDP_LOG_PATH */
const CFG_DIR = '/etc/xrdp';
const LOG_DIR = '/var/log';
export const DEFAULT_INI = '/etc/xrdp/xrdp.ini';

/** "name:x:gid:a,b" (getent group) → entry */
export function parseGroupEntry(line: string | undefined): GroupEntry | null {
  const parts = line?.split(':');
  if (!parts || parts.length < 3 || !parts[0]) return null;
  return {
    name: stripControl(parts[0]),
    gid: Number(parts[2]),
    members: (parts[3] ?? '').split(',').filter(Boolean).map(stripControl),
  };
}

/** The listening socket on `port` (the address matching the target when several do) and every process
 * holding it, from `ss -ltnpH`; `pids` is empty when its owner is not visible (another PID namespace). */
export function findListener(
  ssOutput: string,
  host: string,
  port: number,
): { pid: number | null; pids: number[]; process: string | null; address: string } | null {
  const candidates: Array<{ pids: number[]; process: string | null; address: string; exact: boolean }> = [];
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
    const wildcard = address === '*' || address === '0.0.0.0' || address === '::';
    const exact = address === host;
    if (!exact && !wildcard) continue;
    const pids = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    const name = /users:\(\("((?:[^"\\]|\\.)*)"/.exec(line)?.[1] ?? null;
    candidates.push({ pids, process: name === null ? null : stripControl(name), address, exact });
  }
  const best = candidates.find((c) => c.exact) ?? candidates[0];
  return best ? { pid: best.pids[0] ?? null, pids: best.pids, process: best.process, address: best.address } : null;
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
  const real = clean(one.get(`${which}_real`)) || null;
  return {
    path,
    link: clean(one.get(`${which}_link`)),
    real,
    exists: one.get(`${which}_exists`) === 'yes',
    owner: stat[0] ? stripControl(stat[0]) : null,
    group: stat[1] ? stripControl(stat[1]) : null,
    mode: stat[2] ? stat[2].padStart(4, '0') : null,
    uid: stat[3] ? Number(stat[3]) : null,
    gid: stat[4] ? Number(stat[4]) : null,
    dir: one.get(`${which}_dir_stat`) ?? null,
    groupEntry: parseGroupEntry(one.get(`${which}_group_entry`)),
  };
}

function clean(v: string | undefined | null): string | null {
  return v === undefined || v === null ? null : stripControl(v);
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

  // Which process is the service's (asked of the service manager) and who the listeners are (as text).
  const svc = await driver.runScript('xrdp-service.sh', (listener?.pids ?? []).map(String), elevated);
  const sv = parseFactLines(svc.stdout);
  const manager = (['systemd', 'init', 'none'] as const).find((m) => m === sv.one.get('service_manager')) ?? 'none';
  const mainPidText = sv.one.get('service_pid') ?? '';
  const mainPid = /^\d+$/.test(mainPidText) ? Number(mainPidText) : null;
  const enabledText = sv.one.get('service_enabled');
  const service: ServiceFacts = {
    manager,
    running: mainPid !== null,
    enabled: enabledText === 'yes' ? true : enabledText === 'no' ? false : null,
    mainPid,
  };
  const procs = (sv.all.get('proc') ?? []).map(parseProc).filter((p): p is ProcessInfo => p !== null);
  const verdict = judgeListener(listener ? listener.pids : null, mainPid, procs);

  // The ini: the package's, or the -c of the verified service process (its path is checked like any other).
  let iniPath = DEFAULT_INI;
  let iniFromProcess = false;
  const fromService = mainPid !== null ? configFromCmdline((sv.all.get('service_arg') ?? []).join('\0')) : null;
  if (fromService) {
    iniPath = resolveXrdpPath(fromService, 'xrdp.ini');
    iniFromProcess = true;
  }
  const iniBytes = await driver.readFile(iniPath, elevated);
  if (!iniBytes)
    throw new RemediationError(
      'inspect-failed',
      `xrdp's configuration ${stripControl(iniPath)} does not exist on the host.`,
    );
  // latin1: one character per byte, so no byte of the file is lost or changed on the way
  const ini = parseIni(iniBytes.toString('latin1'));
  const g = ini.get('globals') ?? new Map<string, string>();
  const logging = ini.get('logging') ?? new Map<string, string>();
  const keyPath = resolveXrdpPath(g.get('key_file'), 'key.pem');
  const certPath = resolveXrdpPath(g.get('certificate'), 'cert.pem');
  const logFile = resolveXrdpPath(logging.get('logfile'), 'xrdp.log', LOG_DIR);

  // The user xrdp runs as: the verified service process's, else the service definition's.
  let xrdpUser: string | null = null;
  let xrdpUserFrom: XrdpFacts['xrdpUserFrom'] = 'default';
  const candidates: Array<[string | undefined, XrdpFacts['xrdpUserFrom']]> = [
    [mainPid !== null ? sv.one.get('service_user') : undefined, 'process'],
    [sv.one.get('systemd_user'), 'systemd'],
    [sv.one.get('init_chuid'), 'init-script'],
  ];
  for (const [name, from] of candidates) {
    if (isUserName(name)) {
      xrdpUser = name;
      xrdpUserFrom = from;
      break;
    }
  }
  // systemd's User= empty means root; Debian's init script runs it as xrdp
  xrdpUser ??= manager === 'systemd' ? 'root' : 'xrdp';

  const facts = await driver.runScript(
    'xrdp-inspect.sh',
    [iniPath, keyPath, certPath, logFile, xrdpUser, BACKUP_DIR],
    elevated,
  );
  const { one, all } = parseFactLines(facts.stdout);
  const session = await inspectSessionLayer(driver, ini, ss.stdout, signal);

  // the script asked the kernel as the user given
  const scriptUser = one.get('user') || null;
  const sameUser = scriptUser !== null && scriptUser === xrdpUser;
  const userGroups = sameUser ? (one.get('user_groups') ?? '').split(/\s+/).filter(Boolean).map(stripControl) : [];
  const userPrimaryGroup = sameUser ? clean(one.get('user_primary_group')) || null : null;
  const keyReadable = sameUser ? yesNo(one.get('key_readable')) : null;
  const certReadable = sameUser ? yesNo(one.get('cert_readable')) : null;
  const foreign = verdict.kind === 'foreign' ? verdict.processes : null;
  const first = foreign?.[0] ?? null;
  const xf: XrdpFacts = {
    listener: {
      pid: listener?.pid ?? null,
      process: listener?.process ?? null,
      address: listener?.address ?? null,
      pids: listener?.pids ?? [],
      foreign,
    },
    service,
    serviceWhy: clean(sv.one.get('service_why') ?? sv.one.get('service_note')),
    iniPath,
    iniFromProcess,
    globals: {
      port: clean(g.get('port')),
      security_layer: clean(g.get('security_layer')),
      certificate: clean(g.get('certificate')),
      key_file: clean(g.get('key_file')),
      ssl_protocols: clean(g.get('ssl_protocols')),
      tls_ciphers: clean(g.get('tls_ciphers')),
    },
    version: clean(sv.one.get('version')) || null,
    exe: verdict.kind === 'service' ? '/usr/sbin/xrdp' : (first?.exe ?? null),
    serviceManager: manager,
    listenerIsService: verdict.kind === 'service',
    xrdpUser,
    xrdpUserFrom,
    userGroups,
    userPrimaryGroup,
    key: fileFacts(one, 'key', keyPath),
    cert: fileFacts(one, 'cert', certPath),
    keyReadable,
    certReadable,
    keyValid: yesNo(one.get('key_valid')),
    certValid: yesNo(one.get('cert_valid')),
    keyMatchesCert: yesNo(one.get('key_matches_cert')),
    certSubject: clean(one.get('cert_subject')),
    certIssuer: clean(one.get('cert_issuer')),
    certNotBefore: clean(one.get('cert_notBefore')),
    certNotAfter: clean(one.get('cert_notAfter')),
    certSan: clean(one.get('cert_san')) || null,
    sslCertGroup: parseGroupEntry(one.get('ssl_cert_group')),
    logFile: clean(one.get('log_file')),
    logLines: (all.get('log') ?? []).map(stripControl),
    pathChecks: {
      ini: parsePathComponents(all.get('pc_ini') ?? []),
      key: parsePathComponents(all.get('pc_key') ?? []),
      cert: parsePathComponents(all.get('pc_cert') ?? []),
      backup: parsePathComponents(all.get('pc_backup') ?? []),
    },
    session,
  };
  return {
    hostKind: 'xrdp',
    reachedAs: driver.reachedAs,
    inspectedAt: new Date().toISOString(),
    facts: xf as unknown as Record<string, unknown>,
    findings: [...xrdpFindings(xf), ...sessionFindings(session, xf.service.running)],
    summary: [...summarize(xf), ...summarizeSession(session)],
  };
}

export function xrdpFactsOf(inspection: Inspection): XrdpFacts {
  return inspection.facts as unknown as XrdpFacts;
}

function describeFile(f: FileFacts): string {
  const link = f.link ? ` → ${f.real}` : '';
  const stat = f.exists ? ` (${f.owner}:${f.group} ${f.mode})` : ' (missing)';
  return `${stripControl(f.path)}${link}${stat}`;
}

function describeProcess(p: ProcessInfo): string {
  return `pid ${p.pid}, user ${p.user ?? '?'}, executable ${p.exe ?? '(not visible)'}`;
}

function summarize(f: XrdpFacts): string[] {
  const svc = f.service;
  const out = [
    `xrdp ${f.version ?? '(package version unknown)'}; service (${svc.manager}): ${svc.running ? `running, pid ${svc.mainPid}` : 'not running'}${svc.enabled === null ? '' : svc.enabled ? ', enabled at boot' : ', disabled at boot'}`,
    f.listener.address === null
      ? 'nothing listens on the RDP port'
      : f.listenerIsService
        ? `the service's xrdp listens on ${f.listener.address}`
        : `NOT the xrdp service listens on ${f.listener.address}: ${(f.listener.foreign ?? []).map(describeProcess).join('; ') || 'owner not visible'}`,
    `configuration: ${stripControl(f.iniPath)}${f.iniFromProcess ? ' (from the service process)' : ''}`,
    `security_layer=${f.globals.security_layer ?? '(default negotiate)'}, ssl_protocols=${f.globals.ssl_protocols ?? '(default)'}`,
    `key_file: ${describeFile(f.key)}`,
    `certificate: ${describeFile(f.cert)}`,
    `xrdp runs as ${f.xrdpUser ?? '?'} (from ${f.xrdpUserFrom}), groups: ${f.userGroups.join(' ') || '?'}`,
    `key readable by ${f.xrdpUser ?? '?'}: ${f.keyReadable === null ? 'unknown' : f.keyReadable ? 'yes' : 'no'}`,
  ];
  if (f.serviceWhy) out.push(`service: ${f.serviceWhy}`);
  if (f.certSubject) out.push(`certificate subject ${f.certSubject}, valid ${f.certNotBefore} → ${f.certNotAfter}`);
  return out;
}

/** The key lines of xrdp's log that explain a missing TLS. */
function keyLogLines(lines: string[]): string[] {
  return lines.filter((l) => /private key|not readable|Cannot read|certificate or private key/i.test(l)).slice(-3);
}

/** Why the key cannot be used, most basic first (a key that does not parse needs a new one, whoever reads it). */
export function keyProblem(f: XrdpFacts): string | null {
  const who = f.xrdpUser ?? 'the xrdp user';
  const key = stripControl(f.key.path);
  const cert = stripControl(f.cert.path);
  if (!f.key.exists) return `The key file ${key} does not exist.`;
  if (f.keyValid === false) return `The key file ${key} does not parse as a private key.`;
  if (f.cert.exists && f.certValid === false) return `The certificate ${cert} does not parse.`;
  if (f.keyMatchesCert === false && f.cert.exists)
    return `The key file ${key} does not belong to the certificate ${cert}.`;
  if (f.keyReadable === false)
    return `xrdp runs as ${who}, which cannot read its key file ${key}${f.key.link ? ` (→ ${f.key.real})` : ''}, ${f.key.owner}:${f.key.group} mode ${f.key.mode}; ${who} is in the groups ${f.userGroups.join(', ') || '(none)'}.`;
  return null;
}

export function xrdpFindings(f: XrdpFacts): HostFinding[] {
  const findings: HostFinding[] = [];
  const ini = stripControl(f.iniPath);
  if (f.listener.foreign) {
    const who = f.listener.foreign.length
      ? f.listener.foreign.map(describeProcess).join('; ')
      : 'a process whose owner is not visible from this session';
    findings.push(
      hostFinding(
        'rdp-port-foreign-listener',
        `On ${f.listener.address}, the RDP port is held by ${who}, not by the xrdp service${f.service.running ? ` (its pid is ${f.service.mainPid})` : ' (which is not running)'}. Stop that process (and find out who started it), then start xrdp.`,
        [`read on the host: ${who} listens on the RDP port`],
      ),
    );
  }
  if (!f.service.running && f.service.manager !== 'none') {
    findings.push(
      hostFinding(
        'xrdp-service-stopped',
        `The ${f.service.manager === 'systemd' ? 'systemd unit xrdp' : 'init script /etc/init.d/xrdp'} has no running xrdp${f.serviceWhy ? ` (${f.serviceWhy})` : ''}.`,
        [`read on the host: the service manager (${f.service.manager}) has no running xrdp`],
      ),
    );
  }
  const problem = keyProblem(f);
  if (problem) {
    const evidence = [`read on the host: ${problem}`];
    for (const line of keyLogLines(f.logLines)) evidence.push(`read on the host (${f.logFile}): ${line}`);
    findings.push(hostFinding('tls-key-unusable', problem, evidence));
  }
  const layer = (f.globals.security_layer ?? 'negotiate').toLowerCase();
  if (layer === 'rdp') {
    findings.push(
      hostFinding('tls-unavailable', `${ini} sets security_layer=rdp, so xrdp never offers TLS.`, [
        `read on the host (${ini}): security_layer=${f.globals.security_layer}`,
      ]),
    );
  }
  const protocols = f.globals.ssl_protocols;
  if (protocols && !/TLSv1\.[23]/i.test(protocols)) {
    findings.push(
      hostFinding('tls-legacy-only', `${ini} sets ssl_protocols=${protocols}: no TLS 1.2 or 1.3.`, [
        `read on the host (${ini}): ssl_protocols=${protocols}`,
      ]),
    );
  }
  return findings;
}
