/**
 * The audit log as step 1 shows it: the newest fix on this target that still has something to undo (so an
 * undo works after the app was closed, or after the technician left the Fix screen). Pure.
 */
import type { AuditEntry } from '../../../shared/remediation';

export interface EarlierFix {
  jobId: string;
  at: string;
  reachedAs: string;
  /** the phases it changed, in the order they ran */
  phases: string[];
}

const CHANGED = new Set(['applied', 'verified', 'not-verified']);

export function lastUndoableFix(entries: readonly AuditEntry[], target: string): EarlierFix | null {
  const mine = entries.filter((e) => e.target.toLowerCase() === target.toLowerCase());
  const undone = new Set(
    mine
      .filter((e) => e.action === 'undo' && e.outcome === 'rolled-back' && e.undoes)
      .map((e) => `${e.undoes}/${e.phase}`),
  );
  const jobs = new Map<string, EarlierFix>();
  for (const e of mine) {
    if (e.action !== 'apply' || !CHANGED.has(e.outcome) || undone.has(`${e.jobId}/${e.phase}`)) continue;
    const job = jobs.get(e.jobId) ?? { jobId: e.jobId, at: e.at, reachedAs: e.reachedAs, phases: [] };
    if (!job.phases.includes(e.phase)) job.phases.push(e.phase);
    if (e.at > job.at) job.at = e.at;
    jobs.set(e.jobId, job);
  }
  let newest: EarlierFix | null = null;
  for (const j of jobs.values()) if (!newest || j.at > newest.at) newest = j;
  return newest;
}
