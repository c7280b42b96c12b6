/**
 * What is left to undo, read from the audit log's entries. One rule for the core (AuditLog.lastUndoable,
 * `fix.pending`, the CLI) and the Fix screen (its "earlier fix" panel). Pure.
 *
 * Per job and phase, the newest entry decides:
 *   apply `pending` / `applied` / `verified` / `not-verified`, or `failed` with a backup (the job stopped
 *   before its rollback) → still to undo;
 *   undo `failed` → still to undo (a failed undo is never taken for done, so an older job is never offered
 *   in its place);
 *   undo `rolled-back`, apply `already-right`, apply `failed` without backup (nothing changed) → nothing to undo.
 * A job is *unfinished* when it never reached its verdict: a phase still `pending` or only `applied` (the
 * run was cut short: crash, window closed, SSH dropped, CLI killed), a failed phase never rolled back, or a
 * failed undo.
 */
import type { AuditEntry } from './remediation';

export interface UndoableJob {
  jobId: string;
  target: string;
  /** when the job first changed something */
  at: string;
  reachedAs: string;
  /** per phase still to undo, the newest apply entry that carries its backup, in the order they ran */
  entries: AuditEntry[];
  unfinished: boolean;
  /** an undo of it was tried and failed */
  failedUndo: boolean;
}

export function sameTarget(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

const CHANGED = new Set<AuditEntry['outcome']>(['pending', 'applied', 'verified', 'not-verified', 'failed']);

function stillToUndo(latest: AuditEntry): boolean {
  if (latest.action === 'undo') return latest.outcome === 'failed';
  return latest.backup !== undefined && CHANGED.has(latest.outcome);
}

/** Jobs with changes left to undo, newest first (the order undo must go in). */
export function undoableJobs(entries: readonly AuditEntry[], target?: string): UndoableJob[] {
  const mine = target === undefined ? entries : entries.filter((e) => sameTarget(e.target, target));
  const applyJobs: string[] = [];
  for (const e of mine) if (e.action === 'apply' && !applyJobs.includes(e.jobId)) applyJobs.push(e.jobId);
  const out: UndoableJob[] = [];
  for (const id of applyJobs.reverse()) {
    const ofJob = mine.filter(
      (e) => (e.jobId === id && e.action === 'apply') || (e.action === 'undo' && e.undoes === id),
    );
    const latest = new Map<string, AuditEntry>();
    const withBackup = new Map<string, AuditEntry>();
    for (const e of ofJob) {
      latest.set(e.phase, e);
      if (e.action === 'apply' && e.backup !== undefined) withBackup.set(e.phase, e);
    }
    const left: AuditEntry[] = [];
    let unfinished = false;
    let failedUndo = false;
    for (const [phase, e] of latest) {
      if (!stillToUndo(e)) continue;
      const carrier = withBackup.get(phase);
      if (!carrier) continue;
      left.push(carrier);
      if (e.action === 'undo') failedUndo = true;
      if (e.action === 'undo' || e.outcome === 'pending' || e.outcome === 'applied' || e.outcome === 'failed')
        unfinished = true;
    }
    if (!left.length) continue;
    const first = ofJob.find((e) => e.action === 'apply') as AuditEntry;
    out.push({
      jobId: id,
      target: first.target,
      at: first.at,
      reachedAs: first.reachedAs,
      entries: left,
      unfinished,
      failedUndo,
    });
  }
  return out;
}
