import { useMemo, useRef } from 'react';
import { fixContextFrom } from '../../../../shared/fixCommands';
import { guessHostKind } from '../../../../shared/guessHostKind';
import { ScreenHeading } from '../../components/ScreenHeading';
import { credentialNote, orderForCodes, rootCauseId, unexplainedCodesNote, verdictFor } from '../../logic/findingsView';
import { hasFixPhases } from '../../logic/fixPhases';
import { useApp } from '../../store/context';
import { chosenHostKind } from '../../store/findingsSlice';
import { DetailsDrawer } from '../details/DetailsDrawer';
import { ClientTable } from './ClientTable';
import { EarlierFixDoor } from './EarlierFixDoor';
import { FindingCard } from './FindingCard';
import { HostKindPanel } from './HostKindPanel';
import { ReportActions } from './ReportActions';

export function FindingsScreen() {
  const result = useApp((s) => s.result);
  const fromFleet = useApp((s) => s.fromFleet);
  // a host opened from the fleet list is judged without the codes typed for one computer
  const decode = useApp((s) => (s.fromFleet ? null : s.decode));
  const backToList = useApp((s) => s.backToFleetList);
  const startProbe = useApp((s) => s.startProbe);
  const newCheck = useApp((s) => s.newCheck);
  const detailsOpen = useApp((s) => s.detailsOpen);
  const setDetailsOpen = useApp((s) => s.setDetailsOpen);
  const chosen = useApp(chosenHostKind);
  const openFix = useApp((s) => s.openFix);
  const detailsButton = useRef<HTMLButtonElement>(null);
  const guess = useMemo(() => (result ? guessHostKind(result) : null), [result]);
  if (!result || !guess) return null;
  const kind = chosen ?? guess.kind;
  const verdict = verdictFor(result, decode, kind);
  // notes (a self-signed certificate, no NLA on xrdp) keep their card's button but are not "to fix"
  const fixable = result.findings.filter((f) => f.severity !== 'info' && hasFixPhases(f, kind)).length;
  const codesNote = unexplainedCodesNote(result, decode);
  const credNote = credentialNote(result);
  const findings = orderForCodes(result.findings, decode, result);
  const root = rootCauseId(findings, decode, result);
  const fixContext = fixContextFrom(result);
  return (
    <section className="screen" aria-labelledby="findings-title" data-screen="findings">
      <ScreenHeading id="findings-title">Results for {result.input}</ScreenHeading>
      <div className={`verdict verdict-${verdict.kind}`} data-testid="verdict" data-verdict={verdict.kind}>
        <p className="verdict-headline">{verdict.headline}</p>
        <p>{verdict.detail}</p>
        <p className="verdict-time" data-testid="probe-time">
          Checked in {(result.durationMs / 1000).toFixed(1)} s
        </p>
        {verdict.causes && verdict.causes.length > 0 && (
          <>
            <p>Likely causes, most likely first:</p>
            <ol className="verdict-causes" data-testid="verdict-causes">
              {verdict.causes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ol>
          </>
        )}
        {codesNote && (
          <p className="verdict-note" data-testid="codes-note">
            {codesNote}
          </p>
        )}
        {credNote && (
          <p className="verdict-note" data-testid="credential-note">
            {credNote}
          </p>
        )}
        <HostKindPanel guess={guess} kind={kind} />
      </div>
      <EarlierFixDoor />
      <div className="actions">
        {fromFleet && (
          <button type="button" className="btn" data-testid="back-to-list" onClick={backToList}>
            Back to the list
          </button>
        )}
        {/* One door per finding: its card's button. Several fixable findings also get one door for all. */}
        {fixable > 1 && (
          <button type="button" className="btn btn-primary" data-testid="fix-all" onClick={() => openFix()}>
            Fix all {fixable}…
          </button>
        )}
        {/* What the network cannot show (a login that fails after the login screen, a black screen: xrdp's session
            layer) is read on the server itself: a door to the read-only inspection when no finding's door leads
            there (with one, that card's button is the one door: issue 18). */}
        {fixable === 0 && (
          <button
            type="button"
            className="btn btn-primary"
            data-testid="inspect-host"
            title="Logins fail after the login screen, or the desktop stays black? Those causes are only visible on the server: RDP Doctor reads them without changing anything."
            onClick={() => openFix()}
          >
            Inspect the server…
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
      {findings.length > 0 && (
        <section className="findings" aria-label="Findings">
          {findings.map((f) => (
            <FindingCard key={f.id} finding={f} rootCause={f.id === root} hostKind={kind} fixContext={fixContext} />
          ))}
        </section>
      )}
      <ClientTable rows={result.clients?.profiles} />
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
