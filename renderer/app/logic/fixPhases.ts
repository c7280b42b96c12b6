/**
 * Which fix phases the Fix screen offers: the chosen findings' phases for one host kind, in the order the
 * catalogue lists them per finding, each once. Pure; the store and the findings screen both use it.
 */
import { FIX_PHASES, type HostKind } from '../../../shared/findings';
import type { Finding } from '../../../shared/probe';

/** Phases the wizard can run: advice-only ones (find who owns the port, open a firewall…) are shown, never run. */
function runnable(ids: readonly string[]): string[] {
  return ids.filter((id) => !FIX_PHASES[id]?.adviceOnly);
}

/**
 * A finding can be fixed by the wizard when the catalogue names a phase it can run for the host kind in force
 * (either kind while the kind is unknown): an xrdp host gets no "Fix this" for a Windows-only fix such as NLA,
 * and a finding with advice only (its commands are on its card) gets none either.
 */
export function hasFixPhases(f: Finding, kind: HostKind | 'unknown' = 'unknown'): boolean {
  if (kind !== 'unknown') return runnable(f.fixPhases[kind]).length > 0;
  return runnable(f.fixPhases.windows).length > 0 || runnable(f.fixPhases.xrdp).length > 0;
}

/** The findings the wizard works on: the one picked ("Fix this"), or every finding with a phase. */
export function fixFindings(findings: readonly Finding[], focus: readonly string[] | null): Finding[] {
  const fixable = findings.filter((f) => hasFixPhases(f));
  return focus ? fixable.filter((f) => focus.includes(f.id)) : fixable;
}

/** The phases for these findings on this kind of host, each once, in first-mentioned order. */
export function phasesFor(findings: readonly Finding[], kind: HostKind): string[] {
  const out: string[] = [];
  for (const f of findings) for (const p of runnable(f.fixPhases[kind])) if (!out.includes(p)) out.push(p);
  return out;
}
