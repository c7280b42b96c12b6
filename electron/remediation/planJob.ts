/** Planning without changing anything: which phases a finding list calls for, and their exact plans. */
import type { HostKind } from '../../shared/findings';
import type { FixPlan, Inspection } from '../../shared/remediation';
import type { Registry } from './registry';

/** Phase ids (run order) that address any of these finding ids on this kind of host. */
export function suggestPhases(
  registry: Registry,
  kind: HostKind,
  findingIds: readonly string[],
  inspection?: Inspection | null,
): string[] {
  const wanted = new Set(findingIds);
  const chosen = registry
    .phasesFor(kind)
    .filter((p) => !p.runsLast && p.addresses.some((id) => wanted.has(id)))
    .filter((p) => !inspection || !p.wanted || p.wanted(inspection, findingIds));
  if (!chosen.length) return [];
  if (chosen.every((p) => p.selfContained)) return chosen.map((p) => p.id);
  // a phase that only takes effect after a restart brings the restart with it
  const last = registry.phasesFor(kind).filter((p) => p.runsLast);
  return [...chosen, ...last].map((p) => p.id);
}

export function planJob(
  registry: Registry,
  kind: HostKind,
  target: string,
  inspection: Inspection,
  phaseIds: readonly string[],
): FixPlan {
  const phases = registry.resolvePhases(kind, phaseIds).map((p) => p.plan(inspection, target));
  return { target, hostKind: kind, phases };
}
