import { STEP_IDS, STEP_LABELS, type StepId } from '../../../../shared/probe';
import { StatusIcon } from '../../components/StatusIcon';
import { formatMs, STATUS_TEXT } from '../../logic/steps';
import { useApp } from '../../store/context';

function StepRowView({ id }: { id: StepId }) {
  const row = useApp((s) => s.steps[id]);
  const text = row.errorMessage && row.status === 'failed' ? row.errorMessage : row.summary;
  return (
    <li className={`step-row step-${row.status}`} data-step={id} data-status={row.status}>
      <StatusIcon status={row.status} />
      <span className="step-label">{STEP_LABELS[id]}</span>
      <span className="step-status">{STATUS_TEXT[row.status]}</span>
      <span className="step-duration">{formatMs(row.durationMs)}</span>
      <span className="step-summary" title={text || undefined}>
        {text}
      </span>
    </li>
  );
}

/** Every probe step, in order; rows keep their size as they change so nothing jumps while events stream. */
export function StepList({ label }: { label: string }) {
  return (
    <ol className="step-list" aria-label={label}>
      {STEP_IDS.map((id) => (
        <StepRowView key={id} id={id} />
      ))}
    </ol>
  );
}
