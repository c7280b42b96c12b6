import { Message } from '../../components/Message';
import { jobBusy } from '../../logic/fixJob';
import { useApp } from '../../store/context';
import { JobError } from './JobError';
import { PhaseRuns } from './PhaseRuns';
import { StepHeading } from './StepHeading';

/** Step 4: each phase's live output as it runs, and Cancel. */
export function ApplyStep() {
  const job = useApp((s) => s.applyJob);
  const busy = useApp((s) => s.fixBusy);
  const message = useApp((s) => s.fixMessage);
  const cancel = useApp((s) => s.cancelFix);
  const close = useApp((s) => s.closeFix);
  const back = useApp((s) => s.goToFixStep);
  if (!job) return null;
  const running = jobBusy(job);
  const status =
    job.state === 'starting'
      ? 'Starting…'
      : job.state === 'running'
        ? (job.waiting ?? 'Running: keep this window open.')
        : job.state === 'cancelled'
          ? 'Cancelled.'
          : job.state === 'failed'
            ? 'Stopped.'
            : 'Done.';
  return (
    <div className="card fix-card" data-fix-step="apply" aria-busy={running}>
      <StepHeading id="fix-step-title">4. Fixing</StepHeading>
      <p className="fix-status" role="status" data-testid="apply-status" data-state={job.state}>
        {status}
      </p>
      <PhaseRuns job={job} label="Phases" />
      <JobError job={job} testId="apply-error" />
      {job.errorCode === 'host-changed' && (
        <p className="help" data-testid="host-changed-help">
          Nothing was changed. Go back to the plan, make it again from the host as it is now, read it, and approve it
          again.
        </p>
      )}
      {job.finished && !job.finished.ok && !job.error && (
        <Message
          kind="error"
          text="Not every phase worked. What a failed phase had changed was put back; the rows above say what happened."
          testId="apply-error"
        />
      )}
      {message && <Message kind={message.kind} text={message.text} testId="fix-message" />}
      <div className="actions">
        {running ? (
          <button
            type="button"
            className="btn"
            disabled={busy === 'cancel' || job.state === 'cancelled'}
            onClick={() => void cancel()}
          >
            {job.state === 'cancelled' ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={() => back('plan')}>
              Back to the plan
            </button>
            <button type="button" className="btn" onClick={close}>
              Back to the results
            </button>
          </>
        )}
      </div>
    </div>
  );
}
