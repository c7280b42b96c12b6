import { randomUUID } from 'node:crypto';
import { UNDO_NOT_CANCELLABLE } from '../../shared/remediation';

/** Running fix and undo jobs (to cancel them), for every door of this process. Finished jobs live in the audit log. */
export class FixJobStore {
  private readonly running = new Map<string, { controller: AbortController; cancellable: boolean }>();

  create(opts: { cancellable?: boolean } = {}): { jobId: string; signal: AbortSignal } {
    const jobId = randomUUID();
    const controller = new AbortController();
    this.running.set(jobId, { controller, cancellable: opts.cancellable ?? true });
    return { jobId, signal: controller.signal };
  }

  finish(jobId: string): void {
    this.running.delete(jobId);
  }

  /** Ids of the jobs running now (their pending audit lines are not "unfinished"). */
  ids(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Cancels a running job: the driver stops its remote command, then the job puts back what it changed.
   * An undo is not cancellable (`reason` says so); false for a job that is not running.
   */
  cancel(jobId: string): { cancelled: boolean; reason?: string } {
    const job = this.running.get(jobId);
    if (!job) return { cancelled: false, reason: 'That job is not running (it has finished).' };
    if (!job.cancellable) return { cancelled: false, reason: UNDO_NOT_CANCELLABLE };
    if (job.controller.signal.aborted) return { cancelled: false, reason: 'It is already being cancelled.' };
    job.controller.abort();
    return { cancelled: true };
  }

  cancelAll(): void {
    for (const j of this.running.values()) if (j.cancellable) j.controller.abort();
  }
}

export const fixJobs = new FixJobStore();
