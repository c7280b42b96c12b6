// The fix wizard's handlers: the same for Electron IPC, web mode and tests. They only translate between the
// contract and electron/remediation (registry, runner, audit log); secrets in `access` are used for this
// request's job and dropped with it.
import { createHash } from 'node:crypto';
import { FIX_PHASES } from '../../../shared/findings';
import { planDigest } from '../../../shared/planDigest';
import type { FixPlan, HostAccessResolved, Inspection } from '../../../shared/remediation';
import { AuditLog } from '../../remediation/auditLog';
import { checkSupplied, planJob, suggestPhases } from '../../remediation/planJob';
import { remediationRegistry } from '../../remediation/registerAll';
import { runJob, undoJob } from '../../remediation/runJob';
import { KnownHosts } from '../../remediation/ssh/knownHosts';
import { readHostKey } from '../../remediation/ssh/sshDriver';
import {
  checkSuppliedCertificate,
  openSuppliedCertificate,
  type SuppliedPfx,
} from '../../remediation/suppliedCertificate';
import { RemediationError } from '../../remediation/types';
import { verifyAgain as verifyJobAgain } from '../../remediation/verifyJob';
import type { CoreContext, Handler } from '../core';
import { CoreError } from '../coreError';
import { ensureDataDir } from '../dataDir';
import { fixJobs } from '../fixJobStore';

function asCoreError(err: unknown): never {
  if (err instanceof RemediationError) throw new CoreError(err.code, err.message);
  throw err;
}

async function inspectHost(
  target: string,
  hostKind: 'windows' | 'xrdp',
  access: HostAccessResolved,
): Promise<Inspection> {
  const registry = remediationRegistry();
  try {
    const driver = await registry.transport(access.via)(access, {});
    try {
      return await registry.inspector(hostKind).inspect(driver, target);
    } finally {
      await driver.close().catch(() => undefined);
    }
  } catch (err) {
    return asCoreError(err);
  }
}

/** Without a connection (the console script), phases are planned from the catalogue's steps. */
function catalogueOnlyPlan(target: string, hostKind: 'windows' | 'xrdp', ids: string[]): FixPlan {
  return {
    target,
    hostKind,
    phases: ids.map((id) => {
      const entry = FIX_PHASES[id];
      const phase = remediationRegistry().phase(id);
      return {
        phase: id,
        title: entry?.title ?? id,
        hostKind,
        addresses: phase?.addresses ?? [],
        risks: phase?.risks ?? [],
        changes: [],
        commands: entry?.steps ?? [],
        alreadyRight: false,
        requiresExplicitRequest: phase?.requiresExplicitRequest ?? false,
      };
    }),
  };
}

/** Opens and checks a supplied .pfx before the host is reached: a refusal names every problem, nothing is sent. */
function openCertificate(
  target: string,
  certificate: Parameters<typeof openSuppliedCertificate>[0] | undefined,
): SuppliedPfx | undefined {
  if (!certificate) return undefined;
  try {
    return openSuppliedCertificate(certificate, target);
  } catch (err) {
    return asCoreError(err);
  }
}

function outsideFindings(ctx: CoreContext, runId: string | undefined): string[] {
  return runId ? (ctx.runs.result(runId)?.findings.map((f) => f.id) ?? []) : [];
}

const hostKey: Handler<'fix.hostKey'> = async (req) => {
  if (req.access.via !== 'ssh')
    throw new CoreError('unsupported', 'Host keys are an SSH matter; this access is not SSH.');
  try {
    const known = KnownHosts.inDir(ensureDataDir());
    const key = await readHostKey(req.access, known);
    return {
      key: { host: req.access.host, port: req.access.port, fingerprint: key.fingerprint, keyType: key.keyType },
      trusted: key.trusted,
      pinnedMismatch: key.pinnedMismatch,
      // the key trusted before, when the server now shows another: the screen offers to replace it
      knownFingerprint: key.trusted ? null : known.lookup(req.access.host, req.access.port),
    };
  } catch (err) {
    return asCoreError(err);
  }
};

const inspect: Handler<'fix.inspect'> = async (req) => {
  if (req.access.via === 'script')
    throw new CoreError(
      'needs-host',
      'A console script cannot inspect the host: connect to it (SSH, WinRM or this computer).',
    );
  return { inspection: await inspectHost(req.target, req.hostKind, req.access) };
};

const checkCertificate: Handler<'fix.checkCertificate'> = async (req) => {
  try {
    return checkSuppliedCertificate(req.certificate, req.target);
  } catch (err) {
    return asCoreError(err);
  }
};

const plan: Handler<'fix.plan'> = async (req, ctx) => {
  const registry = remediationRegistry();
  const pfx = openCertificate(req.target, req.certificate);
  const supplied = pfx ? { certificate: pfx.facts } : undefined;
  try {
    if (req.access.via === 'script') {
      const ids = req.phases ?? suggestPhases(registry, req.hostKind, outsideFindings(ctx, req.runId));
      registry.resolvePhases(req.hostKind, ids);
      return { plan: catalogueOnlyPlan(req.target, req.hostKind, ids), inspection: null };
    }
    const inspection = await inspectHost(req.target, req.hostKind, req.access);
    const ids =
      req.phases ??
      suggestPhases(
        registry,
        req.hostKind,
        [...outsideFindings(ctx, req.runId), ...inspection.findings.map((f) => f.id)],
        inspection,
        supplied,
      );
    return {
      plan: planJob(registry, req.hostKind, req.target, inspection, ids, supplied),
      inspection,
      certificate: pfx?.facts ?? null,
    };
  } catch (err) {
    return asCoreError(err);
  }
};

