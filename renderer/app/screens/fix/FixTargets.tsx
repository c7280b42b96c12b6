import { phaseViews } from '../../logic/findingsView';
import { fixFindings, phasesFor, stepsOf } from '../../logic/fixPhases';
import { useApp } from '../../store/context';

/** What is being fixed: the findings picked and, for the chosen host kind, the phases that address them. */
export function FixTargets() {
  const result = useApp((s) => s.result);
  const focus = useApp((s) => s.fixFocus);
  const kind = useApp((s) => s.fixHostKind);
  if (!result) return null;
  const findings = fixFindings(result.findings, focus);
  const ids = phasesFor(findings, kind);
  const phases = phaseViews(ids);
  const title = (id: string) => phases.find((p) => p.id === id)?.title ?? id;
  return (
    <div className="fix-targets" data-testid="fix-targets">
      <p>Fixing: {findings.map((f) => f.title).join('; ') || 'nothing: no finding has a fix'}.</p>
      {phases.length > 0 ? (
        <ol className="phase-preview" aria-label={`Fixes for ${kind === 'xrdp' ? 'an xrdp' : 'a Windows'} host`}>
          {stepsOf(ids).map(([id = '', other]) => (
            <li key={id} data-phase={id}>
              {other ? (
                <>
                  Either {title(id)}, or {title(other)} <span className="help">(one of the two)</span>
                </>
              ) : (
                title(id)
              )}
            </li>
          ))}
        </ol>
      ) : (
        <p className="help">No fix for {kind === 'xrdp' ? 'an xrdp' : 'a Windows'} host addresses these findings.</p>
      )}
    </div>
  );
}
