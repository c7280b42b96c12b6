import { useEffect, useState } from 'react';
import { progressText } from '../../logic/fleetTable';
import { useApp } from '../../store/context';

/** done / total, problems so far, time left; ticks every second while the scan runs. */
export function FleetProgress() {
  const hosts = useApp((s) => s.fleetHosts);
  const done = useApp((s) => s.fleetDone);
  const state = useApp((s) => s.fleetState);
  const startedAt = useApp((s) => s.fleetStartedAt);
  const finishedAt = useApp((s) => s.fleetFinishedAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (state !== 'running') return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [state]);
  const problems = hosts.filter((h) => h.verdict === 'error').length;
  const warnings = hosts.filter((h) => h.verdict === 'warning').length;
  const fine = hosts.filter((h) => h.verdict === 'ok').length;
  const elapsed = (finishedAt ?? now) - (startedAt ?? now);
  // hosts cut off by Stop were not checked, whatever the done counter says
  const checked = problems + warnings + fine;
  return (
    <div className="card fleet-progress" data-testid="fleet-progress" data-state={state}>
      <progress value={done} max={Math.max(1, hosts.length)} aria-label="Computers checked" />
      <p aria-live="polite">
        {state === 'running'
          ? progressText(done, hosts.length, problems, elapsed)
          : `${checked} of ${hosts.length} checked${state === 'cancelled' ? ' before the stop' : ''} in ${Math.max(1, Math.round(elapsed / 1000))} s: ${problems} with problems, ${warnings} with warnings, ${fine} fine.`}
      </p>
    </div>
  );
}
