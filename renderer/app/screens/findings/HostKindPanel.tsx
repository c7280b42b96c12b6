import type { HostKind } from '../../../../shared/findings';
import { HOST_KIND_LABEL, type HostKindGuess } from '../../../../shared/guessHostKind';
import { useApp } from '../../store/context';

const KINDS: Array<HostKind | 'unknown'> = ['windows', 'xrdp', 'unknown'];

/** "This looks like an xrdp host, because…" with a way to correct it; the fixes shown follow the choice. */
export function HostKindPanel({ guess, kind }: { guess: HostKindGuess; kind: HostKind | 'unknown' }) {
  const setHostKind = useApp((s) => s.setHostKind);
  const corrected = kind !== guess.kind;
  return (
    <div className="host-kind" data-testid="host-kind" data-host-kind={kind} data-guess={guess.kind}>
      <div className="field field-inline">
        <label htmlFor="host-kind-select">Host kind</label>
        <select
          id="host-kind-select"
          value={kind}
          onChange={(e) => setHostKind(e.target.value as HostKind | 'unknown')}
          aria-describedby="host-kind-why"
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k === 'unknown' ? 'Not sure (show every fix)' : HOST_KIND_LABEL[k]}
              {k === guess.kind ? ' — the probe’s guess' : ''}
            </option>
          ))}
        </select>
      </div>
      <p className="host-kind-reasons" id="host-kind-why">
        {corrected
          ? `You chose ${HOST_KIND_LABEL[kind]}; the probe guessed ${HOST_KIND_LABEL[guess.kind]}: `
          : guess.kind === 'unknown'
            ? 'Why not sure: '
            : `Why ${HOST_KIND_LABEL[guess.kind]}: `}
        {guess.reasons.join(' ')}
      </p>
    </div>
  );
}
