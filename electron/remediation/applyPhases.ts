/**
 * The job's loop: apply each phase in order, with its pending audit line (backup, then each file about to be
 * written) on disk before the change it announces; on a failure or cancel, put back what the job changed
 * (`rollBack`, newest first, the runsLast phases last).
 */
import type { AuditEntry, Inspection, PhasePlan, WrittenFile } from '../../shared/remediation';
import type { AuditRecorder } from './auditLog';
import { messageOf, type Sequencer, sha256Hex } from './jobEvents';
import { abortError, type Driver, type Json, type Phase, type PhaseContext, type Supplied } from './types';

/** A phase the job applied (or is putting back): its plan, its backup and its audit line. */
export interface Done {
  phase: Phase;
  plan: PhasePlan;
  backup: Json | undefined;
  entry: AuditEntry;
}

/** Undo gets its own deadline: it must run even when the job was cancelled. */
const UNDO_DEADLINE_MS = 120_000;

/** Phases that only take effect (restart the service) are undone last, by running them again. */
export function undoOrder(done: readonly Done[]): Done[] {
  const normal = done.filter((d) => !d.phase.runsLast).reverse();
  const last = done.filter((d) => d.phase.runsLast);
  return [...normal, ...last];
}

/**
 * The driver a phase gets: the same transport, but every file write is first noted (path, SHA-256 before and
 * of the new bytes) through `note`, which puts it on disk in the phase's pending audit line.
 */
function noting(driver: Driver, note: (w: WrittenFile) => void): Driver {
  let planned: WrittenFile[] = [];
  return {
    reachedAs: driver.reachedAs,
    hostKey: driver.hostKey,
    runScript: (name, args, opts) => driver.runScript(name, args, opts),
    // a phase script writes on the host itself: the files its `plan` said it will write (`writes`: path,
    // SHA-256 before and after) are noted before its `apply` runs
    call: async (script, input, opts) => {
      if (input.action === 'apply') for (const w of planned) note(w);
      const doc = await driver.call(script, input, opts);
      if (input.action === 'plan') planned = writesOf(doc.writes);
      return doc;
    },
    run: (argv, opts) => driver.run(argv, opts),
    readFile: (path, opts) => driver.readFile(path, opts),
    async writeFile(path, data, opts) {
      const old = await driver.readFile(path, { elevated: opts?.elevated ?? true, signal: opts?.signal });
      note({ path, before: old ? sha256Hex(old) : null, after: sha256Hex(data) });
      await driver.writeFile(path, data, opts);
    },
    close: () => driver.close(),
  };
}

/** A phase script's `writes` (what its apply will write), as far as they are well-formed. */
function writesOf(value: unknown): WrittenFile[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (w): w is WrittenFile =>
      typeof w?.path === 'string' && typeof w.after === 'string' && (w.before === null || typeof w.before === 'string'),
  );
}

export interface ApplyInput {
  jobId: string;
  target: string;
  driver: Driver;
  inspection: Inspection;
  phases: readonly Phase[];
  plans: readonly PhasePlan[];
  signal: AbortSignal;
  out: Sequencer;
  record: AuditRecorder;
  /** what the technician supplied (a checked .pfx): reaches only a phase that `needs` it */
  supplied?: Supplied;
}

/**
 * Applies the phases in order. Returns what was applied, or — when a phase failed or the job was cancelled —
 * `failed: true` after everything the job changed was put back (and `done` is empty).
 */
