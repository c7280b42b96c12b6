import { phaseViews } from '../../logic/findingsView';
import { fixFindings, phasesFor } from '../../logic/fixPhases';
import { useApp } from '../../store/context';

/** What is being fixed: the findings picked and, for the chosen host kind, the phases that address them. */
export function FixTargets() {
  const result = useApp((s) => s.result);
  const focus = useApp((s) => s.fixFocus);
  const kind = useApp((s) => s.fixHostKind);
  if (!result) return null;
  const findings = fixFindings(result.findings, focus);
  const phases = phaseViews(phasesFor(findings, kind));
  return (
    <div className="fix-targets" data-testid="fix-targets">
      <p>Fixing: {findings.map((f) => f.title).join('; ') || 'nothing: no finding has a fix'}.</p>
      {phases.length > 0 ? (
        <ol className="phase-preview" aria-label={`Fixes for ${kind === 'xrdp' ? 'an xrdp' : 'a Windows'} host`}>
          {phases.map((p) => (
            <li key={p.id} data-phase={p.id}>
              {p.title}
            </li>
          ))}
        </ol>
      ) : (
        <p className="help">No fix for {kind === 'xrdp' ? 'an xrdp' : 'a Windows'} host addresses these findings.</p>
      )}
    </div>
  );
}
