/**
 * The core's one store of background jobs: probe runs, fix and undo jobs, fleet scans. Each has an id, an
 * AbortController to cancel it, whether it is still running, and what its kind keeps with it (a probe's
 * result, a scan's hosts). Finished jobs of a kind are kept up to a bound (the oldest is stopped and dropped);
 * a finished fix job is dropped at once (it lives on in the audit log).
 */
import { randomUUID } from 'node:crypto';
import { UNDO_NOT_CANCELLABLE } from '../../shared/remediation';

export type JobKind = 'probe' | 'fix' | 'fleet';

export interface Job<T> {
  readonly id: string;
  readonly kind: JobKind;
  readonly signal: AbortSignal;
  readonly running: boolean;
  /** what the job's kind keeps with it (mutable: the handler fills it in as the job goes) */
  data: T;
}

interface Entry {
  id: string;
  kind: JobKind;
  controller: AbortController;
  cancellable: boolean;
  running: boolean;
  data: unknown;
}

/** How many jobs of each kind are kept, running or finished; `null`: only while running. */
export const JOB_KEEP: Record<JobKind, number | null> = { probe: 50, fleet: 5, fix: null };

export class JobStore {
  private readonly jobs = new Map<string, Entry>();
  constructor(private readonly keep: Record<JobKind, number | null> = JOB_KEEP) {}

  /** A new running job. `id`: the caller's own id (the CLI's readable job ids); default a random UUID. */
  start<T>(kind: JobKind, data: T, opts: { cancellable?: boolean; id?: string } = {}): Job<T> {
    const id = opts.id ?? randomUUID();
    if (this.jobs.has(id)) throw new Error(`Job ${id} exists already`);
    const entry: Entry = {
      id,
      kind,
      controller: new AbortController(),
      cancellable: opts.cancellable ?? true,
      running: true,
      data,
    };
    this.jobs.set(id, entry);
    this.evict(kind);
    return this.view<T>(entry);
  }

  /** The job, when it is of this kind and still kept. */
  get<T>(kind: JobKind, id: string): Job<T> | undefined {
    const entry = this.jobs.get(id);
    return entry && entry.kind === kind ? this.view<T>(entry) : undefined;
  }

  /** Kept jobs of a kind, oldest first. */
  all<T>(kind: JobKind): Job<T>[] {
    return [...this.jobs.values()].filter((e) => e.kind === kind).map((e) => this.view<T>(e));
  }

  /** Ids of the running jobs of a kind. */
  running(kind: JobKind): string[] {
    return [...this.jobs.values()].filter((e) => e.kind === kind && e.running).map((e) => e.id);
  }

  /** The job has ended (done, failed or cancelled): it is no longer cancellable. */
  finish(id: string): void {
    const entry = this.jobs.get(id);
    if (!entry) return;
    entry.running = false;
    if (this.keep[entry.kind] === null) this.jobs.delete(id);
  }

  /**
   * Cancels a running job (its steps honour the signal; a fix job then puts back what it changed). An undo is
   * not cancellable (`reason` says so); a job that is not running is not cancelled.
   */
  cancel(id: string): { cancelled: boolean; reason?: string } {
    const job = this.jobs.get(id);
    if (!job?.running) return { cancelled: false, reason: 'That job is not running (it has finished).' };
    if (!job.cancellable) return { cancelled: false, reason: UNDO_NOT_CANCELLABLE };
    if (job.controller.signal.aborted) return { cancelled: false, reason: 'It is already being cancelled.' };
    job.controller.abort();
    return { cancelled: true };
  }

  /** Stops every cancellable job of these kinds (the window closed, the server stops). */
  cancelAll(kinds: readonly JobKind[]): void {
    for (const e of this.jobs.values()) if (kinds.includes(e.kind) && e.cancellable) e.controller.abort();
  }

  private evict(kind: JobKind): void {
    const keep = this.keep[kind];
    if (keep === null) return;
    const ofKind = [...this.jobs.values()].filter((e) => e.kind === kind);
    for (const old of ofKind.slice(0, Math.max(0, ofKind.length - keep))) {
      old.controller.abort();
      this.jobs.delete(old.id);
    }
  }

  private view<T>(entry: Entry): Job<T> {
    return {
      id: entry.id,
      kind: entry.kind,
      signal: entry.controller.signal,
      get running() {
        return entry.running;
      },
      get data() {
        return entry.data as T;
      },
      set data(value: T) {
        entry.data = value;
      },
    };
  }
}
