import { FIX_PHASES } from '../../../../shared/findings';
import { localDateTime } from '../../../../shared/localTime';
import { type EarlierFix as Earlier, undoableFixes } from '../../logic/fixHistory';
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
  const [earlier, ...older] = undoableFixes(history, target);
  if (!earlier && !undoJob) return null;
  return (
    <section className="earlier-fix" aria-labelledby="earlier-title" data-testid="earlier-fix">
      <h4 id="earlier-title">{earlier?.unfinished ? 'An unfinished fix on this host' : 'Earlier fix on this host'}</h4>
      {earlier && (
        <>
          <p data-testid="earlier-summary" data-unfinished={earlier.unfinished}>
            {earlier.unfinished
              ? earlier.failedUndo
                ? `An undo of the fix from ${localDateTime(earlier.at)} on ${earlier.reachedAs} did not finish; it can be tried again: `
                : `A fix from ${localDateTime(earlier.at)} on ${earlier.reachedAs} was cut short before it finished (RDP Doctor was closed or killed, or the connection dropped); it can be undone: `
              : `${localDateTime(earlier.at)} through ${earlier.reachedAs}: `}
            {earlier.phases.map((p) => FIX_PHASES[p]?.title ?? p).join(', ')}.
          </p>
          {older.length > 0 && <OlderFixes fixes={older} />}
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
          {undoJob.verified && (
            <p className="help" data-testid="undo-reprobed">
              {`Probed again after the undo at ${localDateTime(undoJob.verified.after.finishedAt)}: "Back to the results" shows the host as it is now.`}
            </p>
          )}
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

/** The older fixes still to undo, newest first: each is undone after the one above it. */
function OlderFixes({ fixes }: { fixes: Earlier[] }) {
  return (
    <div data-testid="older-fixes">
      <p className="help">Also still to undo, newest first (each after the one above):</p>
      <ul className="older-fixes">
        {fixes.map((f) => (
          <li key={f.jobId} data-job={f.jobId}>
            {localDateTime(f.at)} through {f.reachedAs}: {f.phases.map((p) => FIX_PHASES[p]?.title ?? p).join(', ')}
            {f.unfinished ? ' (cut short)' : ''}.
          </li>
        ))}
      </ul>
    </div>
  );
}
