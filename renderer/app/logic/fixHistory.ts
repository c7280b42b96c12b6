/**
 * The audit log as step 1 shows it: the newest fix on this target that still has something to undo (so an
 * undo works after the app was closed, or after the technician left the Fix screen), by the same rule as the
 * core (shared/auditRules.ts): a fix cut short, or whose undo failed, is offered first, never an older one.
 * Pure.
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

export function lastUndoableFix(entries: readonly AuditEntry[], target: string): EarlierFix | null {
  const [newest] = undoableJobs(entries, target);
  if (!newest) return null;
  return {
    jobId: newest.jobId,
    at: newest.at,
    reachedAs: newest.reachedAs,
    phases: newest.entries.map((e) => e.phase),
    unfinished: newest.unfinished,
    failedUndo: newest.failedUndo,
  };
}
