import { FINDING_CATALOGUE, isFindingId } from '../../../../shared/findings';
import type { PhasePlan } from '../../../../shared/remediation';
import { Message } from '../../components/Message';
import { riskWithSessions } from '../../logic/fixRisks';
import { useApp } from '../../store/context';
import { CertificatePanel } from './CertificatePanel';
import { ScriptPanel } from './ScriptPanel';
import { SignInAgain } from './SignInAgain';
import { StepHeading } from './StepHeading';

function PhasePlanRow({ p }: { p: PhasePlan }) {
  const selected = useApp((s) => s.selectedPhases.includes(p.phase));
  const toggle = useApp((s) => s.togglePhase);
  const locked = useApp((s) => s.fixBusy !== null);
  const inspection = useApp((s) => s.inspection);
  const id = `plan-${p.phase}`;
  const status = p.alreadyRight ? 'already-right' : selected ? 'selected' : 'not-selected';
  return (
    <li className={`plan-phase plan-${status}`} data-phase={p.phase} data-phase-status={status}>
      <label className="checkbox plan-check">
        <input
          type="checkbox"
          checked={selected}
          disabled={locked || p.alreadyRight}
          aria-describedby={`${id}-what`}
          onChange={(e) => toggle(p.phase, e.target.checked)}
        />
        <span className="plan-title">{p.title}</span>
      </label>
      <div id={`${id}-what`} className="plan-body">
        {p.alreadyRight && <p className="already-right">Already right: nothing to change.</p>}
        {p.addresses.length > 0 && (
          <p className="help">
            Fixes: {p.addresses.map((a) => (isFindingId(a) ? FINDING_CATALOGUE[a].title : a)).join('; ')}
          </p>
        )}
        {p.risks.length > 0 && (
          <ul className="risks" aria-label="Risks">
            {p.risks.map((r) => (
              <li key={r}>
                <span aria-hidden="true">⚠ </span>
                {riskWithSessions(r, inspection)}
              </li>
            ))}
          </ul>
        )}
        {p.changes.length > 0 && (
          <div className="table-scroll">
            <table className="changes stack-narrow">
              <caption className="visually-hidden">Changes of “{p.title}”</caption>
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">Now</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {p.changes.map((c) => (
                  <tr key={`${c.target}-${c.before}-${c.after}`}>
                    <th scope="row">
                      <code>{c.target}</code>
                    </th>
                    <td data-label="Now">{c.before === null ? <em>(none)</em> : <code>{c.before}</code>}</td>
                    <td data-label="After">{c.after === null ? <em>(removed)</em> : <code>{c.after}</code>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {p.commands.length > 0 && (
          <details className="commands">
            <summary>Commands it runs ({p.commands.length})</summary>
            <pre>{p.commands.join('\n')}</pre>
          </details>
        )}
      </div>
    </li>
  );
}

/** Step 3: the phases as a checklist with each one's exact plan, then an explicit confirmation. */
export function PlanStep() {
  const plan = useApp((s) => s.plan);
  const selectedCount = useApp((s) => s.selectedPhases.length);
  const confirmed = useApp((s) => s.fixConfirmed);
  const setConfirmed = useApp((s) => s.setFixConfirmed);
  const reachedAs = useApp((s) => s.inspection?.reachedAs ?? s.sshForm.host);
  const busy = useApp((s) => s.fixBusy);
  const message = useApp((s) => s.fixMessage);
  const start = useApp((s) => s.startFix);
  const makeScript = useApp((s) => s.makeScript);
  const back = useApp((s) => s.goToFixStep);
  if (!plan) return null;
  const runnable = plan.phases.filter((p) => !p.alreadyRight).length;
  return (
    <div className="card fix-card" data-fix-step="plan">
      <StepHeading id="fix-step-title">3. The plan</StepHeading>
      <p>
        {runnable === 0
          ? 'Every phase is already right on the host: there is nothing to change.'
          : 'Tick the phases to run. Each keeps a backup of what it changes, so Undo can put it back.'}
      </p>
      <ol className="plan-list" aria-label="Phases">
        {plan.phases.map((p) => (
          <PhasePlanRow key={p.phase} p={p} />
        ))}
      </ol>
      <CertificatePanel />
      <div className="confirm">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={confirmed}
            disabled={selectedCount === 0 || busy !== null}
            onChange={(e) => setConfirmed(e.target.checked)}
          />
          I have read the plan: run {selectedCount === 1 ? 'this phase' : `these ${selectedCount} phases`} on{' '}
          {reachedAs}.
        </label>
      </div>
      <SignInAgain />
      {message && <Message kind={message.kind} text={message.text} testId="fix-message" />}
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!confirmed || selectedCount === 0 || busy !== null}
          onClick={() => void start()}
        >
          Run the fix
        </button>
        <button
          type="button"
          className="btn"
          disabled={selectedCount === 0 || busy !== null}
          onClick={() => void makeScript()}
        >
          Give me a script instead
        </button>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => back('inspection')}>
          Back
        </button>
      </div>
      <ScriptPanel />
    </div>
  );
}
