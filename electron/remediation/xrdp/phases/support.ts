/** What every xrdp phase shares: the catalogue entry, a checked remote run, the ini edit with its backup. */
import { createHash } from 'node:crypto';
import { FIX_PHASES } from '../../../../shared/findings';
import type { PhasePlan } from '../../../../shared/remediation';
import { shellCommand } from '../../ssh/shellQuote';
import { type Json, type PhaseContext, RemediationError } from '../../types';
import { setIniValues } from '../iniFile';

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
    requiresExplicitRequest: false,
  };
}

/** Runs argv elevated, streaming its lines into the phase's output; throws with its stderr when it fails. */
export async function mustRun(ctx: PhaseContext, argv: string[]): Promise<string> {
  ctx.log(`$ ${shellCommand(argv)}`);
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

export async function mustRunScript(ctx: PhaseContext, name: string, args: string[]): Promise<string> {
  ctx.log(`$ ${shellCommand([name, ...args])}`);
  const res = await ctx.driver.runScript(name, args, {
    elevated: true,
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
 * A backup of xrdp.ini: a byte-exact copy kept ON the host beside it (root-only), named here with its
 * SHA-256. The file's content never goes into the audit log: an xrdp.ini may hold session passwords.
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

export function iniBackupOf(path: string, bytes: Buffer, at = new Date()): IniBackup {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return { kind: 'ini', path, savedAs: `${path}.rdp-doctor-backup-${stamp}`, sha256: sha256(bytes) };
}

/** Records the backup, then makes the copy on the host (so a failure in between still undoes cleanly). */
export async function saveIniBackup(ctx: PhaseContext, backup: IniBackup, bytes: Buffer): Promise<void> {
  ctx.log(`backup: ${backup.savedAs} (sha256 ${backup.sha256.slice(0, 12)}…)`);
  await ctx.driver.writeFile(backup.savedAs, bytes, { elevated: true, mode: 0o600, signal: ctx.signal });
}

export async function readIni(ctx: PhaseContext, iniPath: string): Promise<Buffer> {
  const before = await ctx.driver.readFile(iniPath, { elevated: true, signal: ctx.signal });
  if (!before) throw new RemediationError('ini-missing', `${iniPath} does not exist on the host any more.`);
  return before;
}

/** Writes [Globals] changes into `before` (only the changed lines) and the result to the host. */
export async function writeGlobals(
  ctx: PhaseContext,
  iniPath: string,
  before: Buffer,
  values: Record<string, string>,
): Promise<void> {
  const edit = setIniValues(before.toString('utf8'), 'Globals', values);
  if (!edit.changed.length) {
    ctx.log(`${iniPath}: already as planned, nothing to write`);
    return;
  }
  for (const c of edit.changed) ctx.log(`${iniPath} [Globals] ${c.key}: ${c.before ?? '(not set)'} → ${c.after}`);
  await ctx.driver.writeFile(iniPath, Buffer.from(edit.text, 'utf8'), { elevated: true, signal: ctx.signal });
}

/** Edits [Globals] in place: backup first (an exact copy), then only the changed lines. */
export async function editGlobals(ctx: PhaseContext, iniPath: string, values: Record<string, string>): Promise<void> {
  const before = await readIni(ctx, iniPath);
  const backup = iniBackupOf(iniPath, before);
  ctx.backup(backup);
  await saveIniBackup(ctx, backup, before);
  await writeGlobals(ctx, iniPath, before, values);
}

/** Puts the ini's old bytes back exactly (checked by SHA-256), then removes the copy. */
export async function restoreIni(ctx: PhaseContext, backup: Json): Promise<void> {
  const b = backup as IniBackup | null;
  if (b?.kind !== 'ini' || !b.savedAs) {
    throw new RemediationError('bad-backup', 'The backup of xrdp.ini is missing from the audit log.');
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
