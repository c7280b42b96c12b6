/**
 * Every fix-phase id offered anywhere (the finding catalogue's fixPhases, FIX_PHASES, the copyable commands of
 * shared/fixCommands.ts) is either a phase registered in remediationRegistry({ dataDir: ensureDataDir }) for its host kind, or marked
 * advice only in shared/findings.ts — so no finding offers a fix that then says "Nothing to fix". And a
 * registered phase offered for a finding addresses that finding (the planner picks phases by `addresses`).
 */
import { describe, expect, it } from 'vitest';
import { ensureDataDir } from '../../../electron/core/dataDir';
import { remediationRegistry } from '../../../electron/remediation/registerAll';
import { FINDING_CATALOGUE, FINDING_IDS, FIX_PHASES, type HostKind } from '../../../shared/findings';
import { PHASES_WITH_COMMANDS } from '../../../shared/fixCommands';

const registry = remediationRegistry({ dataDir: ensureDataDir });
const KINDS: HostKind[] = ['windows', 'xrdp'];

function offers(): Array<{ finding: string; kind: HostKind; phase: string }> {
  return FINDING_IDS.flatMap((finding) =>
    KINDS.flatMap((kind) => FINDING_CATALOGUE[finding].fixPhases[kind].map((phase) => ({ finding, kind, phase }))),
  );
}

describe('offered fix phases are real or advice only', () => {
  const ids = new Set<string>([...offers().map((o) => o.phase), ...Object.keys(FIX_PHASES), ...PHASES_WITH_COMMANDS]);

  it.each([...ids].sort())('%s is registered for its host kind, or advice only', (id) => {
    const entry = FIX_PHASES[id];
    expect(entry, `${id} is not in FIX_PHASES`).toBeDefined();
    const registered = registry.phase(id);
    if (entry?.adviceOnly) {
      expect(registered, `${id} is marked advice only but a phase is registered`).toBeUndefined();
      return;
    }
    expect(registered, `${id} is offered but no phase is registered (and it is not marked advice only)`).toBeDefined();
    expect(registered?.hostKind).toBe(entry?.hostKind);
  });

  it('the catalogue offers each phase for its own host kind only', () => {
    for (const o of offers()) expect(FIX_PHASES[o.phase]?.hostKind, `${o.finding} → ${o.phase}`).toBe(o.kind);
  });

  it('a registered phase offered for a finding addresses it (restarts come along with the others)', () => {
    const disagreements = offers()
      .map((o) => ({ ...o, p: registry.phase(o.phase) }))
      .filter(({ p, finding }) => p && !p.runsLast && !p.addresses.includes(finding))
      .map(({ finding, phase }) => `${finding} → ${phase}`);
    expect(disagreements).toEqual([]);
  });

  it('win-regenerate-self-signed-cert is offered for tls-handshake-failed and addresses it', () => {
    expect(FINDING_CATALOGUE['tls-handshake-failed'].fixPhases.windows).toContain('win-regenerate-self-signed-cert');
    expect(registry.phase('win-regenerate-self-signed-cert')?.addresses).toContain('tls-handshake-failed');
  });

  it('asking for an advice-only phase by id: a clear refusal, not "unknown phase"', () => {
    expect(() => registry.resolvePhases('xrdp', ['xrdp-find-port-owner'])).toThrow(
      '"xrdp-find-port-owner" (Find what owns the Remote Desktop port) is advice only',
    );
  });

  it('a stopped xrdp has a real phase: xrdp-start-service addresses tcp-refused and xrdp-service-stopped', () => {
    expect(FINDING_CATALOGUE['tcp-refused'].fixPhases.xrdp).toEqual(['xrdp-start-service']);
    expect(FINDING_CATALOGUE['xrdp-service-stopped'].fixPhases.xrdp).toEqual(['xrdp-start-service']);
    expect(registry.phase('xrdp-start-service')?.addresses).toEqual(['xrdp-service-stopped', 'tcp-refused']);
    expect(FIX_PHASES['xrdp-start-service-open-firewall']).toBeUndefined();
  });
});
