import { randomUUID } from 'node:crypto';
import type { ProbeResult } from '../../shared/probe';

interface RunEntry {
  controller: AbortController;
  result: ProbeResult | null;
  /** what the user typed as the mstsc codes, for the report */
  codes?: string;
  /** the re-probe a fix (or its undo) made to verify itself: fresher truth for the runs before it */
  afterFix?: boolean;
}

/** Keeps running probes (to cancel them) and finished results (for reports), bounded in size. */
export class RunStore {
  private readonly runs = new Map<string, RunEntry>();
  constructor(private readonly keep = 50) {}

  create(): { runId: string; signal: AbortSignal } {
    const runId = randomUUID();
    const controller = new AbortController();
    this.runs.set(runId, { controller, result: null });
    while (this.runs.size > this.keep) {
      const oldest = this.runs.keys().next().value as string;
      this.runs.get(oldest)?.controller.abort();
      this.runs.delete(oldest);
    }
    return { runId, signal: controller.signal };
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
    const entry = this.runs.get(runId);
    if (entry) entry.afterFix = true;
    return runId;
  }

  /**
   * The newest re-probe a fix made of the same target after `result` was probed, or null: after a fix, the
   * report tells what the host is now, not what it was before (issue 18).
   */
  refreshed(result: ProbeResult): ProbeResult | null {
    let newest: ProbeResult | null = null;
    for (const entry of this.runs.values()) {
      const r = entry.result;
      if (!entry.afterFix || !r || r === result || r.input !== result.input) continue;
      if (r.startedAt <= result.startedAt) continue;
      if (!newest || r.startedAt > newest.startedAt) newest = r;
    }
    return newest;
  }

  finish(runId: string, result: ProbeResult): void {
    const entry = this.runs.get(runId);
    if (entry) entry.result = result;
  }

  cancel(runId: string): boolean {
    const entry = this.runs.get(runId);
    if (!entry || entry.result || entry.controller.signal.aborted) return false;
    entry.controller.abort();
    return true;
  }

  result(runId: string): ProbeResult | null {
    return this.runs.get(runId)?.result ?? null;
  }

  cancelAll(): void {
    for (const entry of this.runs.values()) entry.controller.abort();
  }
}
