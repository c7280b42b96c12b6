/**
 * The fix job runner, host-kind agnostic: open the transport → inspect (read-only) → plan → apply each phase
 * (the phase records its backup before changing anything) → on a failure or cancel, undo what the job did
 * → verify with a fresh probe and re-inspection, compared with what each phase promised → audit log.
 * Every step is a `fix.event` with a sequence number. `undoJob` puts a past job back from the audit log.
 */

import type { HostKind } from '../../shared/findings';
import type { ProbeResult } from '../../shared/probe';
import type { AuditEntry, FixEvent, HostAccessResolved, Inspection, PhasePlan } from '../../shared/remediation';
import { probeAndDiagnose } from '../core/probeAndDiagnose';
import { type AuditLog, currentUser } from './auditLog';
import type { Registry } from './registry';
import {
  abortError,
  type Driver,
  isAbortError,
  type Json,
  type Phase,
  type PhaseContext,
  RemediationError,
} from './types';

/** A fix event before the runner numbers it. */
export type FixEventDraft = FixEvent extends infer E ? (E extends FixEvent ? Omit<E, 'jobId' | 'seq'> : never) : never;

export interface JobInput {
  jobId: string;
  target: string;
  hostKind: HostKind;
  access: HostAccessResolved;
  phases: readonly string[];
  registry: Registry;
  audit: AuditLog;
  signal: AbortSignal;
  emit(event: FixEvent): void;
  /** the probe the technician saw (for the before/after table); null when there was none */
  before?: ProbeResult | null;
  /** how to probe again (tests may shorten the stability samples) */
  probe?: (target: string, signal: AbortSignal) => Promise<ProbeResult>;
  /** an already open driver (the caller closes it); otherwise the runner opens and closes one */
  driver?: Driver;
  /** 'job' (default): a failure undoes every phase this job applied; 'phase': only the failing phase */
  rollback?: 'job' | 'phase';
  who?: string;
}

export interface JobOutcome {
  ok: boolean;
  entries: AuditEntry[];
  inspection: Inspection | null;
  after: ProbeResult | null;
}

/** Undo gets its own deadline: it must run even when the job was cancelled. */
const UNDO_DEADLINE_MS = 120_000;

export const defaultProbe = (target: string, signal: AbortSignal): Promise<ProbeResult> =>
  probeAndDiagnose({ target, stabilitySamples: 0, timeoutMs: 15_000 }, { signal });

function messageOf(err: unknown): string {
  if (isAbortError(err)) return 'Cancelled.';
  return (err as Error)?.message ?? String(err);
}

function codeOf(err: unknown): string {
  if (err instanceof RemediationError) return err.code;
  if (isAbortError(err)) return 'cancelled';
  return 'internal';
}

class Sequencer {
  private seq = 0;
  constructor(
    private readonly jobId: string,
    private readonly sink: (e: FixEvent) => void,
  ) {}
  emit(draft: FixEventDraft): void {
    this.sink({ ...draft, jobId: this.jobId, seq: this.seq++ } as FixEvent);
  }
}

interface Done {
  phase: Phase;
  plan: PhasePlan;
  backup: Json | undefined;
  entry: AuditEntry;
}

/** Phases that only take effect (restart the service) are undone last, by running them again. */
function undoOrder(done: Done[]): Done[] {
  const normal = done.filter((d) => !d.phase.runsLast).reverse();
  const last = done.filter((d) => d.phase.runsLast);
  return [...normal, ...last];
}