export async function applyPhases(input: ApplyInput): Promise<{ done: Done[]; failed: boolean }> {
  const { driver, out, record } = input;
  const done: Done[] = [];
  const others = input.phases.some((p) => !p.runsLast);
  for (const [i, phase] of input.phases.entries()) {
    let plan = input.plans[i] as PhasePlan;
    out.emit({ type: 'phase-started', phase: phase.id });
    // a restart only reloads what the other phases changed: when they changed nothing, it is not needed
    const skipRestart = phase.runsLast && others && done.length === 0;
    if (skipRestart) plan = { ...plan, alreadyRight: true, changes: [] };
    if (plan.alreadyRight) {
      const entry = record({
        reachedAs: driver.reachedAs,
        phase: phase.id,
        action: 'apply',
        changes: [],
        outcome: 'already-right',
        message: skipRestart ? 'Not needed: no other phase changed anything.' : 'Already right: nothing changed.',
      });
      out.emit({ type: 'phase-finished', phase: phase.id, outcome: 'already-right', message: entry.message ?? '' });
      continue;
    }
    let backup: Json | undefined;
    const written: WrittenFile[] = [];
    const hostKey = driver.hostKey;
    const trail = () => ({
      reachedAs: driver.reachedAs,
      phase: phase.id,
      action: 'apply' as const,
      changes: plan.changes,
      backup,
      ...(written.length ? { written: [...written] } : {}),
      ...(hostKey ? { hostKey } : {}),
    });
    // on disk (fsynced) before the change it announces: the backup, then each file about to be written
    const pending = () => record({ ...trail(), outcome: 'pending', message: 'Started; not finished yet.' });
    const ctx: PhaseContext = {
      jobId: input.jobId,
      driver: noting(driver, (w) => {
        written.push(w);
        pending();
      }),
      inspection: input.inspection,
      plan,
      target: input.target,
      signal: input.signal,
      log: (line, stream = 'info') => out.emit({ type: 'output', phase: phase.id, stream, line }),
      backup: (value) => {
        backup = value;
        pending();
      },
      ...(phase.needs && input.supplied ? { supplied: input.supplied } : {}),
    };
    try {
      if (input.signal.aborted) throw abortError();
      await phase.apply(ctx);
      if (input.signal.aborted) throw abortError();
      const entry = record({ ...trail(), outcome: 'applied', message: 'Applied.' });
      done.push({ phase, plan, backup, entry });
      out.emit({ type: 'phase-finished', phase: phase.id, outcome: 'applied', message: 'Applied.' });
    } catch (err) {
      const why = messageOf(err);
      // keeps the backup: if the rollback below never runs (the process dies), this phase is still undoable
      const entry = record({ ...trail(), outcome: 'failed', message: why });
      out.emit({ type: 'phase-finished', phase: phase.id, outcome: 'failed', message: why });
      // the failing phase's own partial change is put back too (no backup = it failed before changing anything)
      const failing = backup !== undefined ? [{ phase, plan, backup, entry }] : [];
      await rollBack([...done, ...failing], input.target, driver, input.inspection, out, record, input.jobId);
      return { done: [], failed: true };
    }
  }
  return { done, failed: false };
}

/**
 * Puts back what `list` applied, in undo order. An undo that fails is recorded with its backup: it stays first
 * in line to undo (shared/auditRules.ts), never an older job.
 */
export async function rollBack(
  list: readonly Done[],
  target: string,
  driver: Driver,
  inspection: Inspection,
  out: Sequencer,
  record: AuditRecorder,
  undoes: string,
): Promise<void> {
  // not the job's signal: a cancelled job still puts back what it changed
  const signal = AbortSignal.timeout(UNDO_DEADLINE_MS);
  for (const d of undoOrder(list)) {
    const ctx: PhaseContext = {
      // the job whose change is put back (its backups carry its id)
      jobId: undoes,
      driver,
      inspection,
      plan: d.plan,
      target,
      signal,
      log: (line, stream = 'info') => out.emit({ type: 'output', phase: d.phase.id, stream, line }),
      backup: () => undefined,
    };
    try {
      await d.phase.undo(ctx, d.backup ?? null);
      const entry = record({
        reachedAs: driver.reachedAs,
        phase: d.phase.id,
        action: 'undo',
        undoes,
        changes: d.plan.changes.map((c) => ({ target: c.target, before: c.after, after: c.before })),
        outcome: 'rolled-back',
        message: 'Put back as it was.',
      });
      out.emit({ type: 'phase-finished', phase: d.phase.id, outcome: 'rolled-back', message: entry.message ?? '' });
    } catch (err) {
      const why = `Undo failed: ${messageOf(err)}`;
      record({
        reachedAs: driver.reachedAs,
        phase: d.phase.id,
        action: 'undo',
        undoes,
        changes: [],
        outcome: 'failed',
        message: why,
        backup: d.backup,
      });
      out.emit({ type: 'phase-finished', phase: d.phase.id, outcome: 'failed', message: why });
    }
  }
}
