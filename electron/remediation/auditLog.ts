/**
 * The audit log: one JSON line per step of a fix (who, when, host, phase, before → after, outcome, backup),
 * appended to fix-audit.jsonl in the app's data folder. Undo reads backups back from here, so it works after
 * the app restarts. Every line is fsynced before `append` returns: a phase's *pending* line (its backup) is on
 * disk before the phase changes anything, so a job cut short (crash, window closed, SSH dropped, CLI killed)
 * can still be undone. A damaged line is skipped, never fatal (the rest of the log stays usable).
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { sameTarget, type UndoableJob, undoableJobs } from '../../shared/auditRules';
import { type AuditEntry, AuditEntrySchema } from '../../shared/remediation';

export { sameTarget };

export const AUDIT_FILE = 'fix-audit.jsonl';

export class AuditLog {
  constructor(readonly file: string) {}

  static inDir(dir: string): AuditLog {
    return new AuditLog(path.join(dir, AUDIT_FILE));
  }

  /** Appends one line and fsyncs it (the line is on disk when this returns). */
  append(entry: AuditEntry): void {
    const checked = AuditEntrySchema.parse(entry);
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const fd = openSync(this.file, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(checked)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Every readable entry, oldest first; optionally only one target's. */
  entries(target?: string): AuditEntry[] {
    if (!existsSync(this.file)) return [];
    const out: AuditEntry[] = [];
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = AuditEntrySchema.safeParse(JSON.parse(line));
        if (parsed.success && (target === undefined || sameTarget(parsed.data.target, target))) out.push(parsed.data);
      } catch {
        // a torn or hand-edited line: skip it
      }
    }
    return out;
  }

  /** One job's entries, oldest first. */
  job(jobId: string): AuditEntry[] {
    return this.entries().filter((e) => e.jobId === jobId);
  }

  /**
   * The newest job on this target that still has changes not undone (a failed undo counts as not undone),
   * with, per phase, the entry that carries its backup. Null when there is nothing to undo. With `jobId`:
   * that job only.
   */
  lastUndoable(target: string, jobId?: string): { jobId: string; entries: AuditEntry[] } | null {
    const jobs = undoableJobs(this.entries(target), target);
    const found = jobId ? jobs.find((j) => j.jobId === jobId) : jobs[0];
    return found ? { jobId: found.jobId, entries: found.entries } : null;
  }

  /**
   * Jobs cut short (a phase still pending or never verified, a failed phase never rolled back, a failed
   * undo), newest first; optionally one target's. `except`: jobs running in this process right now.
   */
  unfinished(target?: string, except: readonly string[] = []): UndoableJob[] {
    return undoableJobs(this.entries(target), target).filter((j) => j.unfinished && !except.includes(j.jobId));
  }
}
/** The technician's OS account on this computer. */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** An audit line as a job writes it: who, when and where are filled in from the job. */
export type AuditRecorder = (entry: Omit<AuditEntry, 'jobId' | 'at' | 'who' | 'target'>) => AuditEntry;

/**
 * The one way a job writes its audit lines: the job's id, target and who, stamped now; appended to the log
 * (except an `already-right` line when `skipAlreadyRight`: a phase that changed nothing needs no backup line)
 * and, when given, collected in `entries`.
 */
export function auditRecorder(job: {
  jobId: string;
  target: string;
  who: string;
  audit: AuditLog;
  entries?: AuditEntry[];
  skipAlreadyRight?: boolean;
}): AuditRecorder {
  return (entry) => {
    const full: AuditEntry = {
      jobId: job.jobId,
      at: new Date().toISOString(),
      who: job.who,
      target: job.target,
      ...entry,
    };
    if (!(job.skipAlreadyRight && full.outcome === 'already-right')) job.audit.append(full);
    job.entries?.push(full);
    return full;
  };
}
