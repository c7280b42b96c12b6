import { randomUUID } from 'node:crypto';

/** Running fix and undo jobs (to cancel them), for every door of this process. Finished jobs live in the audit log. */
export class FixJobStore {
  private readonly running = new Map<string, AbortController>();

  create(): { jobId: string; signal: AbortSignal } {
    const jobId = randomUUID();
    const controller = new AbortController();
    this.running.set(jobId, controller);
    return { jobId, signal: controller.signal };
  }

  finish(jobId: string): void {
    this.running.delete(jobId);
  }

  /** Cancels a running job: it stops at once and undoes what it changed. False when it is not running. */
  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c || c.signal.aborted) return false;
    c.abort();
    return true;
  }

  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}

export const fixJobs = new FixJobStore();
