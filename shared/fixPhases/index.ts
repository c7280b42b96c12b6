/**
 * The one table of fix phases (issue 19): every phase of every host kind, declared once in ./windows.ts and
 * ./xrdp.ts. The finding catalogue's phase lists (`FINDING_CATALOGUE[id].fixPhases`), `FIX_PHASES`, the
 * copyable commands (`commandsFor`), the renderer's offer and the remediation registry all read it.
 *
 * Which phases a finding offers is derived, never listed by hand: the phases whose `addresses` name it, in
 * table order (those with the finding in `firstFor` first), then — when one of them is a runnable phase that takes effect only after a restart (neither
 * `selfContained` nor `runsLast`) — the host kind's `runsLast` phases (the restart), as the planner adds them.
 */
import type { FixPhaseSpec, PhaseHostKind } from './types';
import { WINDOWS_PHASE_SPECS } from './windows';
import { XRDP_PHASE_SPECS } from './xrdp';

export type { FixPhaseSpec, PhaseHostKind } from './types';

/** Every phase, Windows then xrdp, each kind in its table order (the order phases are offered and run in). */
export const FIX_PHASE_SPECS: readonly FixPhaseSpec[] = [...WINDOWS_PHASE_SPECS, ...XRDP_PHASE_SPECS];

const BY_ID: ReadonlyMap<string, FixPhaseSpec> = new Map(FIX_PHASE_SPECS.map((s) => [s.id, s]));

/** The spec of one phase id, or undefined for an id no table declares. */
export function phaseSpec(id: string): FixPhaseSpec | undefined {
  return BY_ID.get(id);
}

/** The specs of one host kind, in table order. */
export function phaseSpecsFor(kind: PhaseHostKind): FixPhaseSpec[] {
  return FIX_PHASE_SPECS.filter((s) => s.hostKind === kind);
}

/** A phase RDP Doctor runs (it has a script); advice-only phases are shown, never run. */
export function isRunnable(spec: FixPhaseSpec | undefined): boolean {
  return !!spec && !spec.adviceOnly;
}

/** A runnable phase that takes effect only after the kind's `runsLast` phase (the restart) ran. */
function needsRestart(spec: FixPhaseSpec): boolean {
  return isRunnable(spec) && !spec.selfContained && !spec.runsLast;
}

/** The phase ids a finding offers on one kind of host: those addressing it, then the restart they need. */
export function phasesOffered(findingId: string, kind: PhaseHostKind): string[] {
  const specs = phaseSpecsFor(kind);
  const addressing = specs.filter((s) => s.addresses.includes(findingId));
  // stable: the phases put first for this finding, then the rest in table order
  addressing.sort((a, b) => Number(!!b.firstFor?.includes(findingId)) - Number(!!a.firstFor?.includes(findingId)));
  const out = addressing.map((s) => s.id);
  if (addressing.some(needsRestart)) for (const s of specs) if (s.runsLast && !out.includes(s.id)) out.push(s.id);
  return out;
}
