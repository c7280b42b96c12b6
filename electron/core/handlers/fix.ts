// The fix wizard's handlers: the same for Electron IPC, web mode and tests. They only translate between the
// contract and the one fix service (electron/remediation/fixService.ts, also the CLI's); secrets in `access`
// are used for this request's job and dropped with it.
import type { FixEvent } from '../../../shared/remediation';
import { RemediationError } from '../../remediation/fixService';
import { CoreError } from '../coreError';
import type { CoreContext, Handler } from '../handler';

/** An expected failure of the remediation tier becomes the contract's error, code and message unchanged. */
async function service<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof RemediationError) throw new CoreError(err.code, err.message);
    throw err;
  }
}

function outsideFindings(ctx: CoreContext, runId: string | undefined): string[] {
  return runId ? (ctx.runs.result(runId)?.findings.map((f) => f.id) ?? []) : [];
}

/** Events go to the client that asked; the verify re-probe is the host's truth now, for the reports of the runs before it (issue 18). */
function emitter(ctx: CoreContext): (e: FixEvent) => void {
  return (e) => {
    if (e.type === 'verified') ctx.runs.adoptAfterFix(e.after);
    ctx.sink.emit('fix.event', e);
  };
}

const hostKey: Handler<'fix.hostKey'> = async (req, ctx) => {
  const k = await service(() => ctx.fix.hostKey(req.access));
  return {
    key: { host: k.host, port: k.port, fingerprint: k.fingerprint, keyType: k.keyType },
    trusted: k.trusted,
    pinnedMismatch: k.pinnedMismatch,
    // the key trusted before, when the server now shows another: the screen offers to replace it
    knownFingerprint: k.knownFingerprint,
  };
};

const inspect: Handler<'fix.inspect'> = async (req, ctx) => {
  if (req.access.via === 'script')
    throw new CoreError(
      'needs-host',
      'A console script cannot inspect the host: connect to it (SSH, WinRM or this computer).',
    );
  const access = req.access;
  return { inspection: await service(() => ctx.fix.inspect(req.target, req.hostKind, access)) };
};

const plan: Handler<'fix.plan'> = async (req, ctx) =>
  service(() =>
    ctx.fix.plan({
      target: req.target,
      hostKind: req.hostKind,
      access: req.access,
      ...(req.phases ? { phases: req.phases } : {}),
      findings: outsideFindings(ctx, req.runId),
      ...(req.certificate ? { certificate: req.certificate } : {}),
    }),
  );

/** A supplied .pfx checked on this computer: its public facts and every reason it would be refused. */
const checkCertificate: Handler<'fix.checkCertificate'> = async (req, ctx) =>
  service(() => ctx.fix.checkCertificate(req.certificate, req.target));

const script: Handler<'fix.script'> = async (req, ctx) => {
  const s = await service(() => ctx.fix.script(req.target, req.hostKind, req.phases));
  return { filename: s.filename, content: s.content, sha256: s.sha256 };
};

const start: Handler<'fix.start'> = async (req, ctx) => {
  if (req.access.via === 'script')
    throw new CoreError(
      'needs-host',
      'Nothing runs through a console script: use fix.script and run it at the console.',
    );
  // Runs in the background: the caller gets its job id at once and follows `fix.event`.
  const { jobId } = await service(() =>
    ctx.fix.start({
      target: req.target,
      hostKind: req.hostKind,
      access: req.access,
      phases: req.phases,
      planDigest: req.planDigest,
      ...(req.approvedPlan ? { approvedPlan: req.approvedPlan } : {}),
      before: req.runId ? ctx.runs.result(req.runId) : null,
      emit: emitter(ctx),
      ...(req.certificate ? { certificate: req.certificate } : {}),
    }),
  );
  return { jobId };
};

const cancel: Handler<'fix.cancel'> = async (req, ctx) => ctx.fix.cancel(req.jobId);

const undo: Handler<'fix.undo'> = async (req, ctx) => {
  if (req.access.via === 'script') throw new CoreError('needs-host', 'Undo needs a connection to the host.');
  // an undo is not cancellable (fix.cancel says so); a clean one is probed again: the results then show the
  // host back as it was (issue 18)
  const { jobId } = await service(() =>
    ctx.fix.undo({
      target: req.target,
      hostKind: req.hostKind,
      access: req.access,
      ...(req.jobId ? { jobId: req.jobId } : {}),
      force: req.force,
      reprobe: true,
      emit: emitter(ctx),
    }),
  );
  return { jobId };
};

const verifyAgain: Handler<'fix.verifyAgain'> = async (req, ctx) => {
  if (req.access.via === 'script') throw new CoreError('needs-host', 'Checking again needs a connection to the host.');
  const before = req.runId ? ctx.runs.result(req.runId) : null;
  const v = await service(() =>
    ctx.fix.verifyAgain({ jobId: req.jobId, target: req.target, hostKind: req.hostKind, access: req.access, before }),
  );
  return { before, after: v.after, inspection: v.inspection, fixed: v.fixed, message: v.message };
};

const pending: Handler<'fix.pending'> = async (req, ctx) => ({
  jobs: ctx.fix.unfinished(req.target).map((j) => ({
    jobId: j.jobId,
    target: j.target,
    at: j.at,
    reachedAs: j.reachedAs,
    phases: j.entries.map((e) => e.phase),
    failedUndo: j.failedUndo,
  })),
});

const history: Handler<'fix.history'> = async (req, ctx) => ({ entries: ctx.fix.history(req.target) });

export const fixHandlers = {
  'fix.hostKey': hostKey,
  'fix.inspect': inspect,
  'fix.plan': plan,
  'fix.script': script,
  'fix.start': start,
  'fix.cancel': cancel,
  'fix.undo': undo,
  'fix.history': history,
  'fix.verifyAgain': verifyAgain,
  'fix.pending': pending,
  'fix.checkCertificate': checkCertificate,
};
