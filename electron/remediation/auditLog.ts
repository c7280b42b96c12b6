/**
 * The audit log: one JSON line per applied change (who, when, host, phase, before → after, outcome, backup),
 * appended to fix-audit.jsonl in the app's data folder. Undo reads backups back from here, so it works after
 * the app restarts. A damaged line is skipped, never fatal (the rest of the log stays usable).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { type AuditEntry, AuditEntrySchema } from '../../shared/remediation';

export const AUDIT_FILE = 'fix-audit.jsonl';

export class AuditLog {
  constructor(readonly file: string) {}

  static inDir(dir: string): AuditLog {
    return new AuditLog(path.join(dir, AUDIT_FILE));
  }

  append(entry: AuditEntry): void {
    const checked = AuditEntrySchema.parse(entry);
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    appendFileSync(this.file, `${JSON.stringify(checked)}\n`, { mode: 0o600 });
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
   * The newest job on this target that still has applied changes not undone yet, with those entries (the
   * newest entry per phase, which carries the backup). Null when there is nothing to undo.
   */
  lastUndoable(target: string, jobId?: string): { jobId: string; entries: AuditEntry[] } | null {
    const all = this.entries(target);
    const jobs = [...new Set(all.map((e) => e.jobId))].reverse();
    for (const id of jobId ? [jobId] : jobs) {
      const ofJob = all.filter((e) => e.jobId === id || e.undoes === id);
      const perPhase = new Map<string, AuditEntry>();
      for (const e of ofJob) perPhase.set(e.phase, e);
      const pending = [...perPhase.values()].filter(
        (e) =>
          e.action === 'apply' &&
          e.backup !== undefined &&
          (e.outcome === 'applied' || e.outcome === 'verified' || e.outcome === 'not-verified'),
      );
      if (pending.length) return { jobId: id, entries: ofJob.filter((e) => pending.includes(e)) };
      if (jobId) return null;
    }
    return null;
  }
}

export function sameTarget(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The technician's OS account on this computer. */
export function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
