import { STEP_IDS } from '../../../../shared/probe';
import { Message } from '../../components/Message';
import { ScreenHeading } from '../../components/ScreenHeading';
import { countDone } from '../../logic/steps';
import { useApp } from '../../store/context';
import { StepList } from './StepList';

export function LiveScreen() {
  const target = useApp((s) => s.runTarget);
  const runState = useApp((s) => s.runState);
  const runError = useApp((s) => s.runError);
  const done = useApp((s) => countDone(s.steps));
  const cancel = useApp((s) => s.cancelProbe);
  const startProbe = useApp((s) => s.startProbe);
  const newCheck = useApp((s) => s.newCheck);
  const busy = runState === 'starting' || runState === 'running';
  return (
    <section className="screen" aria-labelledby="live-title" data-screen="live" aria-busy={busy}>
      <ScreenHeading id="live-title">Checking {target}</ScreenHeading>
      <div className="card">
        <div className="live-head">
          <progress max={STEP_IDS.length} value={done} aria-label="Steps done" />
          <span className="live-count" role="status">
            {busy ? `${done} of ${STEP_IDS.length} steps done` : runState === 'failed' ? 'Stopped' : 'Done'}
          </span>
        </div>
        <StepList label={`Steps of the check of ${target}`} />
        {runError && <Message kind="error" text={runError} testId="run-error" />}
        <div className="actions">
          {busy ? (
            <button type="button" className="btn" onClick={() => void cancel()}>
              Cancel
            </button>
          ) : (
            <>
              <button type="button" className="btn btn-primary" onClick={() => void startProbe()}>
                Try again
              </button>
              <button type="button" className="btn" onClick={newCheck}>
                Back
              </button>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