const script: Handler<'fix.script'> = async (req) => {
  try {
    const registry = remediationRegistry();
    const phases = registry.resolvePhases(req.hostKind, req.phases).map((p) => p.id);
    const writer = registry.scriptWriter(req.hostKind, req.hostKind === 'xrdp' ? 'sh' : 'ps1');
    const { filename, content } = writer.write(req.target, phases);
    return { filename, content, sha256: createHash('sha256').update(content, 'utf8').digest('hex') };
  } catch (err) {
    return asCoreError(err);
  }
};

const start: Handler<'fix.start'> = async (req, ctx) => {
  if (req.access.via === 'script')
    throw new CoreError(
      'needs-host',
      'Nothing runs through a console script: use fix.script and run it at the console.',
    );
  const registry = remediationRegistry();
  // checked before the job starts: a refused .pfx never reaches the host; its password lives only in `pfx`
  const pfx = openCertificate(req.target, req.certificate);
  try {
    checkSupplied(registry.resolvePhases(req.hostKind, req.phases), pfx ? { certificate: pfx.facts } : undefined);
  } catch (err) {
    asCoreError(err);
  }
  if (req.approvedPlan && (await planDigest(req.approvedPlan)) !== req.planDigest)
    throw new CoreError('bad-request', 'The approved plan sent does not match its digest.');
  const { jobId, signal } = fixJobs.create();
  // Runs in the background: the caller gets its job id at once and follows `fix.event`.
  void runJob({
    approved: { digest: req.planDigest, ...(req.approvedPlan ? { phases: req.approvedPlan } : {}) },
    jobId,
    target: req.target,
    hostKind: req.hostKind,
    access: req.access,
    phases: req.phases,
    registry,
    audit: AuditLog.inDir(ensureDataDir()),
    signal,
    emit: (e) => {
      // the verify re-probe is the host's truth now: reports of the runs before it use it (issue 18)
      if (e.type === 'verified') ctx.runs.adoptAfterFix(e.after);
      ctx.sink.emit('fix.event', e);
    },
    before: req.runId ? ctx.runs.result(req.runId) : null,
    ...(pfx ? { supplied: { certificate: pfx } } : {}),
  }).finally(() => fixJobs.finish(jobId));
  return { jobId };
};

const cancel: Handler<'fix.cancel'> = async (req) => fixJobs.cancel(req.jobId);

const undo: Handler<'fix.undo'> = async (req, ctx) => {
  if (req.access.via === 'script') throw new CoreError('needs-host', 'Undo needs a connection to the host.');
  const audit = AuditLog.inDir(ensureDataDir());
  if (!audit.lastUndoable(req.target, req.jobId)) {
    throw new CoreError(
      'nothing-to-undo',
      req.jobId
        ? `Job ${req.jobId} has no change left to undo on ${req.target}.`
        : `No fix on ${req.target} is left to undo.`,
    );
  }
  // an undo is not cancellable: fix.cancel says so
  const { jobId } = fixJobs.create({ cancellable: false });
  void undoJob({
    force: req.force,
    jobId,
    target: req.target,
    hostKind: req.hostKind,
    access: req.access,
    undoJobId: req.jobId,
    registry: remediationRegistry(),
    audit,
    // a clean undo is probed again: the results then show the host back as it was (issue 18)
    reprobe: {},
    emit: (e) => {
      // the verify re-probe is the host's truth now: reports of the runs before it use it (issue 18)
      if (e.type === 'verified') ctx.runs.adoptAfterFix(e.after);
      ctx.sink.emit('fix.event', e);
    },
  }).finally(() => fixJobs.finish(jobId));
  return { jobId };
};

const verifyAgain: Handler<'fix.verifyAgain'> = async (req, ctx) => {
  if (req.access.via === 'script') throw new CoreError('needs-host', 'Checking again needs a connection to the host.');
  const before = req.runId ? ctx.runs.result(req.runId) : null;
  try {
    const v = await verifyJobAgain({
      jobId: req.jobId,
      target: req.target,
      hostKind: req.hostKind,
      access: req.access,
      registry: remediationRegistry(),
      audit: AuditLog.inDir(ensureDataDir()),
      before,
      signal: AbortSignal.timeout(120_000),
    });
    return { before, after: v.after, inspection: v.inspection, fixed: v.fixed, message: v.message };
  } catch (err) {
    return asCoreError(err);
  }
};

const pending: Handler<'fix.pending'> = async (req) => ({
  jobs: AuditLog.inDir(ensureDataDir())
    .unfinished(req.target, fixJobs.ids())
    .map((j) => ({
      jobId: j.jobId,
      target: j.target,
      at: j.at,
      reachedAs: j.reachedAs,
      phases: j.entries.map((e) => e.phase),
      failedUndo: j.failedUndo,
    })),
});

const history: Handler<'fix.history'> = async (req) => ({
  entries: AuditLog.inDir(ensureDataDir()).entries(req.target),
});

export const fixHandlers = {
  'fix.hostKey': hostKey,
  'fix.inspect': inspect,
  'fix.plan': plan,
  'fix.checkCertificate': checkCertificate,
  'fix.script': script,
  'fix.start': start,
  'fix.cancel': cancel,
  'fix.undo': undo,
  'fix.history': history,
  'fix.verifyAgain': verifyAgain,
  'fix.pending': pending,
};
