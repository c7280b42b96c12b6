import { useRef } from 'react';
import { ScreenHeading } from '../../components/ScreenHeading';
import { rootCauseId, unexplainedCodesNote, verdictFor } from '../../logic/findingsView';
import { hasFixPhases } from '../../logic/fixPhases';
import { useApp } from '../../store/context';
import { DetailsDrawer } from '../details/DetailsDrawer';
import { FindingCard } from './FindingCard';
import { ReportActions } from './ReportActions';

export function FindingsScreen() {
  const result = useApp((s) => s.result);
  const decode = useApp((s) => s.decode);
  const startProbe = useApp((s) => s.startProbe);
  const newCheck = useApp((s) => s.newCheck);
  const detailsOpen = useApp((s) => s.detailsOpen);
  const setDetailsOpen = useApp((s) => s.setDetailsOpen);
  const openFix = useApp((s) => s.openFix);
  const detailsButton = useRef<HTMLButtonElement>(null);
  if (!result) return null;
  const fixable = result.findings.filter(hasFixPhases).length;
  const verdict = verdictFor(result, decode);
  const codesNote = unexplainedCodesNote(result, decode);
  const root = rootCauseId(result.findings);
  return (
    <section className="screen" aria-labelledby="findings-title" data-screen="findings">
      <ScreenHeading id="findings-title">Results for {result.input}</ScreenHeading>
      <div className={`verdict verdict-${verdict.kind}`} data-testid="verdict" data-verdict={verdict.kind}>
        <p className="verdict-headline">{verdict.headline}</p>
        <p>{verdict.detail}</p>
        {codesNote && (
          <p className="verdict-note" data-testid="codes-note">
            {codesNote}
          </p>
        )}
      </div>
      <div className="actions">
        {fixable > 0 && (
          <button type="button" className="btn btn-primary" data-testid="fix-all" onClick={() => openFix()}>
            {fixable === 1 ? 'Fix this problem…' : 'Fix these problems…'}
          </button>
        )}
        <button type="button" className="btn" onClick={() => void startProbe()}>
          Check again
        </button>
        <button type="button" className="btn" onClick={newCheck}>
          Check another computer
        </button>
        <button
          type="button"
          className="btn"
          ref={detailsButton}
          aria-expanded={detailsOpen}
          aria-controls="details-drawer"
          onClick={() => setDetailsOpen(true)}
        >
          Technical details
        </button>
      </div>
      {result.findings.length > 0 && (
        <section className="findings" aria-label="Findings">
          {result.findings.map((f) => (
            <FindingCard key={f.id} finding={f} rootCause={f.id === root} />
          ))}
        </section>
      )}
      <ReportActions />
      {detailsOpen && (
        <DetailsDrawer
          result={result}
          onClose={() => {
            setDetailsOpen(false);
            detailsButton.current?.focus();
          }}
        />
      )}
    </section>
  );
}