export async function runJob(input: JobInput): Promise<JobOutcome> {
  const out = new Sequencer(input.jobId, input.emit);
  const who = input.who ?? currentUser();
  const entries: AuditEntry[] = [];
  let driver = input.driver;
  const ownDriver = !driver;
  const record = (entry: Omit<AuditEntry, 'jobId' | 'at' | 'who' | 'target'>): AuditEntry => {
    const full: AuditEntry = {
      jobId: input.jobId,
      at: new Date().toISOString(),
      who,
      target: input.target,
      ...entry,
    };
    // A phase that changed nothing needs no backup line in the log; it is still in the job's entries.
    if (full.outcome !== 'already-right') input.audit.append(full);
    entries.push(full);
    return full;
  };
  try {
    if (input.signal.aborted) throw abortError();
    driver ??= await input.registry.transport(input.access.via)(input.access, { signal: input.signal });
    const inspector = input.registry.inspector(input.hostKind);
    const phases = input.registry.resolvePhases(input.hostKind, input.phases);
    if (!phases.length) throw new RemediationError('no-phases', 'No fix phase was chosen.');
    const inspection = await inspector.inspect(driver, input.target, input.signal);
    const done: Done[] = [];
    let failure: { phase: string; error: unknown } | null = null;

    const others = phases.some((p) => !p.runsLast);
    for (const phase of phases) {
      let plan = phase.plan(inspection, input.target);
      out.emit({ type: 'phase-started', phase: phase.id });
      // a restart only reloads what the other phases changed: when they changed nothing, it is not needed
      const skipRestart = phase.runsLast && others && done.length === 0;
      if (skipRestart) plan = { ...plan, alreadyRight: true, changes: [] };
      if (plan.alreadyRight) {
        const entry = record({
          reachedAs: driver.reachedAs,
          phase: phase.id,
          action: 'apply',
          changes: [],
          outcome: 'already-right',
          message: skipRestart ? 'Not needed: no other phase changed anything.' : 'Already right: nothing changed.',
        });
        out.emit({ type: 'phase-finished', phase: phase.id, outcome: 'already-right', message: entry.message ?? '' });
        continue;
      }
      let backup: Json | undefined;
      const ctx: PhaseContext = {
        jobId: input.jobId,
        driver,
        inspection,
        plan,
        target: input.target,
        signal: input.signal,
        log: (line, stream = 'info') => out.emit({ type: 'output', phase: phase.id, stream, line }),
        backup: (value) => {
          backup = value;
        },
      };
      try {
        if (input.signal.aborted) throw abortError();
        await phase.apply(ctx);
        if (input.signal.aborted) throw abortError();
        const entry = record({
          reachedAs: driver.reachedAs,
          phase: phase.id,
          action: 'apply',
          changes: plan.changes,
          outcome: 'applied',
          message: 'Applied.',
          backup,
        });
        done.push({ phase, plan, backup, entry });
        out.emit({ type: 'phase-finished', phase: phase.id, outcome: 'applied', message: 'Applied.' });
      } catch (err) {
        failure = { phase: phase.id, error: err };
        const why = messageOf(err);
        record({
          reachedAs: driver.reachedAs,
          phase: phase.id,
          action: 'apply',
          changes: plan.changes,
          outcome: 'failed',
          message: why,
        });
        out.emit({ type: 'phase-finished', phase: phase.id, outcome: 'failed', message: why });
        // Undo the failing phase's own partial change first (its backup was taken before it changed anything).
        const toUndo: Done[] = [];
        // (no backup = it failed before changing anything)
        if (backup !== undefined)
          toUndo.push({ phase, plan, backup, entry: entries[entries.length - 1] as AuditEntry });
        const undoAll = (input.rollback ?? 'job') === 'job';
        await rollBack(undoAll ? [...done, ...toUndo] : toUndo, input, driver, inspection, out, record, input.jobId);
        break;
      }
    }

    if (failure) {
      out.emit({ type: 'finished', ok: false, entries });
      return { ok: false, entries, inspection, after: null };
    }

    // Verify: a fresh probe and re-inspection, compared with what each applied phase promised.
    const applied = done;
    const probe = input.probe ?? defaultProbe;
    const after = await probe(input.target, input.signal);
    const again = await inspector.inspect(driver, input.target, input.signal);
    const before = input.before ?? null;
    const promised = new Set(applied.flatMap((d) => d.plan.addresses));
    const stillThere = [...after.findings, ...again.findings].filter((f) => promised.has(f.id)).map((f) => f.id);
    const verdicts: string[] = [];
    let allOk = true;
    for (const d of applied) {
      const verdict = await d.phase.verify({
        driver,
        target: input.target,
        plan: d.plan,
        inspection: again,
        probe: after,
        signal: input.signal,
      });
      allOk &&= verdict.ok;
      verdicts.push(`${d.phase.id}: ${verdict.message}`);
      const entry = record({
        reachedAs: driver.reachedAs,
        phase: d.phase.id,
        action: 'apply',
        changes: d.plan.changes,
        outcome: verdict.ok ? 'verified' : 'not-verified',
        message: verdict.message,
        backup: d.backup,
      });
      out.emit({ type: 'phase-finished', phase: d.phase.id, outcome: entry.outcome, message: verdict.message });
    }
    // what was there before (outside probe or host inspection) and is gone now
    const seenBefore = new Set([...(before?.findings ?? []), ...inspection.findings].map((f) => f.id));
    const gone = [...promised].filter((id) => seenBefore.has(id) && !stillThere.includes(id));
    const fixed = allOk && stillThere.length === 0;
    const message = fixed
      ? applied.length
        ? `Verified by a fresh probe: ${gone.length ? `${gone.join(', ')} no longer found` : 'every phase did what it promised'}.`
        : 'Every phase was already right; nothing was changed.'
      : `Not verified: ${[...new Set(stillThere)].map((id) => `${id} is still found`).join(', ') || verdicts.join('; ')}.`;
    out.emit({ type: 'verified', before, after, inspection: again, fixed, message });
    out.emit({ type: 'finished', ok: fixed, entries });
    return { ok: fixed, entries, inspection: again, after };
  } catch (err) {
    out.emit({ type: 'failed', error: { code: codeOf(err), message: messageOf(err) } });
    return { ok: false, entries, inspection: null, after: null };
  } finally {
    if (ownDriver) await driver?.close().catch(() => undefined);
  }
}

