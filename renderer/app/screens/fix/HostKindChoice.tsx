import type { HostKind } from '../../../../shared/findings';
import { useApp } from '../../store/context';

const KINDS: { kind: HostKind; label: string }[] = [
  { kind: 'xrdp', label: 'xrdp (Linux)' },
  { kind: 'windows', label: 'Windows' },
];

/** The guessed host kind with its reasons, and the radio to correct it. */
export function HostKindChoice() {
  const guess = useApp((s) => s.hostKindGuess);
  const kind = useApp((s) => s.fixHostKind);
  const setKind = useApp((s) => s.setFixHostKind);
  const locked = useApp((s) => s.fixBusy !== null);
  return (
    <fieldset className="field fix-kind" aria-describedby="kind-why">
      <legend>What kind of host is it?</legend>
      <div className="radio-row">
        {KINDS.map((k) => (
          <label key={k.kind} className="checkbox">
            <input
              type="radio"
              name="host-kind"
              value={k.kind}
              checked={kind === k.kind}
              disabled={locked}
              onChange={() => setKind(k.kind)}
            />
            {k.label}
          </label>
        ))}
      </div>
      <div id="kind-why" className="help kind-why" data-testid="kind-why">
        {guess && guess.kind !== 'unknown' ? (
          <>
            <p>
              RDP Doctor thinks it is {guess.kind === 'xrdp' ? 'an xrdp (Linux)' : 'a Windows'} host
              {guess.kind !== kind ? ' (you changed it)' : ''} because:
            </p>
            <ul>
              {guess.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>RDP Doctor could not tell: {guess?.reasons[0] ?? 'nothing was probed.'} Pick the kind of host.</p>
        )}
        <p>Only the fixes for {kind === 'xrdp' ? 'an xrdp' : 'a Windows'} host are shown.</p>
      </div>
    </fieldset>
  );
}
