// The Windows firewall part of "win-start-service-open-firewall" as the plan shows it (Enable-RdpAccess.ps1
// decides the same way on the host; tests/windows/Phases.Tests.ps1 runs that): Domain and Private only,
// Public when asked.
import { describe, expect, it } from 'vitest';
import { firewallRulePlan, profilesOf } from '../../../shared/fixPhases/windowsFacts';

const rule = (name: string, profile: string | undefined, enabled = false) => ({
  name,
  enabled,
  direction: 'Inbound',
  profile,
});

describe('firewallRulePlan', () => {
  it('reads Windows profile strings', () => {
    expect(profilesOf('Any')).toEqual(['Domain', 'Private', 'Public']);
    expect(profilesOf(undefined)).toEqual(['Domain', 'Private', 'Public']);
    expect(profilesOf('Domain, Private')).toEqual(['Domain', 'Private']);
    expect(profilesOf('Public')).toEqual(['Public']);
  });

  it('by default: an Any rule is narrowed to Domain, Private; a Public-only rule stays off; enabled rules untouched', () => {
    const plan = firewallRulePlan([
      rule('RemoteDesktop-UserMode-In-TCP', 'Any'),
      rule('RemoteDesktop-UserMode-In-UDP', 'Domain, Private'),
      rule('RemoteDesktop-In-TCP-Public', 'Public'),
      rule('RemoteDesktop-Shadow-In-TCP', 'Any', true),
      { ...rule('RemoteDesktop-Out', 'Any'), direction: 'Outbound' },
    ]);
    expect(plan.changes).toEqual([
      {
        target: 'firewall rule RemoteDesktop-UserMode-In-TCP',
        before: 'disabled (Any)',
        after: 'enabled (Domain, Private)',
      },
      {
        target: 'firewall rule RemoteDesktop-UserMode-In-UDP',
        before: 'disabled (Domain, Private)',
        after: 'enabled (Domain, Private)',
      },
    ]);
    expect(plan.stayOff).toEqual(['RemoteDesktop-In-TCP-Public (Public)']);
  });

  it('Public only when asked', () => {
    const plan = firewallRulePlan([rule('A', 'Any'), rule('P', 'Public')], true);
    expect(plan.changes.map((c) => c.after)).toEqual(['enabled (Domain, Private, Public)', 'enabled (Public)']);
    expect(plan.stayOff).toEqual([]);
  });
});
