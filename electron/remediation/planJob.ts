/** Planning without changing anything: which phases a finding list calls for, and their exact plans. */
import type { HostKind } from '../../shared/findings';
import type { FixPlan, Inspection } from '../../shared/remediation';
import type { Registry } from './registry';
import { type Phase, RemediationError, type SuppliedFacts } from './types';

/**
 * Phase ids (run order) that address any of these finding ids on this kind of host. A phase that needs a
 * supplied certificate is chosen exactly when one is supplied (the technician brought it to install it), and
 * then stands in for the phases addressing the same findings (no new self-signed certificate beside it).
 */
export function suggestPhases(
  registry: Registry,
  kind: HostKind,
  findingIds: readonly string[],
  inspection?: Inspection | null,
  supplied?: SuppliedFacts,
): string[] {
  const wanted = new Set(findingIds);
  const installs = registry.phasesFor(kind).filter((p) => p.needs === 'certificate' && supplied?.certificate);
  const covered = new Set(installs.flatMap((p) => p.addresses));
  const chosen = registry
    .phasesFor(kind)
    .filter((p) => !p.runsLast && !p.needs && p.addresses.some((id) => wanted.has(id)))
    .filter((p) => !inspection || !p.wanted || p.wanted(inspection, findingIds))
    .filter((p) => !p.addresses.some((id) => covered.has(id) && wanted.has(id)));
  const all = registry.phasesFor(kind).filter((p) => installs.includes(p) || chosen.includes(p));
  if (!all.length) return [];
  if (all.every((p) => p.selfContained)) return all.map((p) => p.id);
  // a phase that only takes effect after a restart brings the restart with it
  const last = registry.phasesFor(kind).filter((p) => p.runsLast);
  return [...all, ...last].map((p) => p.id);
}

/** Refuses (before anything is reached) a phase whose supplied material is missing. */
export function checkSupplied(phases: readonly Phase[], supplied?: SuppliedFacts): void {
  for (const p of phases) {
    if (p.needs === 'certificate' && !supplied?.certificate)
      throw new RemediationError(
        'needs-certificate',
        `"${p.id}" installs a certificate you supply: choose its .pfx file and password (CLI: --pfx FILE --pfx-password-stdin).`,
      );
  }
}

export function planJob(
  registry: Registry,
  kind: HostKind,
  target: string,
  inspection: Inspection,
  phaseIds: readonly string[],
  supplied?: SuppliedFacts,
): FixPlan {
  const resolved = registry.resolvePhases(kind, phaseIds);
  checkSupplied(resolved, supplied);
  const phases = resolved.map((p) => p.plan(inspection, target, supplied));
  return { target, hostKind: kind, phases };
}