async function rollBack(
  list: Done[],
  input: JobInput,
  driver: Driver,
  inspection: Inspection,
  out: Sequencer,
  record: (entry: Omit<AuditEntry, 'jobId' | 'at' | 'who' | 'target'>) => AuditEntry,
  undoes: string,
): Promise<void> {
  const signal = AbortSignal.timeout(UNDO_DEADLINE_MS);
  for (const d of undoOrder(list)) {
    const ctx: PhaseContext = {
      jobId: input.jobId,
      driver,
      inspection,
      plan: d.plan,
      target: input.target,
      signal,
      log: (line, stream = 'info') => out.emit({ type: 'output', phase: d.phase.id, stream, line }),
      backup: () => undefined,
    };
    try {
      await d.phase.undo(ctx, d.backup ?? null);
      const entry = record({
        reachedAs: driver.reachedAs,
        phase: d.phase.id,
        action: 'undo',
        undoes,
        changes: d.plan.changes.map((c) => ({ target: c.target, before: c.after, after: c.before })),
        outcome: 'rolled-back',
        message: 'Put back as it was.',
      });
      out.emit({ type: 'phase-finished', phase: d.phase.id, outcome: 'rolled-back', message: entry.message ?? '' });
    } catch (err) {
      const why = `Undo failed: ${messageOf(err)}`;
      record({
        reachedAs: driver.reachedAs,
        phase: d.phase.id,
        action: 'undo',
        undoes,
        changes: [],
        outcome: 'failed',
        message: why,
        backup: d.backup,
      });
      out.emit({ type: 'phase-finished', phase: d.phase.id, outcome: 'failed', message: why });
    }
  }
}

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
}

/** Puts back what a past job changed, from the backups in the audit log. */
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
    const record = (entry: Omit<AuditEntry, 'jobId' | 'at' | 'who' | 'target'>): AuditEntry => {
      const full: AuditEntry = {
        jobId: input.jobId,
        at: new Date().toISOString(),
        who,
        target: input.target,
        ...entry,
      };
      input.audit.append(full);
      entries.push(full);
      return full;
    };
    for (const d of undoOrder(list)) out.emit({ type: 'phase-started', phase: d.phase.id });
    await rollBack(
      list,
      { ...input, phases: [], signal: AbortSignal.timeout(UNDO_DEADLINE_MS) } as unknown as JobInput,
      driver,
      inspection,
      out,
      record,
      last.jobId,
    );
    const ok = entries.every((e) => e.outcome === 'rolled-back');
    out.emit({ type: 'finished', ok, entries });
    return { ok, entries, inspection, after: null };
  } catch (err) {
    out.emit({ type: 'failed', error: { code: codeOf(err), message: messageOf(err) } });
    return { ok: false, entries, inspection: null, after: null };
  } finally {
    if (ownDriver) await driver?.close().catch(() => undefined);
  }
}
