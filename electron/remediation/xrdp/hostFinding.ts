import { FINDING_CATALOGUE, type FindingId } from '../../../shared/findings';
import type { Severity } from '../../../shared/probe';
import type { HostFinding } from '../../../shared/remediation';
import { stripControl } from './hostText';

/** A finding read on the host: the catalogue's words after the problem seen there, evidence as data. */
export function hostFinding(id: FindingId, problem: string, evidence: string[], severity?: Severity): HostFinding {
  const entry = FINDING_CATALOGUE[id];
  return {
    id,
    severity: severity ?? entry.severity,
    title: entry.title,
    detail: `${problem} ${entry.explanation}`,
    evidence: evidence.map(stripControl),
    explainsCodes: [...entry.explainsCodes],
    fixPhases: { windows: [...entry.fixPhases.windows], xrdp: [...entry.fixPhases.xrdp] },
    seenOn: 'host',
  };
}
