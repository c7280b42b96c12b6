import { localDateTime } from '../../../../shared/localTime';
import { Message } from '../../components/Message';
import { SEVERITY_TEXT } from '../../logic/findingsView';
import { inspectionFindings } from '../../logic/fixInspection';
import { useApp } from '../../store/context';
import { SignInAgain } from './SignInAgain';
import { StepHeading } from './StepHeading';

/** Step 2: what the host itself shows, each finding labelled with where it was seen. */
export function InspectionStep() {
  const inspection = useApp((s) => s.inspection);
  const outside = useApp((s) => s.result?.findings);
  const busy = useApp((s) => s.fixBusy);
  const message = useApp((s) => s.fixMessage);
  const plan = useApp((s) => s.planFix);
  const back = useApp((s) => s.goToFixStep);
  if (!inspection) return null;
  const findings = inspectionFindings(inspection, outside ?? []);
  return (
    <div className="card fix-card" data-fix-step="inspection">
      <StepHeading id="fix-step-title">2. What the host shows</StepHeading>
      <p>
        Read on {inspection.reachedAs} at {localDateTime(inspection.inspectedAt)}. Nothing was changed.
      </p>
      {findings.length === 0 ? (
        <Message kind="info" text="The host shows nothing wrong that RDP Doctor knows how to fix." />
      ) : (
        <ul className="host-findings" aria-label="Findings">
          {findings.map((f) => (
            <li
              key={`${f.seenOn}-${f.id}`}
              className={`host-finding finding-${f.severity}`}
              data-finding={f.id}
              data-seen-on={f.seenOn}
            >
              <div className="finding-badges">
                <span className={`badge badge-${f.severity}`}>{SEVERITY_TEXT[f.severity]}</span>
                <span className={`badge badge-seen-${f.seenOn}`}>
                  {f.seenOn === 'host' ? 'Seen on the host' : 'Seen from outside'}
                </span>
              </div>
              <p className="host-finding-title">
                <strong>{f.title}</strong> <code className="finding-id">{f.id}</code>
              </p>
              <p>{f.detail}</p>
              {f.evidence.length > 0 && (
                <ul className="evidence-lines" aria-label="Evidence">
                  {f.evidence.map((e) => (
                    <li key={e}>
                      <code>{e}</code>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {inspection.summary.length > 0 && (
        <details className="inspection-summary" open>
          <summary>What RDP Doctor read on the host</summary>
          <ul>
            {inspection.summary.map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      <SignInAgain />
      <div aria-live="polite" className="fix-status">
        {busy === 'plan' && <p className="busy">Working out the exact changes (nothing is changed yet)…</p>}
      </div>
      {message && <Message kind={message.kind} text={message.text} testId="fix-message" />}
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void plan()}>
          Plan the fix
        </button>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => back('access')}>
          Back
        </button>
      </div>
    </div>
  );
}
