/** The rows of the live probe screen: one per step, updated as events arrive. */

import type { EventOf } from '../../../shared/contract';
import { STEP_IDS, type StepId, type StepStatus } from '../../../shared/probe';

export interface StepRow {
  status: StepStatus;
  durationMs: number | null;
  summary: string;
  errorMessage: string | null;
}

export type StepRows = Record<StepId, StepRow>;
export type StepEventPayload = Extract<EventOf<'probe.event'>, { type: 'step' }>;

export function initialStepRows(): StepRows {
  const rows = {} as StepRows;
  for (const id of STEP_IDS) rows[id] = { status: 'waiting', durationMs: null, summary: '', errorMessage: null };
  return rows;
}

export function applyStepEvent(rows: StepRows, ev: StepEventPayload): StepRows {
  return {
    ...rows,
    [ev.step]: {
      status: ev.status,
      durationMs: ev.durationMs,
      summary: ev.summary,
      errorMessage: ev.error?.message ?? null,
    },
  };
}

/** When a run stops without a result, rows still waiting or running say so instead of spinning forever. */
export function stopUnfinished(rows: StepRows): StepRows {
  const out = { ...rows };
  for (const id of STEP_IDS) {
    if (out[id].status === 'waiting' || out[id].status === 'running') {
      out[id] = { status: 'skipped', durationMs: null, summary: 'not finished: the check stopped', errorMessage: null };
    }
  }
  return out;
}

const DONE: ReadonlySet<StepStatus> = new Set(['passed', 'warning', 'failed', 'skipped']);

export function countDone(rows: StepRows): number {
  return STEP_IDS.filter((id) => DONE.has(rows[id].status)).length;
}

/** Rows from a finished result (the source of truth once it arrives; a missed event is filled in). */
export function rowsFromResult(
  steps: Partial<
    Record<StepId, { status: StepStatus; durationMs: number | null; summary: string; error?: { message: string } }>
  >,
): StepRows {
  const rows = initialStepRows();
  for (const id of STEP_IDS) {
    const s = steps[id];
    if (s)
      rows[id] = {
        status: s.status,
        durationMs: s.durationMs,
        summary: s.summary,
        errorMessage: s.error?.message ?? null,
      };
  }
  return rows;
}

export const STATUS_TEXT: Record<StepStatus, string> = {
  waiting: 'Waiting',
  running: 'Running',
  passed: 'Passed',
  warning: 'Warning',
  failed: 'Failed',
  skipped: 'Skipped',
};

export function formatMs(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
