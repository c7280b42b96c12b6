/**
 * Verify by the result: after the phases, a fresh probe and re-inspection, compared with what each applied
 * phase promised. After a restart the service needs a moment: the re-probe first waits (bounded, 30 s) for
 * the RDP port to answer, and a probe that finds the port refused or timed out right after is tried once
 * more after another wait — otherwise a working fix reads as "nothing listens". `verifyAgain` is the Fix
 * screen's "Check again": the same verification of a finished job, in place, recorded in the audit log so
 * the report shows the newest verdict.
 */
import net from 'node:net';
import type { HostKind } from '../../shared/findings';
import type { ProbeResult } from '../../shared/probe';
import type { AuditEntry, HostAccessResolved, Inspection, PhasePlan } from '../../shared/remediation';
import { parseTarget } from '../../shared/target';
import { probeAndDiagnose } from '../diagnosis/probeAndDiagnose';
import { type AuditLog, auditRecorder, currentUser } from './auditLog';
import type { Registry } from './registry';
import { type Driver, type Inspector, type Phase, RemediationError } from './types';

/** How long the verify waits for the RDP port after a restart (xrdp forks, loads its key, then listens). */
export const VERIFY_WAIT_MS = 30_000;

export type WaitForPort = (target: string, timeoutMs: number, signal: AbortSignal) => Promise<boolean>;
export type ProbeFn = (target: string, signal: AbortSignal) => Promise<ProbeResult>;

