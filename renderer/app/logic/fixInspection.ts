/**
 * Step 2's list: what the host itself showed (host-confirmed findings first: a fact read on the host outranks
 * a guess from outside), then what the probe saw from outside that the inspection did not restate, each
 * labelled with where it was seen. Notes (severity info) from outside are left out: they need no fix.
 */
import type { Finding } from '../../../shared/probe';
import type { HostFinding, Inspection } from '../../../shared/remediation';

export function inspectionFindings(inspection: Inspection, outside: readonly Finding[]): HostFinding[] {
  const host = inspection.findings.filter((f) => f.seenOn === 'host');
  const wire = inspection.findings.filter((f) => f.seenOn === 'wire');
  const listed = new Set(inspection.findings.map((f) => f.id));
  const fromProbe: HostFinding[] = outside
    .filter((f) => f.severity !== 'info' && !listed.has(f.id))
    .map((f) => ({ ...f, seenOn: 'wire' }));
  return [...host, ...wire, ...fromProbe];
}
