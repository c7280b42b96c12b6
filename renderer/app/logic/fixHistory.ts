/**
 * The audit log as step 1 shows it: the newest fix on this target that still has something to undo (so an
 * undo works after the app was closed, or after the technician left the Fix screen), by the same rule as the
 * core (shared/auditRules.ts): a fix cut short, or whose undo failed, is offered first, never an older one.
 * Only fixes with something left to undo are listed (a fix undone, or that changed nothing, is not), newest
 * first; Undo is offered on the newest only, since an older one is undone after it. Pure.
 */
import { undoableJobs } from '../../../shared/auditRules';
import type { AuditEntry } from '../../../shared/remediation';

export interface EarlierFix {
  jobId: string;
  at: string;
  reachedAs: string;
  /** the phases it changed, in the order they ran */
  phases: string[];
  /** it never reached its verdict (crash, window closed, SSH dropped) or its undo failed */
  unfinished: boolean;
  failedUndo: boolean;
}

/** Every fix on this target with something left to undo, newest first (the order undo must go in). */
export function undoableFixes(entries: readonly AuditEntry[], target: string): EarlierFix[] {
  return undoableJobs(entries, target).map((job) => ({
    jobId: job.jobId,
    at: job.at,
    reachedAs: job.reachedAs,
    phases: job.entries.map((e) => e.phase),
    unfinished: job.unfinished,
    failedUndo: job.failedUndo,
  }));
}

export function lastUndoableFix(entries: readonly AuditEntry[], target: string): EarlierFix | null {
  return undoableFixes(entries, target)[0] ?? null;
}
