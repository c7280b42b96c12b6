import type { StepStatus } from '../../../shared/probe';

const GLYPH: Record<StepStatus, string> = {
  waiting: '○',
  running: '◌',
  passed: '✓',
  warning: '!',
  failed: '✕',
  skipped: '–',
};

/** A fixed-size status mark; the status is also written out in text next to it (never colour alone). */
export function StatusIcon({ status }: { status: StepStatus }) {
  return (
    <span className={`status-icon status-${status}`} aria-hidden="true">
      {GLYPH[status]}
    </span>
  );
}
