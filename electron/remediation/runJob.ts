/**
 * The fix job runner, host-kind agnostic: open the transport → inspect (read-only) → plan, and stop before any
 * change when that plan is not the one the technician approved (`host-changed`) → apply each phase
 * (applyPhases.ts: the loop, and the rollback on a failure or cancel — the driver has stopped the remote
 * command by then) → verify with a fresh probe and re-inspection (verifyJob.ts; cancelled while verifying, the
 * job is put back) → every step recorded in the audit log (auditLog.ts's auditRecorder).
 *
 * Undo that cannot go wrong: when a phase records its backup (ctx.backup, before its first change) a *pending*
 * audit line with the backup is appended and fsynced; every file the phase writes is noted there too (SHA-256
 * of the bytes before and of what it wrote — never the bytes) before the write, with the host key the
 * transport saw. A job cut short leaves those lines, found at the next start (AuditLog.unfinished).
 * `undoJob` (undoJob.ts) puts a past job back from the log. Every step is a `fix.event` with a sequence number.
 */

import type { HostKind } from '../../shared/findings';
import { planDifferences, planDigest } from '../../shared/planDigest';
import type { ProbeResult } from '../../shared/probe';
import type { AuditEntry, FixEvent, HostAccessResolved, Inspection, PhasePlan } from '../../shared/remediation';
import { applyPhases, type Done, rollBack } from './applyPhases';
import { type AuditLog, type AuditRecorder, auditRecorder, currentUser } from './auditLog';
import { DetailedError, errorOf, Sequencer } from './jobEvents';
import { checkSupplied } from './planJob';
import type { Registry } from './registry';
import { suppliedFacts } from './suppliedCertificate';
import {
  abortError,
  type Driver,
  type Inspector,
  isAbortError,
  type Phase,
  RemediationError,
  type Supplied,
} from './types';
import { type ProbeFn, type Verified, verifyApplied, type WaitForPort } from './verifyJob';

export { DetailedError, type FixEventDraft, sha256Hex } from './jobEvents';
export { type UndoInput, undoConflicts, undoJob } from './undoJob';
export { defaultProbe } from './verifyJob';

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

/** Stops before any change when the plan made now is not the one approved, naming what differs. */
async function checkApproved(input: JobInput, plans: readonly PhasePlan[]): Promise<void> {
  if (!input.approved) return;
  if ((await planDigest(plans)) === input.approved.digest) return;
  const diff = input.approved.phases ? planDifferences(input.approved.phases, plans) : [];
  throw new DetailedError(
    'host-changed',
    'The host changed since you approved the plan: nothing was changed. Look at the new plan and approve it again.',
    diff.length ? diff : ['The plan made now differs from the approved one.'],
  );
}

/**
 * The verify step: probe and inspect again, each applied phase's verdict. Null when the job was cancelled
 * while verifying — then what it changed has been put back (cancel means undo what the job changed).
 */
async function verifyStep(
  input: JobInput,
  ctx: {
    driver: Driver;
    inspector: Inspector;
    inspection: Inspection;
    done: Done[];
    out: Sequencer;
    record: AuditRecorder;
  },
): Promise<Verified | null> {
  const { out, done } = ctx;
  try {
    const verified = await verifyApplied({
      target: input.target,
      hostKind: input.hostKind,
      driver: ctx.driver,
      inspector: ctx.inspector,
      applied: done.map((d) => ({ phase: d.phase, plan: d.plan, entry: d.entry })),
      before: input.before ?? null,
      inspectionBefore: ctx.inspection,
      signal: input.signal,
      probe: input.probe,
      waitForPort: input.waitForPort,
      waitMs: input.verifyWaitMs,
      progress: (message) => out.emit({ type: 'verifying', message }),
      record: ctx.record,
      verdict: (phase, outcome, message) => out.emit({ type: 'phase-finished', phase, outcome, message }),
    });
    if (input.signal.aborted) throw abortError();
    return verified;
  } catch (err) {
    if (!isAbortError(err) || !done.length) throw err;
    await rollBack(done, input.target, ctx.driver, ctx.inspection, out, ctx.record, input.jobId);
    return null;
  }
}

export async function runJob(input: JobInput): Promise<JobOutcome> {
  const out = new Sequencer(input.jobId, input.emit);
  const who = input.who ?? currentUser();
  const entries: AuditEntry[] = [];
  let driver = input.driver;
  const ownDriver = !driver;
  // A phase that changed nothing needs no backup line in the log; it is still in the job's entries.
  const record = auditRecorder({ ...input, who, entries, skipAlreadyRight: true });
  let inspection: Inspection | null = null;
  const failed = (): JobOutcome => {
    out.emit({ type: 'finished', ok: false, entries });
    return { ok: false, entries, inspection, after: null };
  };
  try {
    if (input.signal.aborted) throw abortError();
    driver ??= await input.registry.transport(input.access.via)(input.access, { signal: input.signal });
    const inspector = input.registry.inspector(input.hostKind);
    const phases: Phase[] = input.registry.resolvePhases(input.hostKind, input.phases);
    if (!phases.length) throw new RemediationError('no-phases', 'No fix phase was chosen.');
    const facts = suppliedFacts(input.supplied);
    checkSupplied(phases, facts);
    inspection = await inspector.inspect(driver, input.target, input.signal);
    const inspected = inspection;
    const plans = phases.map((p) => p.plan(inspected, input.target, facts));
    await checkApproved(input, plans);

    const applied = await applyPhases({
      jobId: input.jobId,
      target: input.target,
      driver,
      inspection,
      phases,
      plans,
      signal: input.signal,
      out,
      record,
      supplied: input.supplied,
    });
    if (applied.failed) return failed();

    const verified = await verifyStep(input, { driver, inspector, inspection, done: applied.done, out, record });
    if (!verified) return failed();
    out.emit({
      type: 'verified',
      before: input.before ?? null,
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
