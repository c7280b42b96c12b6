/**
 * The report's "Actions taken" from the audit log: one row per phase of a job (its final outcome) and one
 * per phase an undo put back. Outcomes map onto the report's words: applied / verified / failed /
 * rolled-back (and "skipped" for a phase that was already right).
 */
import { FIX_PHASES } from '../../shared/findings';
import type { AuditEntry } from '../../shared/remediation';
import type { ReportAction } from '../../shared/report';

const OUTCOME: Record<AuditEntry['outcome'], ReportAction['outcome']> = {
  // started and never finished (the run was cut short): reads as failed, with "Interrupted" in the detail
  pending: 'failed',
  applied: 'applied',
  verified: 'verified',
  'not-verified': 'failed',
  failed: 'failed',
  'rolled-back': 'rolled-back',
  'already-right': 'skipped',
};

function describeChanges(changes: AuditEntry['changes']): string {
  return changes.map((c) => `${c.target}: ${c.before ?? '(none)'} → ${c.after ?? '(none)'}`).join('; ');
}

export function actionsFromAudit(entries: readonly AuditEntry[]): ReportAction[] {
  // the final entry per (job, phase, apply|undo), in the order phases first appeared
  const rows = new Map<string, { first: AuditEntry; last: AuditEntry }>();
  for (const e of entries) {
    const key = `${e.jobId}\u0000${e.phase}\u0000${e.action}`;
    const row = rows.get(key);
    if (row) row.last = e;
    else rows.set(key, { first: e, last: e });
  }
  return [...rows.values()].map(({ first, last }) => {
    const title = FIX_PHASES[last.phase]?.title ?? last.phase;
    const changes = last.changes.length ? last.changes : first.changes;
    const what = describeChanges(changes);
    const said =
      last.outcome === 'not-verified'
        ? `Not verified: ${last.message ?? ''}`
        : last.outcome === 'pending'
          ? 'Interrupted before it finished; undo puts back what it may have changed.'
          : (last.message ?? '');
    const prefix = last.action === 'undo' ? `Undo${last.undoes ? ` of job ${last.undoes}` : ''}: ` : '';
    return {
      phaseId: last.phase,
      title,
      startedAt: first.at,
      finishedAt: last.at,
      outcome: OUTCOME[last.outcome],
      detail: `${prefix}${said}${what ? ` (${what})` : ''}`.trim(),
      jobId: last.jobId,
      action: last.action,
      who: last.who,
      reachedAs: last.reachedAs,
      changes: changes.map((c) => ({ ...c })),
    };
  });
}
