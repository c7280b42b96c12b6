import { jobBusy } from '../../logic/fixJob';
import { useApp } from '../../store/context';
import type { FixStep } from '../../store/types';

export const FIX_STEPS: { id: FixStep; label: string }[] = [
  { id: 'access', label: 'Reach the host' },
  { id: 'inspection', label: 'Inspect' },
  { id: 'plan', label: 'Plan' },
  { id: 'apply', label: 'Fix' },
  { id: 'verify', label: 'Verify' },
];

/** Where the technician is; steps already passed are buttons back to them (when nothing is running). */
export function FixStepper() {
  const step = useApp((s) => s.fixStep);
  const locked = useApp((s) => s.fixBusy !== null || jobBusy(s.applyJob) || jobBusy(s.undoJob));
  const goTo = useApp((s) => s.goToFixStep);
  const current = FIX_STEPS.findIndex((s) => s.id === step);
  // Once the fix ran, going back would hide its outcome: the steps before it are no longer links.
  const ran = current >= 3;
  return (
    <ol className="fix-steps" aria-label="Fix steps">
      {FIX_STEPS.map((s, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={s.id} className={`fix-step fix-step-${state}`} aria-current={i === current ? 'step' : undefined}>
            <span className="fix-step-number" aria-hidden="true">
              {i < current ? '✓' : i + 1}
            </span>
            {state === 'done' && !locked && !ran ? (
              <button type="button" className="btn-link" onClick={() => goTo(s.id)}>
                {s.label}
                <span className="visually-hidden"> (done, go back)</span>
              </button>
            ) : (
              <span>
                {s.label}
                {state === 'done' && <span className="visually-hidden"> (done)</span>}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
