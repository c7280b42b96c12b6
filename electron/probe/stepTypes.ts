/**
 * What every probe step receives and returns. Steps are small async functions
 * `(ctx) => Promise<StepOutcome>`; the runner (runProbe.ts) schedules them, emits events and
 * enforces the deadline. A step never throws to the UI: failures are outcomes with a code.
 */
import type { ProbeOptionsResolved, StepError, StepFacts, StepStatus } from '../../shared/probe';

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
}

export interface StepOutcome<F = unknown> {
  status: Exclude<StepStatus, 'waiting' | 'running'>;
  /** one line for the live table */
  summary: string;
  facts?: F;
  error?: StepError;
}

export type Step<F> = (ctx: StepContext) => Promise<StepOutcome<F>>;