export const defaultProbe: ProbeFn = (target, signal) =>
  probeAndDiagnose({ target, stabilitySamples: 0, timeoutMs: 15_000 }, { signal });

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function connectOnce(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/** True as soon as a TCP connection to the target is accepted; false when the deadline passes first. */
export const waitForTcpPort: WaitForPort = async (target, timeoutMs, signal) => {
  const t = parseTarget(target);
  if (!t.ok) return false;
  const until = Date.now() + timeoutMs;
  while (!signal.aborted) {
    const left = until - Date.now();
    if (left <= 0) return false;
    if (await connectOnce(t.host, t.port, Math.min(3_000, left))) return true;
    await sleep(Math.min(500, Math.max(0, until - Date.now())), signal);
  }
  return false;
};

/** The probe could not connect at all: worth one more try while a service comes back. */
export function refusedOrTimedOut(r: ProbeResult): boolean {
  return r.findings.some((f) => f.id === 'tcp-refused' || f.id === 'tcp-timeout');
}

export interface Applied {
  phase: Phase;
  plan: PhasePlan;
  /** the apply entry (backup, written files, host key) the verdict entry carries on */
  entry: AuditEntry;
}

export interface VerifyInput {
  target: string;
  hostKind: HostKind;
  driver: Driver;
  inspector: Inspector;
  applied: readonly Applied[];
  before: ProbeResult | null;
  /** the inspection the plan was made from (null for a re-verify: only the probe before counts) */
  inspectionBefore: Inspection | null;
  signal: AbortSignal;
  probe?: ProbeFn;
  waitForPort?: WaitForPort;
  waitMs?: number;
  /** say what the verify waits for ("Waiting for xrdp to come back…") */
  progress(message: string): void;
  /** records the verdict of one phase (the audit log and the job's entries) */
  record(entry: Omit<AuditEntry, 'jobId' | 'at' | 'who' | 'target'>): AuditEntry;
  verdict(phase: string, outcome: AuditEntry['outcome'], message: string): void;
}

export interface Verified {
  after: ProbeResult;
  inspection: Inspection;
  fixed: boolean;
  message: string;
}

function serviceName(kind: HostKind): string {
  return kind === 'xrdp' ? 'xrdp' : 'Remote Desktop';
}

export async function verifyApplied(v: VerifyInput): Promise<Verified> {
  const probe = v.probe ?? defaultProbe;
  const wait = v.waitForPort ?? waitForTcpPort;
  const waitMs = v.waitMs ?? VERIFY_WAIT_MS;
  const name = serviceName(v.hostKind);
  const restarted = v.applied.some((d) => d.phase.runsLast);
  if (restarted) {
    v.progress(`Waiting for ${name} to come back…`);
    const up = await wait(v.target, waitMs, v.signal);
    if (!up) v.progress(`${name} did not answer on ${v.target} within ${Math.round(waitMs / 1000)} s; probing anyway.`);
  }
  let after = await probe(v.target, v.signal);
  if (v.applied.length && refusedOrTimedOut(after) && !v.signal.aborted) {
    v.progress(`Waiting for ${name} to come back… (the first probe could not connect; trying once more)`);
    await wait(v.target, waitMs, v.signal);
    after = await probe(v.target, v.signal);
  }
  const again = await v.inspector.inspect(v.driver, v.target, v.signal);
  const promised = new Set(v.applied.flatMap((d) => d.plan.addresses));
  const stillThere = [...after.findings, ...again.findings].filter((f) => promised.has(f.id)).map((f) => f.id);
  const verdicts: string[] = [];
  let allOk = true;
  for (const d of v.applied) {
    const verdict = await d.phase.verify({
      driver: v.driver,
      target: v.target,
      plan: d.plan,
      inspection: again,
      probe: after,
      signal: v.signal,
    });
    allOk &&= verdict.ok;
    verdicts.push(`${d.phase.id}: ${verdict.message}`);
    const entry = v.record({
      reachedAs: v.driver.reachedAs,
      phase: d.phase.id,
      action: 'apply',
      changes: d.plan.changes,
      outcome: verdict.ok ? 'verified' : 'not-verified',
      message: verdict.message,
      backup: d.entry.backup,
      ...(d.entry.written ? { written: d.entry.written } : {}),
      ...(d.entry.hostKey ? { hostKey: d.entry.hostKey } : {}),
    });
    v.verdict(d.phase.id, entry.outcome, verdict.message);
  }
  // what was there before (outside probe or host inspection) and is gone now
  const seenBefore = new Set([...(v.before?.findings ?? []), ...(v.inspectionBefore?.findings ?? [])].map((f) => f.id));
  const gone = [...promised].filter((id) => seenBefore.has(id) && !stillThere.includes(id));
  const fixed = allOk && stillThere.length === 0;
  const message = fixed
    ? v.applied.length
      ? `Verified by a fresh probe: ${gone.length ? `${gone.join(', ')} no longer found` : 'every phase did what it promised'}.`
      : 'Every phase was already right; nothing was changed.'
    : `Not verified: ${[...new Set(stillThere)].map((id) => `${id} is still found`).join(', ') || verdicts.join('; ')}.`;
  return { after, inspection: again, fixed, message };
}

export interface VerifyAgainInput {
  /** the fix job to verify again */
  jobId: string;
  target: string;
  hostKind: HostKind;
  access: HostAccessResolved;
  registry: Registry;
  audit: AuditLog;
  before: ProbeResult | null;
  signal: AbortSignal;
  driver?: Driver;
  probe?: ProbeFn;
  waitForPort?: WaitForPort;
  waitMs?: number;
  progress?(message: string): void;
  who?: string;
}

/**
 * "Check again": re-probe + re-inspect and each still-applied phase's verdict, recorded under the job's id
 * (so its report shows the newest verdict). Waits for the port like the first verify when the job restarted
 * the service. Throws a RemediationError when the job has nothing applied left to verify.
 */
export async function verifyAgain(input: VerifyAgainInput): Promise<Verified> {
  const who = input.who ?? currentUser();
  const entries = input.audit.job(input.jobId).filter((e) => e.action === 'apply');
  const undone = new Set(
    input.audit
      .entries(input.target)
      .filter((e) => e.action === 'undo' && e.undoes === input.jobId && e.outcome === 'rolled-back')
      .map((e) => e.phase),
  );
  const latest = new Map<string, AuditEntry>();
  for (const e of entries) latest.set(e.phase, e);
  const still = [...latest.values()].filter(
    (e) =>
      !undone.has(e.phase) && (e.outcome === 'applied' || e.outcome === 'verified' || e.outcome === 'not-verified'),
  );
  if (!still.length)
    throw new RemediationError('nothing-to-verify', `Job ${input.jobId} has no applied change left to verify.`);
  let driver = input.driver;
  const ownDriver = !driver;
  try {
    driver ??= await input.registry.transport(input.access.via)(input.access, { signal: input.signal });
    const inspector = input.registry.inspector(input.hostKind);
    const inspection = await inspector.inspect(driver, input.target, input.signal);
    const applied: Applied[] = still.map((e) => {
      const phase = input.registry.phase(e.phase);
      if (!phase)
        throw new RemediationError(
          'unknown-phase',
          `The audit log names a phase this build does not know: ${e.phase}.`,
        );
      return { phase, plan: { ...phase.plan(inspection, input.target), changes: e.changes }, entry: e };
    });
    return await verifyApplied({
      target: input.target,
      hostKind: input.hostKind,
      driver,
      inspector,
      applied,
      before: input.before,
      inspectionBefore: null,
      signal: input.signal,
      probe: input.probe,
      waitForPort: input.waitForPort,
      waitMs: input.waitMs,
      progress: input.progress ?? (() => undefined),
      record: auditRecorder({ ...input, who }),
      verdict: () => undefined,
    });
  } finally {
    if (ownDriver) await driver?.close().catch(() => undefined);
  }
}
