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

export interface IniBackup {
  kind: 'ini';
  path: string;
  /** the file's bytes before the change, base64 */
  bytes: string;
  sha256: string;
  [k: string]: Json;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function iniBackupOf(path: string, bytes: Buffer): IniBackup {
  return { kind: 'ini', path, bytes: bytes.toString('base64'), sha256: sha256(bytes) };
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

/** Edits [Globals] in place: backup first (the exact bytes), then only the changed lines. */
export async function editGlobals(ctx: PhaseContext, iniPath: string, values: Record<string, string>): Promise<void> {
  const before = await readIni(ctx, iniPath);
  ctx.backup(iniBackupOf(iniPath, before));
  await writeGlobals(ctx, iniPath, before, values);
}

/** Puts the ini's old bytes back exactly. */
export async function restoreIni(ctx: PhaseContext, backup: Json): Promise<void> {
  const b = backup as IniBackup | null;
  if (b?.kind !== 'ini')
    throw new RemediationError('bad-backup', 'The backup of xrdp.ini is missing from the audit log.');
  const bytes = Buffer.from(b.bytes, 'base64');
  if (sha256(bytes) !== b.sha256)
    throw new RemediationError('bad-backup', `The backup of ${b.path} is damaged (checksum differs).`);
  ctx.log(`restoring ${b.path} (${bytes.length} bytes, sha256 ${b.sha256.slice(0, 12)}…)`);
  await ctx.driver.writeFile(b.path, bytes, { elevated: true, signal: ctx.signal });
}
