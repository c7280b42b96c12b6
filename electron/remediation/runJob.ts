/**
 * The fix job runner, host-kind agnostic: open the transport → inspect (read-only) → plan, and stop before any
 * change when that plan is not the one the technician approved (`host-changed`) → apply each phase → on a
 * failure or cancel (the driver has stopped the remote command by then), undo what the job did → verify with
 * a fresh probe and re-inspection (verifyJob.ts) → audit log.
 *
 * Undo that cannot go wrong: when a phase records its backup (ctx.backup, before its first change) a *pending*
 * audit line with the backup is appended and fsynced; every file the phase writes is noted there too (SHA-256
 * of the bytes before and of what it wrote — never the bytes) before the write, with the host key the
 * transport saw. A job cut short leaves those lines, found at the next start (AuditLog.unfinished). `undoJob`
 * puts a past job back from the log, and first compares each file with what the fix wrote and the host key
 * with the one used: a later edit or another host is refused unless the technician says to go ahead (`force`).
 * Every step is a `fix.event` with a sequence number.
 */

import { createHash } from 'node:crypto';
import type { HostKind } from '../../shared/findings';
import { planDifferences, planDigest } from '../../shared/planDigest';
import type { ProbeResult } from '../../shared/probe';
import type {
  AuditEntry,
  FixEvent,
  HostAccessResolved,
  Inspection,
  PhasePlan,
  WrittenFile,
} from '../../shared/remediation';
import { type AuditLog, type AuditRecorder, auditRecorder, currentUser } from './auditLog';
import { checkSupplied } from './planJob';
import type { Registry } from './registry';
import { suppliedFacts } from './suppliedCertificate';
import {
  abortError,
  type Driver,
  isAbortError,
  type Json,
  type Phase,
  type PhaseContext,
  RemediationError,
  type Supplied,
} from './types';
import {
  type Applied,
  defaultProbe,
  type ProbeFn,
  VERIFY_WAIT_MS,
  verifyApplied,
  type WaitForPort,
  waitForTcpPort,
} from './verifyJob';

export { defaultProbe };

/** A fix event before the runner numbers it. */
export type FixEventDraft = FixEvent extends infer E ? (E extends FixEvent ? Omit<E, 'jobId' | 'seq'> : never) : never;

/** An expected failure that comes with one line per detail (the plan's differences, the edited files). */
export class DetailedError extends RemediationError {
  constructor(
    code: string,
    message: string,
    readonly details: string[],
  ) {
    super(code, message);
  }
}

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
  /**
   * The plan the technician approved: its digest (shared/planDigest.ts), and its phase plans to name the
   * difference. The plan made at start from a fresh inspection must have the same digest, or nothing runs.
   */
  approved?: { digest: string; phases?: readonly PhasePlan[] };
  /** the probe the technician saw (for the before/after table); null when there was none */
  before?: ProbeResult | null;
  /** how to probe again (tests may shorten the stability samples) */
  probe?: ProbeFn;
  /** how the verify waits for the RDP port after a restart (tests pass a fake); bounded by `verifyWaitMs` */
  waitForPort?: WaitForPort;
  verifyWaitMs?: number;
  /** an already open driver (the caller closes it); otherwise the runner opens and closes one */
  driver?: Driver;
  /** 'job' (default): a failure undoes every phase this job applied; 'phase': only the failing phase */
  rollback?: 'job' | 'phase';
  who?: string;
  /** what the technician supplied (an opened, checked .pfx): its facts plan, its secret reaches ctx.supplied only */
  supplied?: Supplied;
}

export interface JobOutcome {
  ok: boolean;
  entries: AuditEntry[];
  inspection: Inspection | null;
  after: ProbeResult | null;
}

/** Undo gets its own deadline: it must run even when the job was cancelled. */
const UNDO_DEADLINE_MS = 120_000;

function messageOf(err: unknown): string {
  if (isAbortError(err)) return 'Cancelled.';
  return (err as Error)?.message ?? String(err);
}

function codeOf(err: unknown): string {
  if (err instanceof RemediationError) return err.code;
  if (isAbortError(err)) return 'cancelled';
  return 'internal';
}

