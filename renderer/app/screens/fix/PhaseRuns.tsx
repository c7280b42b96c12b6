import { FIX_PHASES } from '../../../../shared/findings';
import { type FixJob, PHASE_STATUS_TEXT, type PhaseRunStatus } from '../../logic/fixJob';
import { useApp } from '../../store/context';

const GLYPH: Record<PhaseRunStatus, string> = {
  waiting: '○',
  running: '◌',
  applied: '✓',
  'already-right': '✓',
  verified: '✓',
  'not-verified': '!',
  pending: '!',
  failed: '✕',
  'rolled-back': '↶',
  cancelled: '–',
};

const TONE: Record<PhaseRunStatus, string> = {
  waiting: 'waiting',
  running: 'running',
  applied: 'passed',
  'already-right': 'passed',
  verified: 'passed',
  'not-verified': 'warning',
  pending: 'warning',
  failed: 'failed',
  'rolled-back': 'skipped',
  cancelled: 'skipped',
};

/** One row per phase of a job, with its live output (a log region, newest line last). */
export function PhaseRuns({ job, label }: { job: FixJob; label: string }) {
  const titles = useApp((s) => s.plan?.phases);
  const title = (id: string) => titles?.find((p) => p.phase === id)?.title ?? FIX_PHASES[id]?.title ?? id;
  return (
    <ol className="phase-runs" aria-label={label}>
      {job.phases.map((r) => (
        <li
          key={r.phase}
          className={`phase-run phase-run-${r.status}`}
          data-phase={r.phase}
          data-phase-status={r.status}
        >
          <div className="phase-run-head">
            <span className={`status-icon status-${TONE[r.status]}`} aria-hidden="true">
              {GLYPH[r.status]}
            </span>
            <span className="phase-run-title">{title(r.phase)}</span>
            <span className="phase-run-status">{PHASE_STATUS_TEXT[r.status]}</span>
          </div>
          {r.message && <p className="phase-run-message">{r.message}</p>}
          {r.lines.length > 0 && (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling log must be reachable by keyboard (WCAG 2.1.1)
            <pre className="phase-output" role="log" aria-label={`Output of ${title(r.phase)}`} tabIndex={0}>
              {r.lines.map((l) => (
                <span key={l.seq} className={`out-${l.stream}`}>
                  {l.line}
                  {'\n'}
                </span>
              ))}
            </pre>
          )}
        </li>
      ))}
    </ol>
  );
}
