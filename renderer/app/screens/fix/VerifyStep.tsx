import { UNDO_NOT_CANCELLABLE } from '../../../../shared/remediation';
import { Message } from '../../components/Message';
import { jobBusy } from '../../logic/fixJob';
import { verifyHeadline } from '../../logic/fixVerify';
import { useApp } from '../../store/context';
import { JobError } from './JobError';
import { PhaseRuns } from './PhaseRuns';
import { SignInAgain } from './SignInAgain';
import { StepHeading } from './StepHeading';
import { VerifyTable } from './VerifyTable';

function UndoPanel() {
  const undoJob = useApp((s) => s.undoJob);
  const busy = useApp((s) => s.fixBusy);
  const undo = useApp((s) => s.undoFix);
  const undoAnyway = useApp((s) => s.undoAnyway);
  const canUndo = useApp(
    (s) =>
      s.applyJob?.phases.some(
        (p) => p.status === 'applied' || p.status === 'verified' || p.status === 'not-verified',
      ) ?? false,
  );
  // the results were refreshed by the undo's re-probe: "before" is the host before the fix
  const result = useApp((s) => s.applyJob?.verified?.before ?? s.result);
  const running = jobBusy(undoJob);
  // a failed undo stays to undo: only a clean one is done
  const done = undoJob?.state === 'finished' && undoJob.finished?.ok === true;
  return (
    <section className="undo" aria-labelledby="undo-title" data-testid="undo">
      <h4 id="undo-title">Undo</h4>
      {!undoJob && (
        <p>
          {canUndo
            ? 'Puts back exactly what the fix changed, from the backups it kept (they are in the audit log too).'
            : 'Nothing was changed, so there is nothing to undo.'}
        </p>
      )}
      {undoJob && (
        <>
          <p className="fix-status" role="status" data-testid="undo-status" data-state={undoJob.state}>
            {running
              ? 'Undoing…'
              : undoJob.state === 'finished'
                ? undoJob.finished?.ok
                  ? 'Undone: the host is back as it was before the fix.'
                  : 'Undo did not finish cleanly: see each phase below. What it could not put back is still to undo.'
                : undoJob.errorCode === 'undo-conflict'
                  ? 'Not undone yet: the host is not as the fix left it.'
                  : undoJob.state === 'cancelled'
                    ? 'Undo was cancelled.'
                    : 'Undo stopped.'}
          </p>
          {undoJob.waiting && (
            <p className="fix-status" role="status" data-testid="undo-waiting">
              {undoJob.waiting}
            </p>
          )}
          <PhaseRuns job={undoJob} label="Undo phases" />
          <JobError job={undoJob} testId="undo-error" />
          {undoJob.verified && (
            <VerifyTable
              before={result}
              after={undoJob.verified.after}
              caption="Before the fix and after the undo"
              testId="undo-table"
            />
          )}
        </>
      )}
      <UndoActions
        running={running}
        done={done}
        canUndo={canUndo}
        busy={busy !== null}
        conflict={undoJob?.errorCode === 'undo-conflict'}
        tried={undoJob !== null}
        undo={undo}
        undoAnyway={undoAnyway}
      />
    </section>
  );
}

/**
 * Undo's buttons. A running undo has a Cancel that is disabled with its reason (stopping halfway would leave
 * the host half put back). After an `undo-conflict`, "Undo anyway" overwrites the edits it named.
 */
export function UndoActions(props: {
  running: boolean;
  done: boolean;
  canUndo: boolean;
  busy: boolean;
  conflict: boolean;
  /** an undo was tried already */
  tried: boolean;
  undo: () => Promise<void>;
  undoAnyway: () => Promise<void>;
}) {
  if (props.running) {
    return (
      <div className="actions">
        <button type="button" className="btn" disabled aria-describedby="undo-no-cancel">
          Cancel
        </button>
        <p className="help" id="undo-no-cancel" data-testid="undo-no-cancel">
          {UNDO_NOT_CANCELLABLE}
        </p>
      </div>
    );
  }
  if (props.done || !props.canUndo) return null;
  return (
    <div className="actions">
      {props.conflict ? (
        <button
          type="button"
          className="btn btn-danger"
          disabled={props.busy}
          data-testid="undo-anyway"
          onClick={() => void props.undoAnyway()}
        >
          Undo anyway, overwriting these edits
        </button>
      ) : (
        <button type="button" className="btn" disabled={props.busy} onClick={() => void props.undo()}>
          {props.tried ? 'Try the undo again' : 'Undo the fix'}
        </button>
      )}
    </div>
  );
}

/** Step 5: the re-probe as a before/after table, tied to the code the technician typed; then Undo. */
export function VerifyStep() {
  const job = useApp((s) => s.applyJob);
  const before = useApp((s) => s.applyJob?.verified?.before ?? s.result);
  const decode = useApp((s) => s.decode);
  const inspection = useApp((s) => s.inspection);
  const message = useApp((s) => s.fixMessage);
  const close = useApp((s) => s.closeFix);
  const verifyAgain = useApp((s) => s.verifyFixAgain);
  const probeAgain = useApp((s) => s.startProbe);
  const rechecking = useApp((s) => s.fixBusy === 'recheck');
  const locked = useApp((s) => jobBusy(s.undoJob) || s.fixBusy !== null);
  const undone = useApp((s) => s.undoJob?.state === 'finished' && s.undoJob.finished?.ok === true);
  if (!job) return null;
  // re-verifies the fix in place; once it is undone there is no fix to verify: a fresh probe shows the host
  const recheck = undone ? probeAgain : verifyAgain;
  const verified = job.verified;
  const headline = verified
    ? verifyHeadline({
        before,
        after: verified.after,
        inspection,
        inspectionAfter: verified.inspection,
        decode,
        fixed: verified.fixed,
      })
    : null;
  return (
    <div className="card fix-card" data-fix-step="verify">
      <StepHeading id="fix-step-title">5. Did it work?</StepHeading>
      {verified && headline ? (
        <>
          <div
            className={`verdict ${verified.fixed ? 'verdict-healthy' : 'verdict-problem'}`}
            data-testid="verify-headline"
            data-fixed={verified.fixed}
          >
            <p className="verdict-headline">{headline.text}</p>
            <p>{verified.message}</p>
            {undone && (
              <p className="verdict-note" data-testid="undone-note">
                The fix was undone afterwards: this is how the host was between the fix and the undo.
              </p>
            )}
          </div>
          <VerifyTable
            before={before}
            after={verified.after}
            caption="Before and after the fix"
            testId="verify-table"
          />
        </>
      ) : (
        <Message
          kind="info"
          text="The fix ran, but no re-probe result came back: check again to see where the host stands."
        />
      )}
      {job.waiting && (
        <p className="fix-status" role="status" data-testid="verify-waiting">
          {job.waiting}
        </p>
      )}
      <details className="phase-summary-details">
        <summary>What each phase did</summary>
        <PhaseRuns job={job} label="Phases run" />
      </details>
      {message && <Message kind={message.kind} text={message.text} testId="fix-message" />}
      <SignInAgain />
      <UndoPanel />
      <div className="actions">
        <button type="button" className="btn" disabled={locked} onClick={() => void recheck()}>
          {rechecking ? 'Checking again…' : 'Check again'}
        </button>
        <button type="button" className="btn" disabled={locked} onClick={close}>
          Back to the results
        </button>
      </div>
    </div>
  );
}
