/**
 * What the Windows phases read: the inspection's facts as Inspect-RdpHost.ps1 prints them, and the pure
 * helpers the phase specs (./windows.ts) plan with. Types and pure functions only: the renderer bundles this.
 */
import type { PhaseChange } from './types';

/** The parts of the inspection's JSON the phases read (Inspect-RdpHost.ps1 prints them). */
export interface WindowsFacts {
  os: {
    psVersion?: string;
    caption?: string;
    version?: string;
    computerName?: string;
    partOfDomain?: boolean;
    domain?: string;
  };
  listener: {
    securityLayer: number;
    userAuthenticationRequired: number;
    minEncryptionLevel: number;
    certificateThumbprint: string;
    policySourceSecurityLayer: number;
    policySourceUserAuthenticationRequired: number;
  } | null;
  settings: { fDenyTSConnections: number | null; portNumber: number | null };
  policy: Record<string, { value: unknown; policy: string; path: string }>;
  port: number;
  services: Record<string, { status: string; startType: string | null }>;
  certificate: {
    thumbprint: string;
    store: string;
    subject: string;
    notAfter: string;
    selfSigned: boolean;
    hasPrivateKey: boolean;
  } | null;
  key: {
    uniqueName: string | null;
    path: string | null;
    exists: boolean;
    sddl: string | null;
    networkServiceCanRead: boolean;
  } | null;
  events: { id: number; provider: string; time: string; message: string }[];
  tls: Record<string, { enabled: number | null; disabledByDefault: number | null }>;
  firewall: {
    /** profile as Windows prints it: "Any", "Domain, Private", "Public" (absent from older inspections) */
    rules: { name: string; enabled: boolean; direction: string; profile?: string }[];
    anyInboundEnabled: boolean;
  } | null;
  listening: { port: number; listening: boolean; process: string | null } | null;
  /** user sessions (qwinsta); null when they could not be read */
  sessions: { session: string; user: string; id: string; state: string }[] | null;
  findings: { id: string; reason: string; evidence: string[] }[];
  summary: string[];
  errors: { section: string; message: string }[];
}

/** The typed facts of a Windows inspection (the spec's `facts` hook; the inspector checked the host kind). */
export function windowsFactsOf(inspectionFacts: Record<string, unknown>): WindowsFacts {
  return inspectionFacts as unknown as WindowsFacts;
}

const ALL_PROFILES = ['Domain', 'Private', 'Public'] as const;

/** A rule's Profile as Windows prints it ("Any", "Domain, Private", "Public") → the profiles it covers. */
export function profilesOf(profile: string | undefined): string[] {
  if (profile === undefined || profile === '' || profile === 'Any' || profile === '0') return [...ALL_PROFILES];
  return profile.split(/,\s*/).filter(Boolean);
}

/**
 * What Enable-RdpAccess.ps1 does to each disabled inbound rule of the "Remote Desktop" group (the script
 * decides the same way on the host): enable it when it covers only open profiles, narrow it to them first
 * when it also covers Public (Profile Any), leave it off when it covers Public alone. Public is open only
 * when asked (`allowPublicProfile`): a laptop on a café's Wi-Fi should not offer RDP to the room.
 */
export function firewallRulePlan(
  rules: readonly { name: string; enabled: boolean; direction: string; profile?: string }[],
  allowPublicProfile = false,
): { changes: PhaseChange[]; stayOff: string[] } {
  const open: string[] = allowPublicProfile ? [...ALL_PROFILES] : ['Domain', 'Private'];
  const changes: PhaseChange[] = [];
  const stayOff: string[] = [];
  for (const r of rules) {
    if (r.direction !== 'Inbound' || r.enabled) continue;
    const covers = profilesOf(r.profile);
    const wanted = covers.filter((p) => open.includes(p));
    if (wanted.length === 0) stayOff.push(`${r.name} (${r.profile ?? 'Any'})`);
    else
      changes.push({
        target: `firewall rule ${r.name}`,
        before: `disabled (${r.profile ?? 'Any'})`,
        after: `enabled (${wanted.join(', ')})`,
      });
  }
  return { changes, stayOff };
}

/** A Group Policy value owns this setting: the phase will not change it (a note for the plan). */
export function policyNote(facts: WindowsFacts, value: string): string[] {
  const owner = facts.policy?.[value];
  return owner
    ? [`Group Policy owns this setting ("${owner.policy}"): the phase will not change it; change the GPO.`]
    : [];
}
