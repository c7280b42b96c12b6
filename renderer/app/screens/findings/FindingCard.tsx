import type { Finding } from '../../../../shared/probe';
import { matchingCodes, phaseViews, SEVERITY_TEXT } from '../../logic/findingsView';
import { hasFixPhases } from '../../logic/fixPhases';
import { useApp } from '../../store/context';

function Phases({ title, ids }: { title: string; ids: string[] }) {
  if (ids.length === 0) return null;
  return (
    <div className="phases">
      <h4>{title}</h4>
      <ol>
        {phaseViews(ids).map((p) => (
          <li key={p.id} data-phase={p.id}>
            <strong>{p.title}</strong>
            {p.summary && <span className="phase-summary"> — {p.summary}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function FindingCard({ finding, rootCause }: { finding: Finding; rootCause: boolean }) {
  const decode = useApp((s) => s.decode);
  const openFix = useApp((s) => s.openFix);
  const matched = new Set(matchingCodes(finding.explainsCodes, decode));
  const headingId = `finding-${finding.id}`;
  return (
    <article
      className={`finding finding-${finding.severity}${rootCause ? ' finding-root' : ''}`}
      data-finding={finding.id}
      data-severity={finding.severity}
      aria-labelledby={headingId}
    >
      <div className="finding-badges">
        <span className={`badge badge-${finding.severity}`}>{SEVERITY_TEXT[finding.severity]}</span>
        {rootCause && <span className="badge badge-root">Most likely cause</span>}
        {matched.size > 0 && <span className="badge badge-match">Explains the code you saw</span>}
      </div>
      <h3 id={headingId}>{finding.title}</h3>
      <p className="finding-detail">{finding.detail}</p>
      {finding.evidence.length > 0 && (
        <div className="evidence">
          <h4>Evidence</h4>
          <ul>
            {finding.evidence.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {finding.explainsCodes.length > 0 && (
        <div className="explains">
          <h4>Explains these error codes</h4>
          <ul className="code-list">
            {finding.explainsCodes.map((c) => (
              <li key={c} className={matched.has(c) ? 'code-matched' : undefined} data-matched={matched.has(c)}>
                <code>{c}</code>
                {matched.has(c) && <span className="visually-hidden"> (the code you saw)</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {(finding.fixPhases.windows.length > 0 || finding.fixPhases.xrdp.length > 0) && (
        <div className="fix">
          <h4>How it will be fixed</h4>
          <div className="phase-columns">
            <Phases title="On a Windows host" ids={finding.fixPhases.windows} />
            <Phases title="On an xrdp (Linux) host" ids={finding.fixPhases.xrdp} />
          </div>
        </div>
      )}
      {hasFixPhases(finding) && (
        <div className="actions">
          <button
            type="button"
            className="btn"
            aria-describedby={headingId}
            data-testid={`fix-this-${finding.id}`}
            onClick={() => openFix(finding.id)}
          >
            Fix this
          </button>
        </div>
      )}
    </article>
  );
}
