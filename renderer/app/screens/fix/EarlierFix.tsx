import { FIX_PHASES } from '../../../../shared/findings';
import { localDateTime } from '../../../../shared/localTime';
import { Message } from '../../components/Message';
import { lastUndoableFix } from '../../logic/fixHistory';
import { jobBusy } from '../../logic/fixJob';
import { useApp } from '../../store/context';
import { PhaseRuns } from './PhaseRuns';

/**
 * Step 1: a fix made on this host earlier (the audit log) that still has changes, with "Undo it": an undo
 * works after the app was closed. It signs in the same way as the wizard (host key first).
 */
export function EarlierFix() {
  const target = useApp((s) => s.runTarget || s.result?.input || '');
  const history = useApp((s) => s.fixHistory);
  const undoJob = useApp((s) => (s.fixStep === 'access' ? s.undoJob : null));
  const via = useApp((s) => s.accessVia);
  const busy = useApp((s) => s.fixBusy !== null || jobBusy(s.undoJob));
  const undoEarlier = useApp((s) => s.undoEarlierFix);
  const cancel = useApp((s) => s.cancelFix);
  const earlier = lastUndoableFix(history, target);
  if (!earlier && !undoJob) return null;
  return (
    <section className="earlier-fix" aria-labelledby="earlier-title" data-testid="earlier-fix">
      <h4 id="earlier-title">Earlier fix on this host</h4>
      {earlier && (
        <>
          <p>
            {localDateTime(earlier.at)} through {earlier.reachedAs}:{' '}
            {earlier.phases.map((p) => FIX_PHASES[p]?.title ?? p).join(', ')}.
          </p>
          <p className="help">
            {via === 'script'
              ? 'To undo it, reach the host another way than a script.'
              : 'Undo puts back exactly what it changed, from its backups. Fill in how to reach the host above, then:'}
          </p>
          {!jobBusy(undoJob) && (
            <div className="actions">
              <button
                type="button"
                className="btn"
                disabled={busy || via === 'script'}
                onClick={() => void undoEarlier()}
              >
                Undo the earlier fix
              </button>
            </div>
          )}
        </>
      )}
      {undoJob && (
        <>
          <p className="fix-status" role="status" data-testid="undo-status" data-state={undoJob.state}>
            {jobBusy(undoJob)
              ? 'Undoing…'
              : undoJob.state === 'finished' && undoJob.finished?.ok
                ? 'Undone: the host is back as it was before that fix.'
                : 'Undo did not finish cleanly: see each phase below.'}
          </p>
          <PhaseRuns job={undoJob} label="Undo phases" />
          {undoJob.error && <Message kind="error" text={undoJob.error} testId="undo-error" />}
          {jobBusy(undoJob) && (
            <div className="actions">
              <button type="button" className="btn" onClick={() => void cancel()}>
                Cancel
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
