/**
 * What every xrdp phase shares: the catalogue entry, a checked remote run, the trust checks (the service's
 * own xrdp, root-only paths), and the ini edit with its backup (root-only folder, exclusive, unique name).
 */
import { createHash, randomBytes } from 'node:crypto';
import { FIX_PHASES } from '../../../../shared/findings';
import type { PhasePlan } from '../../../../shared/remediation';
import { shellCommand } from '../../ssh/shellQuote';
import { type Json, type PhaseContext, RemediationError } from '../../types';
import { stripControl } from '../hostText';
import { pathProblem } from '../hostTrust';
import { setIniValuesInBytes } from '../iniFile';
import { BACKUP_DIR, type XrdpFacts, xrdpFactsOf } from '../inspectXrdp';

export function basePlan(id: string, addresses: string[], risks: string[]): PhasePlan {
  const entry = FIX_PHASES[id];
  return {
    phase: id,
    title: entry?.title ?? id,
    hostKind: 'xrdp',
    addresses,
    risks,
    changes: [],
    commands: [],
    alreadyRight: false,
  };
}

/** Runs argv elevated, streaming its lines into the phase's output; throws with its stderr when it fails. */
export async function mustRun(ctx: PhaseContext, argv: string[]): Promise<string> {
  ctx.log(stripControl(`$ ${shellCommand(argv)}`));
  const res = await ctx.driver.run(argv, {
    elevated: true,
    signal: ctx.signal,
    onLine: (line, stream) => ctx.log(line, stream),
  });
  if (res.exitCode !== 0) {
    throw new RemediationError(
      'command-failed',
      `${argv[0]} failed (exit ${res.exitCode}): ${res.stderr.trim() || res.stdout.trim()}`,
    );
  }
  return res.stdout;
}

