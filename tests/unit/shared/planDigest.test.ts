// The approved plan's digest and the difference shown when the host changed since the approval.
import { describe, expect, it } from 'vitest';
import { canonicalPlan, planDifferences, planDigest } from '../../../shared/planDigest';
import type { PhasePlan } from '../../../shared/remediation';

const phase = (over: Partial<PhasePlan> = {}): PhasePlan => ({
  phase: 'xrdp-set-security-layer',
  title: 'Let xrdp use TLS',
  hostKind: 'xrdp',
  addresses: ['tls-unavailable'],
  risks: ['Disconnects every session'],
  changes: [{ target: '/etc/xrdp/xrdp.ini [Globals] security_layer', before: 'rdp', after: 'negotiate' }],
  commands: ['edit /etc/xrdp/xrdp.ini'],
  alreadyRight: false,
  ...over,
});

describe('planDigest', () => {
  it('is the SHA-256 of the canonical plan: what changes and runs, not how it is worded', async () => {
    const d = await planDigest([phase()]);
    expect(d).toMatch(/^[0-9a-f]{64}$/);
    expect(await planDigest([phase({ title: 'Other words', risks: [] })])).toBe(d);
    // key order in the objects does not matter: the canonical form is arrays
    const reordered = JSON.parse(
      JSON.stringify(phase(), ['commands', 'changes', 'target', 'after', 'before', 'phase', 'alreadyRight']),
    );
    expect(canonicalPlan([reordered as PhasePlan])).toBe(canonicalPlan([phase()]));
    expect(await planDigest([phase({ changes: [{ target: 'x', before: 'tls', after: 'negotiate' }] })])).not.toBe(d);
    expect(await planDigest([phase({ commands: ['rm -rf /'] })])).not.toBe(d);
    expect(await planDigest([phase({ alreadyRight: true })])).not.toBe(d);
    expect(await planDigest([phase(), phase({ phase: 'xrdp-restart' })])).not.toBe(d);
  });
});

describe('planDifferences', () => {
  it('names each difference in words', () => {
    expect(planDifferences([phase()], [phase()])).toEqual([]);
    expect(
      planDifferences(
        [phase()],
        [
          phase({
            changes: [{ target: '/etc/xrdp/xrdp.ini [Globals] security_layer', before: 'tls', after: 'negotiate' }],
          }),
        ],
      ),
    ).toEqual([
      'xrdp-set-security-layer: /etc/xrdp/xrdp.ini [Globals] security_layer was approved as rdp → negotiate, is now tls → negotiate',
    ]);
    expect(planDifferences([phase()], [phase({ alreadyRight: true, changes: [], commands: [] })])).toEqual([
      'xrdp-set-security-layer: already right now, nothing left to change (/etc/xrdp/xrdp.ini [Globals] security_layer)',
    ]);
    expect(planDifferences([phase()], [phase(), phase({ phase: 'xrdp-restart', changes: [] })])).toEqual([
      'xrdp-restart: planned now, was not approved',
    ]);
    expect(planDifferences([phase()], [phase({ commands: ['edit /etc/xrdp/other.ini'] })])).toEqual([
      'xrdp-set-security-layer: new command: edit /etc/xrdp/other.ini',
      'xrdp-set-security-layer: command dropped: edit /etc/xrdp/xrdp.ini',
    ]);
    expect(planDifferences([phase()], [])).toEqual(['xrdp-set-security-layer: no longer planned']);
  });
});
