/**
 * Which fix phases the Fix screen offers: the chosen findings' phases for one host kind, in the order the
 * catalogue lists them per finding, each once. Pure; the store and the findings screen both use it.
 *
 * The phases come from the one table the core plans from (shared/fixPhases: what each phase addresses), not
 * from the list a finding carries: a report saved by an older version offers what this version can run.
 */
import { type HostKind, isFindingId } from '../../../shared/findings';
import { isRunnable, phaseSpec, phasesOffered } from '../../../shared/fixPhases/index';
import type { Finding } from '../../../shared/probe';

/** The phases a finding offers on one kind of host (advice-only ones included), from the phase table. */
export function offeredPhases(f: Pick<Finding, 'id' | 'fixPhases'>, kind: HostKind): string[] {
  // a finding id this version does not know (a newer report) keeps the list it carries
  return isFindingId(f.id) ? phasesOffered(f.id, kind) : f.fixPhases[kind];
}

/** Phases the wizard can run: advice-only ones (find who owns the port, open a firewall…) are shown, never run. */
function runnable(ids: readonly string[]): string[] {
  return ids.filter((id) => isRunnable(phaseSpec(id)));
}

/**
 * A finding can be fixed by the wizard when the catalogue names a phase it can run for the host kind in force
 * (either kind while the kind is unknown): an xrdp host gets no "Fix this" for a Windows-only fix such as NLA,
 * and a finding with advice only (its commands are on its card) gets none either.
 */
export function hasFixPhases(f: Finding, kind: HostKind | 'unknown' = 'unknown'): boolean {
  if (kind !== 'unknown') return runnable(offeredPhases(f, kind)).length > 0;
  return runnable(offeredPhases(f, 'windows')).length > 0 || runnable(offeredPhases(f, 'xrdp')).length > 0;
}

/** The findings the wizard works on: the one picked ("Fix this"), or every finding with a phase. */
export function fixFindings(findings: readonly Finding[], focus: readonly string[] | null): Finding[] {
  const fixable = findings.filter((f) => hasFixPhases(f));
  return focus ? fixable.filter((f) => focus.includes(f.id)) : fixable;
}

/** The phases for these findings on this kind of host, each once, in first-mentioned order. */
export function phasesFor(findings: readonly Finding[], kind: HostKind): string[] {
  const out: string[] = [];
  for (const f of findings) for (const p of runnable(offeredPhases(f, kind))) if (!out.includes(p)) out.push(p);
  return out;
}

/**
 * Phases that are two ways to the same end: the key made readable, or a new certificate. A plan or a script
 * takes one of them (the first by default), never both; the findings screen says "either … or …".
 */
export const ALTERNATIVE_PHASES: ReadonlyArray<readonly [string, string]> = [
  ['win-grant-machinekeys-read', 'win-regenerate-self-signed-cert'],
  ['xrdp-fix-key-permissions', 'xrdp-regenerate-cert'],
];

/** The other way to the same end as `phase`, or null. */
export function alternativeOf(phase: string): string | null {
  for (const [a, b] of ALTERNATIVE_PHASES) {
    if (phase === a) return b;
    if (phase === b) return a;
  }
  return null;
}

/** The phases a script runs unless the technician picks otherwise: of two alternatives, the first. */
export function defaultScriptPhases(phases: readonly string[]): string[] {
  return phases.filter((p) => {
    const other = alternativeOf(p);
    return !other || !phases.includes(other) || phases.indexOf(p) < phases.indexOf(other);
  });
}

/** Ticking one of two alternatives unticks the other. */
export function togglePhase(chosen: readonly string[], phase: string, on: boolean, order: readonly string[]): string[] {
  const other = alternativeOf(phase);
  const next = new Set(chosen.filter((p) => p !== phase && (!on || p !== other)));
  if (on) next.add(phase);
  return order.filter((p) => next.has(p));
}

/**
 * The phases as steps, two alternatives folded into one step ([a, b]: "either a or b"), at the place of the
 * first: the list numbers what runs one after the other, never two ways to the same end.
 */
export function stepsOf(phases: readonly string[]): string[][] {
  const out: string[][] = [];
  for (const p of phases) {
    const other = alternativeOf(p);
    if (other && phases.includes(other)) {
      if (phases.indexOf(other) < phases.indexOf(p)) continue;
      out.push([p, other]);
    } else out.push([p]);
  }
  return out;
}
