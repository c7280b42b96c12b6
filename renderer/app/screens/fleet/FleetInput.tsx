import { useRef } from 'react';
import { FLEET_TEXT_MAX } from '../../../../shared/fleet';
import { useApp } from '../../store/context';

export function FleetInput() {
  const text = useApp((s) => s.fleetText);
  const source = useApp((s) => s.fleetSource);
  const setText = useApp((s) => s.setFleetText);
  const importFile = useApp((s) => s.importFleetFile);
  const start = useApp((s) => s.startFleet);
  const cancel = useApp((s) => s.cancelFleet);
  const state = useApp((s) => s.fleetState);
  const fileInput = useRef<HTMLInputElement>(null);
  const busy = state === 'starting' || state === 'running';
  return (
    <form
      className="card fleet-input"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <div className="field">
        <label htmlFor="fleet-targets">Computers, one per line</label>
        <textarea
          id="fleet-targets"
          rows={6}
          value={text}
          maxLength={FLEET_TEXT_MAX}
          spellCheck={false}
          autoComplete="off"
          disabled={busy}
          aria-describedby="fleet-help"
          placeholder={'server01\nserver02.corp.example:3390\n10.0.0.0/24\n# comments are fine'}
          onChange={(e) => setText(e.target.value)}
        />
        <p id="fleet-help" className="help">
          Names, addresses, name:port, or address ranges such as 10.0.0.0/24 (up to /22, 1,022 computers). An inventory
          exported as CSV works too if it has a "host" column.
          {source !== 'pasted list' && <> Imported from {source}.</>}
        </p>
      </div>
      <div className="actions">
        {busy ? (
          <button type="button" className="btn" onClick={() => void cancel()}>
            Stop
          </button>
        ) : (
          <button type="submit" className="btn btn-primary">
            Check all
          </button>
        )}
        <button type="button" className="btn" disabled={busy} onClick={() => fileInput.current?.click()}>
          Import a file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".txt,.csv,.lst,text/plain,text/csv"
          hidden
          data-testid="fleet-file"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) importFile(file.name, await file.text());
          }}
        />
      </div>
    </form>
  );
}
