/**
 * A runnable Phase from a declared spec (shared/fixPhases/types.ts), for every host kind: the knowledge is in
 * the spec's pure hooks and in the phase's one script; the transport is whatever Driver the job opened.
 *
 *   plan     from `spec.plan(facts, target)`: the inspection's facts, no host round trip, nothing changed
 *   apply    script action `plan` (the host's real old values: the backup, nothing changed) → `ctx.backup`
 *            (on disk in the audit log BEFORE the first change) → script action `apply`
 *   verify   `spec.verify` over the fresh re-inspection and re-probe
 *   undo     script action `undo` with the backup as data (or `apply` again when `undoIsApply`: a restart)
 *
 * A phase failing midway is undone by the runner with the backup recorded here, so the script's `undo` must
 * accept a half-done apply (put back what is there to put back, leave alone what never changed).
 *
 * Not seen by the runner: files a script writes on the host (the audit line notes only the driver's own
 * writeFile); a script that writes files says so in its result (`writes`), which is logged.
 */
import type { FixPhaseSpec, PhaseJson, SpecPlan } from '../../shared/fixPhases/types';
import type { Inspection, PhasePlan } from '../../shared/remediation';
import { type Json, type Phase, type PhaseContext, RemediationError, type Supplied, type SuppliedFacts } from './types';

function publicOf(supplied: Supplied | undefined): SuppliedFacts | undefined {
  return supplied?.certificate ? { certificate: supplied.certificate.facts } : undefined;
}

/**
 * The secret half of what was supplied, for the script's STANDARD INPUT only (Driver.call's `secrets`): xrdp
 * reads PEM files (key and chain, base64: one line each), Windows imports the .pfx itself with its password.
 */
function suppliedSecrets(kind: 'windows' | 'xrdp', supplied: Supplied | undefined): Record<string, string> | undefined {
  const c = supplied?.certificate;
  if (!c) return undefined;
  if (kind === 'xrdp') {
    const pem = c.secretPem();
    return {
      cert_key: Buffer.from(pem.keyPem).toString('base64'),
      cert_chain: Buffer.from(pem.chainPem).toString('base64'),
    };
  }
  const pfx = c.secretPfx();
  return { pfxBase64: pfx.pfx.toString('base64'), pfxPassword: pfx.password };
}

type Change = PhasePlan['changes'][number];

/** Host text in a log line: no control characters (a hostile host's escape sequences stay text). */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '?');
}

function logResult(ctx: PhaseContext, doc: Record<string, unknown>): void {
  for (const c of (doc.changes as Change[] | undefined) ?? [])
    ctx.log(clean(`${c.target}: ${c.before ?? '(none)'} → ${c.after ?? '(none)'}`));
  for (const l of (doc.lines as unknown[] | undefined) ?? []) ctx.log(clean(String(l)));
  if (doc.changed === false) ctx.log('already right: nothing changed');
  if (doc.restartNeeded === true) ctx.log('The host must restart before this takes effect.', 'info');
}

export function scriptedPhase<F>(spec: FixPhaseSpec<F>): Phase {
  const { script, plan: planOf } = spec;
  if (spec.adviceOnly || !script || !planOf)
    throw new Error(`${spec.id} is advice only (no script or no plan hook): it cannot be run`);
  const factsOf = (inspection: Inspection): F =>
    spec.facts ? spec.facts(inspection.facts as Record<string, unknown>) : (inspection.facts as unknown as F);

  const run = async (ctx: PhaseContext, action: string, extra: Record<string, Json> = {}) => {
    const facts = factsOf(ctx.inspection);
    // what was supplied reaches only a phase that needs it, and its secret only the `apply` action's stdin
    const secrets = spec.needs && action === 'apply' ? suppliedSecrets(spec.hostKind, ctx.supplied) : undefined;
    const input: Record<string, Json> = {
      ...((spec.input?.(facts, ctx.target, publicOf(ctx.supplied)) ?? {}) as Record<string, Json>),
      action,
      job: ctx.jobId,
      phase: spec.id,
      ...extra,
    };
    // the `plan` action is silent: nothing of the phase shows before its backup is recorded (a cancel seen in
    // the output then always finds the backup it needs to undo)
    if (action === 'plan') return ctx.driver.call(script, input, { elevated: true, signal: ctx.signal });
    ctx.log(`${script} ${action}`, 'info');
    return ctx.driver.call(script, input, {
      ...(secrets ? { secrets } : {}),
      elevated: true,
      signal: ctx.signal,
      onLine: (line, stream) => ctx.log(line, stream),
    });
  };

  const toPlan = (p: SpecPlan): PhasePlan => {
    const base: PhasePlan = {
      phase: spec.id,
      title: spec.title,
      hostKind: spec.hostKind,
      addresses: spec.addresses,
      risks: [...spec.risks, ...(p.notes ?? [])],
      changes: p.changes,
      commands: p.commands,
      alreadyRight: p.alreadyRight,
    };
    // refused: no change, the reason first among the risks
    return p.refused ? { ...base, changes: [], commands: [], risks: [p.refused, ...base.risks] } : base;
  };

  return {
    id: spec.id,
    hostKind: spec.hostKind,
    addresses: spec.addresses,
    risks: spec.risks,
    runsLast: spec.runsLast,
    selfContained: spec.selfContained,
    needs: spec.needs,
    wanted: spec.wanted
      ? (inspection, findingIds) => spec.wanted?.(factsOf(inspection), findingIds) ?? true
      : undefined,
    plan: (inspection, target, supplied) => toPlan(planOf(factsOf(inspection), target, supplied)),
    async apply(ctx) {
      const refused = planOf(factsOf(ctx.inspection), ctx.target, publicOf(ctx.supplied)).refused;
      if (refused) throw new RemediationError('refused-unsafe-host', refused);
      // the host's real old values, read through the script's own checks; nothing changes yet
      const planned = await run(ctx, 'plan');
      ctx.backup((planned.backup ?? null) as Json);
      logResult(ctx, await run(ctx, 'apply', planned.backup === undefined ? {} : { backup: planned.backup as Json }));
    },
    async verify(ctx) {
      return spec.verify ? spec.verify(factsOf(ctx.inspection), ctx.probe) : { ok: true, message: 'Nothing to check.' };
    },
    async undo(ctx, backup) {
      logResult(ctx, spec.undoIsApply ? await run(ctx, 'apply') : await run(ctx, 'undo', { backup: backup as Json }));
    },
  };
}

/** The spec's input type, for scripts' callers that build it by hand (tests). */
export type ScriptInput = Record<string, PhaseJson>;
