/**
 * What every probe step receives and returns. Steps are small async functions
 * `(ctx) => Promise<StepOutcome>`; the runner (runProbe.ts) schedules them, emits events and
 * enforces the deadline. A step never throws to the UI: failures are outcomes with a code.
 */
import type { ProbeOptionsResolved, StepError, StepFacts, StepStatus } from '../../shared/probe';
import type { ConnectionLog, ConnectionTrace } from './connectionLog';
import type { Handoff } from './handoff';

export interface StepContext {
  options: ProbeOptionsResolved;
  /** as typed (without brackets for IPv6) */
  host: string;
  port: number;
  /** the address the TCP step connected to; null before it */
  address: string | null;
  /** aborted at the overall deadline or on cancel; every socket and timer must honour it */
  signal: AbortSignal;
  /** epoch ms when the whole probe must be done */
  deadline: number;
  /** facts found by earlier steps */
  facts: StepFacts;
  /** connections the negotiation left open for later steps to continue on (absent: each step opens its own) */
  handoff?: Handoff;
  /** every connection this probe opened so far, with its connect time */
  connections?: ConnectionLog;
  /** the probe's log with this step's id: passed on to whatever opens a connection for the step */
  trace?: ConnectionTrace;
}

export interface StepOutcome<F = unknown> {
  status: Exclude<StepStatus, 'waiting' | 'running'>;
  /** one line for the live table */
  summary: string;
  facts?: F;
  error?: StepError;
}

export type Step<F> = (ctx: StepContext) => Promise<StepOutcome<F>>;

/**
 * A step's own timeout: at most `maxMs`, and ending a little before the probe's deadline so the step reports
 * what it saw (no response, a partial message) instead of being cut off by the overall abort.
 */
export const DEADLINE_MARGIN_MS = 60;
export function stepBudget(ctx: Pick<StepContext, 'deadline'>, maxMs: number): number {
  return Math.max(1, Math.min(maxMs, ctx.deadline - Date.now() - DEADLINE_MARGIN_MS));
}
