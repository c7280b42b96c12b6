import type { ProbeResult } from '../../shared/probe';
import type { JobStore } from './jobStore';

interface RunData {
  result: ProbeResult | null;
  /** the re-probe a fix (or its undo) made to verify itself: fresher truth for the runs before it */
  afterFix?: boolean;
}

/**
 * Probe runs, as the handlers use them: the core's JobStore's `probe` jobs (to cancel them) with their finished
 * results (for reports), bounded there.
 */
export class RunStore {
  constructor(private readonly jobs: JobStore) {}

  create(): { runId: string; signal: AbortSignal } {
    const job = this.jobs.start<RunData>('probe', { result: null });
    return { runId: job.id, signal: job.signal };
  }

  /** A result that finished elsewhere (a fleet scan's host) becomes a run, for the findings screen and reports. */
  adopt(result: ProbeResult): string {
    const { runId } = this.create();
    this.finish(runId, result);
    return runId;
  }

  /** A fix's verify re-probe: kept like a run, and found by `refreshed` for the runs of the same target before it. */
  adoptAfterFix(result: ProbeResult): string {
    const runId = this.adopt(result);
    const job = this.jobs.get<RunData>('probe', runId);
    if (job) job.data = { ...job.data, afterFix: true };
    return runId;
  }

  /**
   * The newest re-probe a fix made of the same target after `result` was probed, or null: after a fix, the
   * report tells what the host is now, not what it was before (issue 18).
   */
  refreshed(result: ProbeResult): ProbeResult | null {
    let newest: ProbeResult | null = null;
    for (const job of this.jobs.all<RunData>('probe')) {
      const r = job.data.result;
      if (!job.data.afterFix || !r || r === result || r.input !== result.input) continue;
      if (r.startedAt <= result.startedAt) continue;
      if (!newest || r.startedAt > newest.startedAt) newest = r;
    }
    return newest;
  }

  finish(runId: string, result: ProbeResult): void {
    const job = this.jobs.get<RunData>('probe', runId);
    if (!job) return;
    job.data = { ...job.data, result };
    this.jobs.finish(runId);
  }

  cancel(runId: string): boolean {
    return this.jobs.get('probe', runId) ? this.jobs.cancel(runId).cancelled : false;
  }

  result(runId: string): ProbeResult | null {
    return this.jobs.get<RunData>('probe', runId)?.data.result ?? null;
  }
}
