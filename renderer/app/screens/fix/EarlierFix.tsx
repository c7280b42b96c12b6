import { FIX_PHASES } from '../../../../shared/findings';
import { lastUndoableFix } from '../../logic/fixHistory';
import { jobBusy } from '../../logic/fixJob';
import { useApp } from '../../store/context';
import { JobError } from './JobError';
import { PhaseRuns } from './PhaseRuns';
import { UndoActions } from './VerifyStep';

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
  const undoAnyway = useApp((s) => s.undoAnyway);
  const earlier = lastUndoableFix(history, target);
  if (!earlier && !undoJob) return null;
  return (
    <section className="earlier-fix" aria-labelledby="earlier-title" data-testid="earlier-fix">
      <h4 id="earlier-title">{earlier?.unfinished ? 'An unfinished fix on this host' : 'Earlier fix on this host'}</h4>
      {earlier && (
        <>
          <p data-testid="earlier-summary" data-unfinished={earlier.unfinished}>
            {earlier.unfinished
              ? earlier.failedUndo
                ? `An undo of the fix from ${new Date(earlier.at).toLocaleString()} on ${earlier.reachedAs} did not finish; it can be tried again: `
                : `A fix from ${new Date(earlier.at).toLocaleString()} on ${earlier.reachedAs} was cut short before it finished (RDP Doctor was closed or killed, or the connection dropped); it can be undone: `
              : `${new Date(earlier.at).toLocaleString()} through ${earlier.reachedAs}: `}
            {earlier.phases.map((p) => FIX_PHASES[p]?.title ?? p).join(', ')}.
          </p>
          <p className="help">
            {via === 'script'
              ? 'To undo it, reach the host another way than a script.'
              : 'Undo puts back exactly what it changed, from its backups. Fill in how to reach the host above, then:'}
          </p>
          {!jobBusy(undoJob) && undoJob?.errorCode !== 'undo-conflict' && (
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
                : undoJob.errorCode === 'undo-conflict'
                  ? 'Not undone yet: the host is not as that fix left it.'
                  : 'Undo did not finish cleanly: see each phase below.'}
          </p>
          <PhaseRuns job={undoJob} label="Undo phases" />
          <JobError job={undoJob} testId="undo-error" />
          {(jobBusy(undoJob) || undoJob.errorCode === 'undo-conflict') && (
            <UndoActions
              running={jobBusy(undoJob)}
              done={false}
              canUndo
              busy={busy}
              conflict={undoJob.errorCode === 'undo-conflict'}
              tried
              undo={undoEarlier}
              undoAnyway={undoAnyway}
            />
          )}
        </>
      )}
    </section>
  );
}