export async function mustRunScript(ctx: PhaseContext, name: string, args: string[], stdin?: Buffer): Promise<string> {
  ctx.log(stripControl(`$ ${shellCommand([name, ...args])}`));
  const res = await ctx.driver.runScript(name, args, {
    elevated: true,
    stdin,
    signal: ctx.signal,
    onLine: (line, stream) => ctx.log(line, stream),
  });
  if (res.exitCode !== 0) {
    throw new RemediationError(
      'command-failed',
      `${name} failed (exit ${res.exitCode}): ${res.stderr.trim() || res.stdout.trim()}`,
    );
  }
  return res.stdout;
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

/** Why root must not write xrdp.ini (or keep a backup of it), or null. */
export function iniWriteProblem(f: XrdpFacts): string | null {
  return (
    trustProblem(f) ??
    pathProblem(f.pathChecks.ini, { what: 'xrdp.ini', path: f.iniPath, noSymlinks: true }) ??
    backupFolderProblem(f)
  );
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

/** The plan when the phase would be refused: no change, the reason as its first risk. */
export function refusedPlan(plan: PhasePlan, why: string): PhasePlan {
  return { ...plan, changes: [], commands: [], risks: [why, ...plan.risks] };
}

/** Throws the refusal (before anything changed) when `problem` is one. */
export function refuseIf(problem: string | null): void {
  if (problem) throw new RemediationError('refused-unsafe-host', problem);
}

/**
 * A backup of xrdp.ini: a byte-exact copy kept ON the host in the root-only BACKUP_DIR, under a name made
 * of the job id, the phase and a random part (so two phases, or two jobs, in one second never share one),
 * with its SHA-256. The file's content never goes into the audit log: an xrdp.ini may hold session passwords.
 */
export interface IniBackup {
  kind: 'ini';
  path: string;
  /** the copy on the host */
  savedAs: string;
  sha256: string;
  [k: string]: Json;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A file name part from an id: only characters that are safe in a file name on any host. */
function namePart(id: string): string {
  return (
    id
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^\.+/, '')
      .slice(0, 64) || 'x'
  );
}

export function iniBackupOf(
  path: string,
  bytes: Buffer,
  ctx: { jobId: string; plan: { phase: string } },
  random = randomBytes(6).toString('hex'),
): IniBackup {
  const name = `${namePart(ctx.jobId)}-${namePart(ctx.plan.phase)}-${random}.ini`;
  return { kind: 'ini', path, savedAs: `${BACKUP_DIR}/${name}`, sha256: sha256(bytes) };
}

/** Makes the copy on the host (exclusively, synced); the caller recorded the backup before. */
export async function saveIniBackup(ctx: PhaseContext, backup: IniBackup, bytes: Buffer): Promise<void> {
  ctx.log(`backup: ${backup.savedAs} (sha256 ${backup.sha256.slice(0, 12)}…)`);
  const name = backup.savedAs.slice(BACKUP_DIR.length + 1);
  await mustRunScript(ctx, 'save-backup.sh', [BACKUP_DIR, name], bytes);
}

/** xrdp.ini's bytes, after checking the host may be trusted with a write to it (refuses otherwise). */
export async function readIni(ctx: PhaseContext, iniPath: string): Promise<Buffer> {
  refuseIf(iniWriteProblem(xrdpFactsOf(ctx.inspection)));
  const before = await ctx.driver.readFile(iniPath, { elevated: true, signal: ctx.signal });
  if (!before) throw new RemediationError('ini-missing', `${iniPath} does not exist on the host any more.`);
  return before;
}

/** Writes [Globals] changes into `before` (only the changed lines, every other byte as it was) to the host. */
export async function writeGlobals(
  ctx: PhaseContext,
  iniPath: string,
  before: Buffer,
  values: Record<string, string>,
): Promise<void> {
  // bytes in, bytes out: a comment in any encoding survives byte for byte
  const edit = setIniValuesInBytes(before, 'Globals', values);
  if (!edit.changed.length) {
    ctx.log(`${iniPath}: already as planned, nothing to write`);
    return;
  }
  for (const c of edit.changed)
    ctx.log(stripControl(`${iniPath} [Globals] ${c.key}: ${c.before ?? '(not set)'} → ${c.after}`));
  await ctx.driver.writeFile(iniPath, edit.bytes, { elevated: true, signal: ctx.signal });
}

/** Edits [Globals] in place: backup first (an exact copy, recorded then saved), then only the changed lines. */
export async function editGlobals(ctx: PhaseContext, iniPath: string, values: Record<string, string>): Promise<void> {
  const before = await readIni(ctx, iniPath);
  const backup = iniBackupOf(iniPath, before, ctx);
  ctx.backup(backup);
  await saveIniBackup(ctx, backup, before);
  await writeGlobals(ctx, iniPath, before, values);
}

/** Where a recorded backup may be read from: the backup folder, or (older jobs) beside the ini. */
function backupLocationOk(b: IniBackup): boolean {
  const name = b.savedAs.startsWith(`${BACKUP_DIR}/`) ? b.savedAs.slice(BACKUP_DIR.length + 1) : null;
  if (name !== null) return /^[A-Za-z0-9._-]+$/.test(name) && !name.startsWith('.');
  return /^\.rdp-doctor-backup-\d{8}T\d{6}$/.test(b.savedAs.slice(b.path.length)) && b.savedAs.startsWith(b.path);
}

/** Puts the ini's old bytes back exactly (checked by SHA-256), then removes the copy. */
export async function restoreIni(ctx: PhaseContext, backup: Json): Promise<void> {
  const b = backup as IniBackup | null;
  if (b?.kind !== 'ini' || !b.savedAs) {
    throw new RemediationError('bad-backup', 'The backup of xrdp.ini is missing from the audit log.');
  }
  if (!backupLocationOk(b)) {
    throw new RemediationError('bad-backup', `The audit log names a backup outside ${BACKUP_DIR}: ${b.savedAs}.`);
  }
  const saved = await ctx.driver.readFile(b.savedAs, { elevated: true, signal: ctx.signal });
  if (!saved) {
    // the copy was never made: then the file was never changed either
    const now = await ctx.driver.readFile(b.path, { elevated: true, signal: ctx.signal });
    if (now && sha256(now) === b.sha256) {
      ctx.log(`${b.path} is unchanged, nothing to restore`);
      return;
    }
    throw new RemediationError(
      'bad-backup',
      `The backup copy ${b.savedAs} is gone from the host; ${b.path} cannot be put back.`,
    );
  }
  if (sha256(saved) !== b.sha256) {
    throw new RemediationError(
      'bad-backup',
      `The backup copy ${b.savedAs} was changed since (checksum differs); not restoring it.`,
    );
  }
  ctx.log(`restoring ${b.path} from ${b.savedAs} (${saved.length} bytes)`);
  await ctx.driver.writeFile(b.path, saved, { elevated: true, signal: ctx.signal });
  await ctx.driver.run(['rm', '-f', '--', b.savedAs], { elevated: true, signal: ctx.signal });
}
