/**
 * Read-only inspection of a Windows RDP host: runs Inspect-RdpHost.ps1 (one JSON document back) and turns
 * the findings it confirmed on the host into catalogue findings labelled `seenOn: 'host'`.
 */
import { FINDING_CATALOGUE, type FindingId, isFindingId } from '../../../shared/findings';
import type { WindowsFacts } from '../../../shared/fixPhases/windowsFacts';
import type { HostFinding, Inspection } from '../../../shared/remediation';
import { parseTarget } from '../../probe/parseTarget';
import { type Driver, RemediationError } from '../types';

export type { WindowsFacts } from '../../../shared/fixPhases/windowsFacts';

export function windowsFactsOf(inspection: Inspection): WindowsFacts {
  if (inspection.hostKind !== 'windows') throw new RemediationError('wrong-host-kind', 'Not a Windows inspection.');
  return inspection.facts as unknown as WindowsFacts;
}

const REASONS: Record<string, string> = {
  'no-read-for-network-service':
    "NETWORK SERVICE, the account TermService runs as, cannot read the certificate's private key file.",
  'key-file-missing': "The certificate's private key file does not exist.",
  'keyset-missing': 'The certificate says it has a private key, but Windows cannot open it (keyset does not exist).',
  'certificate-missing': 'The certificate the listener is bound to is not in the certificate store.',
};

export function hostFindings(facts: WindowsFacts): HostFinding[] {
  const out: HostFinding[] = [];
  for (const f of facts.findings ?? []) {
    if (!isFindingId(f.id)) continue;
    const entry = FINDING_CATALOGUE[f.id as FindingId];
    const reason = REASONS[f.reason];
    out.push({
      id: f.id,
      severity: entry.severity,
      title: entry.title,
      detail: reason ? `${reason} ${entry.explanation}` : entry.explanation,
      evidence: f.evidence.map((e) => `read on the host: ${e}`),
      explainsCodes: [...entry.explainsCodes],
      fixPhases: { windows: [...entry.fixPhases.windows], xrdp: [...entry.fixPhases.xrdp] },
      seenOn: 'host',
    });
  }
  return out;
}

export async function inspectWindows(driver: Driver, target: string, signal?: AbortSignal): Promise<Inspection> {
  const t = parseTarget(target);
  const port = t.ok ? t.port : 3389;
  const facts = (await driver.call('Inspect-RdpHost.ps1', { port }, { signal })) as unknown as WindowsFacts;
  const summary = [...(facts.summary ?? [])];
  for (const e of facts.errors ?? []) summary.push(`could not read ${e.section}: ${e.message.split('\n')[0]}`);
  return {
    hostKind: 'windows',
    reachedAs: driver.reachedAs,
    inspectedAt: new Date().toISOString(),
    facts: facts as unknown as Record<string, unknown>,
    findings: hostFindings(facts),
    summary,
  };
}