function errorOf(err: unknown): { code: string; message: string; details?: string[] } {
  return {
    code: codeOf(err),
    message: messageOf(err),
    ...(err instanceof DetailedError ? { details: err.details } : {}),
  };
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
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

type Record = AuditRecorder;

/** Phases that only take effect (restart the service) are undone last, by running them again. */
function undoOrder(done: Done[]): Done[] {
  const normal = done.filter((d) => !d.phase.runsLast).reverse();
  const last = done.filter((d) => d.phase.runsLast);
  return [...normal, ...last];
}

/**
 * The driver a phase gets: the same transport, but every file write is first noted (path, SHA-256 before and
 * of the new bytes) through `note`, which puts it on disk in the phase's pending audit line.
 */
function noting(driver: Driver, note: (w: WrittenFile) => void): Driver {
  let planned: WrittenFile[] = [];
  return {
    reachedAs: driver.reachedAs,
    hostKey: driver.hostKey,
    runScript: (name, args, opts) => driver.runScript(name, args, opts),
    // a phase script writes on the host itself: the files its `plan` said it will write (`writes`: path,
    // SHA-256 before and after) are noted before its `apply` runs
    call: async (script, input, opts) => {
      if (input.action === 'apply') for (const w of planned) note(w);
      const doc = await driver.call(script, input, opts);
      if (input.action === 'plan') planned = writesOf(doc.writes);
      return doc;
    },
    run: (argv, opts) => driver.run(argv, opts),
    readFile: (path, opts) => driver.readFile(path, opts),
    async writeFile(path, data, opts) {
      const old = await driver.readFile(path, { elevated: opts?.elevated ?? true, signal: opts?.signal });
      note({ path, before: old ? sha256Hex(old) : null, after: sha256Hex(data) });
      await driver.writeFile(path, data, opts);
    },
    close: () => driver.close(),
  };
}

/** A phase script's `writes` (what its apply will write), as far as they are well-formed. */
function writesOf(value: unknown): WrittenFile[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (w): w is WrittenFile =>
      typeof w?.path === 'string' && typeof w.after === 'string' && (w.before === null || typeof w.before === 'string'),
  );
}

