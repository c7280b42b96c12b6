import { randomUUID } from 'node:crypto';
import type { ProbeResult } from '../../shared/probe';

interface RunEntry {
  controller: AbortController;
  result: ProbeResult | null;
  /** what the user typed as the mstsc codes, for the report */
  codes?: string;
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
