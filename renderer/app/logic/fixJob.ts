/**
 * A fix or undo job as the Fix screen shows it: one row per phase with its live output, built from
 * `fix.event`s. Events are applied in `seq` order and each at most once, so a late, repeated or reordered
 * event never scrambles the output.
 */
import type { FixEvent, PhaseOutcome } from '../../../shared/remediation';

export type PhaseRunStatus = 'waiting' | 'running' | PhaseOutcome | 'cancelled';
export interface OutputLine {
  seq: number;
  stream: 'stdout' | 'stderr' | 'info';
  line: string;
}
export interface PhaseRun {
  phase: string;
  status: PhaseRunStatus;
  /** the seq of the event that set `status` (an older event arriving late never overrides a newer one) */
  statusSeq: number;
  lines: OutputLine[];
  message: string | null;
}
export type JobState = 'starting' | 'running' | 'finished' | 'failed' | 'cancelled';
export type VerifiedEvent = Extract<FixEvent, { type: 'verified' }>;
export type FinishedEvent = Extract<FixEvent, { type: 'finished' }>;

export interface FixJob {
  kind: 'apply' | 'undo';
  jobId: string | null;
  state: JobState;
  phases: PhaseRun[];
  /** seqs already applied: a repeated event is dropped */
  seen: number[];
  verified: VerifiedEvent | null;
  /** what the verify is waiting for ("Waiting for xrdp to come back…"), until the re-probe answers */
  waiting: string | null;
  finished: FinishedEvent | null;
  error: string | null;
  /** one line per detail of the error (the plan's differences, the files edited since the fix) */
  errorDetails: string[];
  /** the error's code ("host-changed", "undo-conflict"…) */
  errorCode: string | null;
}

/** Keeps any job's output bounded: a runaway command must not grow the page forever. */
export const MAX_LINES_PER_PHASE = 2000;

export function newJob(kind: FixJob['kind'], phases: readonly string[]): FixJob {
  return {
    kind,
    jobId: null,
    state: 'starting',
    phases: phases.map((phase) => ({ phase, status: 'waiting', statusSeq: -1, lines: [], message: null })),
    seen: [],
    verified: null,
    waiting: null,
    finished: null,
    error: null,
    errorDetails: [],
    errorCode: null,
  };
}

function withPhase(job: FixJob, phase: string, change: (row: PhaseRun) => PhaseRun): PhaseRun[] {
  const exists = job.phases.some((p) => p.phase === phase);
  const rows = exists
    ? job.phases
    : [...job.phases, { phase, status: 'waiting' as const, statusSeq: -1, lines: [], message: null }];
  return rows.map((r) => (r.phase === phase ? change(r) : r));
}

/** Inserts a line where its seq puts it (events normally arrive in order: then it is a push). */
function insertLine(lines: OutputLine[], line: OutputLine): OutputLine[] {
  if (lines.length >= MAX_LINES_PER_PHASE) return lines;
  let i = lines.length;
  while (i > 0 && (lines[i - 1] as OutputLine).seq > line.seq) i--;
  return [...lines.slice(0, i), line, ...lines.slice(i)];
}

/** Rows still running when a job ends say how they ended; waiting rows never ran. */
export function stopUnfinished(rows: PhaseRun[], running: PhaseRunStatus): PhaseRun[] {
  return rows.map((r) => (r.status === 'running' ? { ...r, status: running } : r));
}

/**
 * Applies an event of this job: output lines are kept in seq order, a repeated event (same seq) is
 * dropped, and a phase's status only moves forward in seq, so a late event cannot undo a newer one.
 */
export function applyFixEvent(job: FixJob, ev: FixEvent): FixJob {
  if (ev.jobId !== job.jobId || job.seen.includes(ev.seq)) return job;
  const seen = [...job.seen, ev.seq];
  const ended = (state: JobState): JobState => (job.state === 'cancelled' ? 'cancelled' : state);
  switch (ev.type) {
    case 'phase-started':
      return {
        ...job,
        seen,
        phases: withPhase(job, ev.phase, (r) =>
          r.statusSeq > ev.seq ? r : { ...r, status: 'running', statusSeq: ev.seq },
        ),
      };
    case 'output':
      return {
        ...job,
        seen,
        phases: withPhase(job, ev.phase, (r) => ({
          ...r,
          lines: insertLine(r.lines, { seq: ev.seq, stream: ev.stream, line: ev.line }),
        })),
      };
    case 'phase-finished':
      return {
        ...job,
        seen,
        phases: withPhase(job, ev.phase, (r) =>
          r.statusSeq > ev.seq ? r : { ...r, status: ev.outcome, statusSeq: ev.seq, message: ev.message },
        ),
      };
    case 'verifying':
      return { ...job, seen, waiting: ev.message };
    case 'verified':
      return { ...job, seen, verified: ev, waiting: null };
    case 'finished':
      return {
        ...job,
        seen,
        finished: ev,
        state: ended('finished'),
        waiting: null,
        phases: stopUnfinished(job.phases, job.state === 'cancelled' ? 'cancelled' : 'failed'),
      };
    case 'failed':
      return {
        ...job,
        seen,
        state: ended('failed'),
        error: ev.error.message,
        errorDetails: ev.error.details ?? [],
        errorCode: ev.error.code,
        waiting: null,
        phases: stopUnfinished(job.phases, job.state === 'cancelled' ? 'cancelled' : 'failed'),
      };
  }
}

export const PHASE_STATUS_TEXT: Record<PhaseRunStatus, string> = {
  waiting: 'Waiting',
  running: 'Running',
  applied: 'Applied',
  'already-right': 'Already right',
  verified: 'Verified',
  'not-verified': 'Not verified',
  pending: 'Interrupted',
  failed: 'Failed',
  'rolled-back': 'Undone',
  cancelled: 'Cancelled',
};

export function jobBusy(job: FixJob | null): boolean {
  return job !== null && (job.state === 'starting' || job.state === 'running');
}