export async function runJob(input: JobInput): Promise<JobOutcome> {
  const out = new Sequencer(input.jobId, input.emit);
  const who = input.who ?? currentUser();
  const entries: AuditEntry[] = [];
  let driver = input.driver;
  const ownDriver = !driver;
  // A phase that changed nothing needs no backup line in the log; it is still in the job's entries.
  const record = auditRecorder({ ...input, who, entries, skipAlreadyRight: true });
  const done: Done[] = [];
  let inspection: Inspection | null = null;
  try {
    if (input.signal.aborted) throw abortError();
    driver ??= await input.registry.transport(input.access.via)(input.access, { signal: input.signal });
    const inspector = input.registry.inspector(input.hostKind);
    const phases = input.registry.resolvePhases(input.hostKind, input.phases);
    if (!phases.length) throw new RemediationError('no-phases', 'No fix phase was chosen.');
    const facts = suppliedFacts(input.supplied);
    checkSupplied(phases, facts);
    inspection = await inspector.inspect(driver, input.target, input.signal);
    const plans = phases.map((p) => p.plan(inspection as Inspection, input.target, facts));
    if (input.approved) {
      const now = await planDigest(plans);
      if (now !== input.approved.digest) {
        const diff = input.approved.phases ? planDifferences(input.approved.phases, plans) : [];
        throw new DetailedError(
          'host-changed',
          'The host changed since you approved the plan: nothing was changed. Look at the new plan and approve it again.',
          diff.length ? diff : ['The plan made now differs from the approved one.'],
        );
      }
    }
    let failure: { phase: string; error: unknown } | null = null;

    const others = phases.some((p) => !p.runsLast);
    for (const [i, phase] of phases.entries()) {
      let plan = plans[i] as PhasePlan;
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
      const written: WrittenFile[] = [];
      const hostKey = driver.hostKey;
      const trail = () => ({
        reachedAs: (driver as Driver).reachedAs,
        phase: phase.id,
        action: 'apply' as const,
        changes: plan.changes,
        backup,
        ...(written.length ? { written: [...written] } : {}),
        ...(hostKey ? { hostKey } : {}),
      });
      // on disk (fsynced) before the change it announces: the backup, then each file about to be written
      const pending = () => record({ ...trail(), outcome: 'pending', message: 'Started; not finished yet.' });
      const ctx: PhaseContext = {
        jobId: input.jobId,
        driver: noting(driver, (w) => {
          written.push(w);
          pending();
        }),
        inspection,
        plan,
        target: input.target,
        signal: input.signal,
        log: (line, stream = 'info') => out.emit({ type: 'output', phase: phase.id, stream, line }),
        backup: (value) => {
          backup = value;
          pending();
        },
        ...(phase.needs && input.supplied ? { supplied: input.supplied } : {}),
      };
      try {
        if (input.signal.aborted) throw abortError();
        await phase.apply(ctx);
        if (input.signal.aborted) throw abortError();
        const entry = record({ ...trail(), outcome: 'applied', message: 'Applied.' });
        done.push({ phase, plan, backup, entry });
        out.emit({ type: 'phase-finished', phase: phase.id, outcome: 'applied', message: 'Applied.' });
      } catch (err) {
        failure = { phase: phase.id, error: err };
        const why = messageOf(err);
        // keeps the backup: if the rollback below never runs (the process dies), this phase is still undoable
        const entry = record({ ...trail(), outcome: 'failed', message: why });
        out.emit({ type: 'phase-finished', phase: phase.id, outcome: 'failed', message: why });
        // Undo the failing phase's own partial change first (its backup was taken before it changed anything).
        const toUndo: Done[] = [];
        // (no backup = it failed before changing anything)
        if (backup !== undefined) toUndo.push({ phase, plan, backup, entry });
        const undoAll = (input.rollback ?? 'job') === 'job';
        await rollBack(
          undoAll ? [...done, ...toUndo] : toUndo,
          input.target,
          driver,
          inspection,
          out,
          record,
          input.jobId,
        );
        done.length = 0;
        break;
      }
    }

    if (failure) {
      out.emit({ type: 'finished', ok: false, entries });
      return { ok: false, entries, inspection, after: null };
    }

    const applied: Applied[] = done.map((d) => ({ phase: d.phase, plan: d.plan, entry: d.entry }));
    let verified: Awaited<ReturnType<typeof verifyApplied>>;
    try {
      verified = await verifyApplied({
        target: input.target,
        hostKind: input.hostKind,
        driver,
        inspector,
        applied,
        before: input.before ?? null,
        inspectionBefore: inspection,
        signal: input.signal,
        probe: input.probe,
        waitForPort: input.waitForPort,
        waitMs: input.verifyWaitMs,
        progress: (message) => out.emit({ type: 'verifying', message }),
        record,
        verdict: (phase, outcome, message) => out.emit({ type: 'phase-finished', phase, outcome, message }),
      });
      if (input.signal.aborted) throw abortError();
    } catch (err) {
      if (!isAbortError(err) || !done.length) throw err;
      // cancelled while verifying: the changes are made, and cancel means put back what the job changed
      await rollBack(done, input.target, driver, inspection, out, record, input.jobId);
      out.emit({ type: 'finished', ok: false, entries });
      return { ok: false, entries, inspection, after: null };
    }
    const before = input.before ?? null;
    out.emit({
      type: 'verified',
      before,
      after: verified.after,
      inspection: verified.inspection,
      fixed: verified.fixed,
      message: verified.message,
    });
    out.emit({ type: 'finished', ok: verified.fixed, entries });
    return { ok: verified.fixed, entries, inspection: verified.inspection, after: verified.after };
  } catch (err) {
    out.emit({ type: 'failed', error: errorOf(err) });
    return { ok: false, entries, inspection, after: null };
  } finally {
    if (ownDriver) await driver?.close().catch(() => undefined);
  }
}

async function rollBack(
  list: Done[],
  target: string,
  driver: Driver,
  inspection: Inspection,
  out: Sequencer,
  record: Record,
  undoes: string,
): Promise<void> {
  // not the job's signal: a cancelled job still puts back what it changed
  const signal = AbortSignal.timeout(UNDO_DEADLINE_MS);
  for (const d of undoOrder(list)) {
    const ctx: PhaseContext = {
      // the job whose change is put back (its backups carry its id)
      jobId: undoes,
      driver,
      inspection,
      plan: d.plan,
      target,
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
      // stays to undo (shared/auditRules.ts): the next undo tries this phase again, never an older job
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
