/**
 * Undo of a past job, from the audit log: it first compares each file with what the fix wrote and the host key
 * with the one used (a later edit or another host is refused unless `force`), then puts back each phase from
 * its backup (applyPhases.ts's rollBack) and, when asked, probes again to show the host as it is now.
 */
import type { HostKind } from '../../shared/findings';
import type { ProbeResult } from '../../shared/probe';
import type { AuditEntry, FixEvent, HostAccessResolved } from '../../shared/remediation';
import { type Done, rollBack, undoOrder } from './applyPhases';
import { type AuditLog, auditRecorder, currentUser } from './auditLog';
import { DetailedError, errorOf, Sequencer, sha256Hex } from './jobEvents';
import type { Registry } from './registry';
import type { JobOutcome } from './runJob';
import { type Driver, type Json, RemediationError } from './types';
import { defaultProbe, type ProbeFn, VERIFY_WAIT_MS, type WaitForPort, waitForTcpPort } from './verifyJob';

export interface UndoInput {
  jobId: string;
  target: string;
  hostKind: HostKind;
  access: HostAccessResolved;
  /** the job to undo; default: the newest job on this target with changes not undone yet */
  undoJobId?: string;
  registry: Registry;
  audit: AuditLog;
  emit(event: FixEvent): void;
  driver?: Driver;
  who?: string;
  /**
   * Put back even when a file was edited after the fix, or the host key differs from the one used then
   * (the technician was told and said yes). Without it such an undo stops with `undo-conflict`.
   */
  force?: boolean;
  /**
   * After a clean undo, probe the target again (waiting for the service when a restart was put back) and
   * emit `verified` with the fresh result: the host as it is now (issue 18). Without it there is no re-probe.
   */
  reprobe?: { probe?: ProbeFn; waitForPort?: WaitForPort; waitMs?: number; signal?: AbortSignal };
}

/**
 * What an undo would overwrite that the fix did not write: files whose bytes are now neither what the fix
 * wrote nor what was there before it, and another host key than the one the fix went through.
 */
export async function undoConflicts(entries: readonly AuditEntry[], driver: Driver): Promise<string[]> {
  const lines: string[] = [];
  const usedKeys = [...new Set(entries.map((e) => e.hostKey).filter((k): k is string => Boolean(k)))];
  if (driver.hostKey && usedKeys.length && !usedKeys.includes(driver.hostKey)) {
    lines.push(
      `The host key is now ${driver.hostKey}; the fix was made through ${usedKeys.join(', ')}. This may be another machine, or the host was reinstalled.`,
    );
  }
  const known = new Map<string, { states: Set<string | null>; wrote: string }>();
  for (const e of entries) {
    for (const w of e.written ?? []) {
      const k = known.get(w.path) ?? { states: new Set<string | null>(), wrote: w.after };
      k.states.add(w.before);
      k.states.add(w.after);
      k.wrote = w.after;
      known.set(w.path, k);
    }
  }
  for (const [path, k] of known) {
    const live = await driver.readFile(path, { elevated: true });
    const now = live ? sha256Hex(live) : null;
    if (k.states.has(now)) continue;
    lines.push(
      now === null
        ? `${path} was removed after the fix.`
        : `${path} was changed after the fix (SHA-256 now ${now.slice(0, 12)}…, the fix wrote ${k.wrote.slice(0, 12)}…): undo would overwrite that later edit.`,
    );
  }
  return lines;
}

/** Puts back what a past job changed, from the backups in the audit log. Cannot be cancelled. */
export async function undoJob(input: UndoInput): Promise<JobOutcome> {
  const out = new Sequencer(input.jobId, input.emit);
  const who = input.who ?? currentUser();
  const entries: AuditEntry[] = [];
  let driver = input.driver;
  const ownDriver = !driver;
  try {
    const last = input.audit.lastUndoable(input.target, input.undoJobId);
    if (!last) {
      throw new RemediationError(
        'nothing-to-undo',
        input.undoJobId
          ? `Job ${input.undoJobId} has no change left to undo on ${input.target}.`
          : `No fix on ${input.target} is left to undo (the audit log has none).`,
      );
    }
    driver ??= await input.registry.transport(input.access.via)(input.access, {});
    const conflicts = await undoConflicts(last.entries, driver);
    if (conflicts.length && !input.force) {
      throw new DetailedError(
        'undo-conflict',
        'Nothing was put back: the host is not as the fix left it. Undo anyway only if you mean to overwrite this.',
        conflicts,
      );
    }
    const inspection = await input.registry.inspector(input.hostKind).inspect(driver, input.target);
    const list: Done[] = [];
    for (const e of last.entries) {
      const phase = input.registry.phase(e.phase);
      if (!phase)
        throw new RemediationError(
          'unknown-phase',
          `The audit log names a phase this build does not know: ${e.phase}.`,
        );
      const plan = phase.plan(inspection, input.target);
      list.push({ phase, plan: { ...plan, changes: e.changes }, backup: (e.backup ?? null) as Json, entry: e });
    }
    const record = auditRecorder({ ...input, who, entries });
    for (const d of undoOrder(list)) out.emit({ type: 'phase-started', phase: d.phase.id });
    await rollBack(list, input.target, driver, inspection, out, record, last.jobId);
    const ok = entries.every((e) => e.outcome === 'rolled-back');
    const after = ok && input.reprobe ? await probeAfterUndo(input, list, driver, out) : null;
    out.emit({ type: 'finished', ok, entries });
    return { ok, entries, inspection, after };
  } catch (err) {
    out.emit({ type: 'failed', error: errorOf(err) });
    return { ok: false, entries, inspection: null, after: null };
  } finally {
    if (ownDriver) await driver?.close().catch(() => undefined);
  }
}

/**
 * The re-probe after a clean undo: wait for the service when a restart was put back, probe, inspect again,
 * and emit `verified` (not a verdict on a fix: `fixed` is false, the message says what it is). A re-probe
 * that fails leaves the undo done; only the fresher result is missing.
 */
async function probeAfterUndo(
  input: UndoInput,
  undone: readonly Done[],
  driver: Driver,
  out: Sequencer,
): Promise<ProbeResult | null> {
  const r = input.reprobe ?? {};
  const signal = r.signal ?? AbortSignal.timeout(120_000);
  const name = input.hostKind === 'xrdp' ? 'xrdp' : 'Remote Desktop';
  try {
    if (undone.some((d) => d.phase.runsLast)) {
      out.emit({ type: 'verifying', message: `Waiting for ${name} to come back after the undo…` });
      await (r.waitForPort ?? waitForTcpPort)(input.target, r.waitMs ?? VERIFY_WAIT_MS, signal);
    }
    out.emit({ type: 'verifying', message: 'Probing again to show the host as it is now…' });
    const after = await (r.probe ?? defaultProbe)(input.target, signal);
    const again = await input.registry.inspector(input.hostKind).inspect(driver, input.target, signal);
    out.emit({
      type: 'verified',
      before: null,
      after,
      inspection: again,
      fixed: false,
      message: 'Probed again after the undo: this is the host as it is now.',
    });
    return after;
  } catch (err) {
    out.emit({ type: 'verifying', message: `The undo is done, but probing again failed: ${errorOf(err).message}` });
    return null;
  }
}
