/**
 * The finding catalogue: what each finding means, how bad it is by default, which mstsc codes it explains
 * and which fix phases address it on a Windows host and on an xrdp host. The phases are declared once in
 * shared/fixPhases (their words, what they address…); `FIX_PHASES` and each entry's `fixPhases` are derived
 * from that table, never listed here by hand.
 *
 * Used by the diagnosis rules (electron/diagnosis), the decoder, the UI and the report. The finding ids are
 * a public contract (reports and other tools depend on them): never rename one.
 *
 * Severity follows what a technician must do: what stops the connection is an `error`; what will break soon,
 * or is weak or wrong for this server, is a `warning`; what an out-of-the-box server that accepts connections
 * shows anyway (Debian's self-signed certificate, "no NLA" on xrdp, which has none) is `info`, a note.
 */
import { FIX_PHASE_SPECS, phasesOffered } from './fixPhases/index';
import type { PhaseHostKind } from './fixPhases/types';
import type { Severity } from './probe';

export type HostKind = PhaseHostKind;

export interface FixPhase {
  id: string;
  title: string;
  hostKind: HostKind;
  /** what the phase will do, one sentence */
  summary: string;
  steps: string[];
  /**
   * Advice only: steps for the technician to follow by hand (find out who owns the port, open a firewall, check
   * an account). No remediation phase runs it; every other phase id offered anywhere is a registered phase
   * (a unit test holds both sides to it).
   */
  adviceOnly?: boolean;
}

/** How the mstsc codes are written in `explainsCodes`: "0x904/0x7" (reason/extended) or "0x204" (reason only). */
export const CREDSSP_ORACLE_MESSAGE = 'CredSSP encryption oracle remediation';

// ---- fix phases -----------------------------------------------------------------------------
/** Every fix phase by id (its words, from the one table shared/fixPhases). Typed by string so UIs can index it with ids read from findings. */
export const FIX_PHASES: Record<string, FixPhase> = Object.fromEntries(
  FIX_PHASE_SPECS.map((s) => [
    s.id,
    {
      id: s.id,
      title: s.title,
      hostKind: s.hostKind,
      summary: s.summary,
      steps: s.steps,
      ...(s.adviceOnly ? { adviceOnly: true } : {}),
    },
  ]),
);

// ---- findings -------------------------------------------------------------------------------
export const FINDING_IDS = [
  'dns-unresolved',
  'tcp-refused',
  'tcp-timeout',
  'no-response',
  'not-rdp',
  'tls-handshake-failed',
  'tls-unavailable',
  'tls-cert-unavailable',
  'tls-key-unusable',
  'tls-legacy-only',
  'nla-required',
  'nla-unsupported',
  'credssp-outdated',
  'credentials-rejected',
  'credentials-accepted',
  'clock-skew',
  'tls-cert-expired',
  'tls-cert-not-yet-valid',
  'tls-cert-name-mismatch',
  'tls-cert-self-signed',
  'tls-cert-weak',
  'tls-cert-expiring-soon',
  'network-unstable',
  'rdp-disabled',
  'termservice-stopped',
  'rdp-firewall-closed',
  'tls12-server-disabled',
  'setting-enforced-by-policy',
  'rdp-port-foreign-listener',
  'xrdp-service-stopped',
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

/** Findings only an inspection of the host can make (never the outside probe's diagnosis). */
export const HOST_ONLY_FINDING_IDS: readonly FindingId[] = [
  'tls-key-unusable',
  // read on a Windows host by the inspection (electron/remediation/windows)
  'rdp-disabled',
  'termservice-stopped',
  'rdp-firewall-closed',
  'tls12-server-disabled',
  'setting-enforced-by-policy',
  // read on an xrdp host by the inspection (electron/remediation/xrdp)
  'rdp-port-foreign-listener',
  'xrdp-service-stopped',
];

export interface FindingCatalogueEntry {
  id: FindingId;
  /** default severity; a rule may lower it when the evidence says so (documented at the rule) */
  severity: Severity;
  title: string;
  /** plain-language explanation of what it means and why it matters; the rule prefixes the evidence */
  explanation: string;
  /** mstsc codes it explains: "0x904/0x7", "0x204", or the CredSSP message */
  explainsCodes: string[];
  /** derived from the phases' `addresses` (shared/fixPhases/index.ts phasesOffered) */
  fixPhases: { windows: string[]; xrdp: string[] };
}

type CatalogueBody = Omit<FindingCatalogueEntry, 'id' | 'fixPhases'>;

const CATALOGUE: Record<FindingId, CatalogueBody> = {
  'dns-unresolved': {
    severity: 'error',
    title: 'The computer name does not resolve',
    explanation:
      'DNS has no address for this name, so no client can reach it. Check the spelling, the DNS suffix, or try the IP address.',
    explainsCodes: ['0x104', '0x508', '0x604', '0x208'],
  },
  'tcp-refused': {
    severity: 'error',
    title: 'Nothing is listening on the Remote Desktop port',
    explanation:
      'The computer answered but refused the connection: Remote Desktop is off, its service is stopped, or it listens on another port.',
    explainsCodes: ['0x204'],
  },
  'tcp-timeout': {
    severity: 'error',
    title: 'The connection attempt timed out',
    explanation:
      'No answer at all came back: a firewall drops the connection, the computer is off, or the address is wrong.',
    explainsCodes: ['0x204', '0x108'],
  },
  'no-response': {
    severity: 'error',
    title: 'The port accepts connections but never answers',
    explanation:
      'Something accepts the TCP connection but does not answer the Remote Desktop connection request: a hung service, a proxy or load balancer with no working server behind it, or another program on the port.',
    explainsCodes: ['0x108'],
  },
  'not-rdp': {
    severity: 'error',
    title: 'Something other than Remote Desktop answers on this port',
    explanation: 'The program listening on this port is not a Remote Desktop server. Check the port number.',
    explainsCodes: [],
  },
  'tls-handshake-failed': {
    severity: 'error',
    title: 'The server agrees to TLS, then aborts every handshake',
    explanation:
      'The server chooses TLS but breaks off every TLS handshake, so no client can connect. On Windows this is the signature of Remote Desktop Services being unable to use the private key of its certificate (wrong permissions on the MachineKeys file, or a damaged certificate).',
    explainsCodes: ['0x904/0x7'],
  },
  'tls-unavailable': {
    severity: 'warning',
    title: 'The server does not offer TLS',
    explanation:
      'The server falls back to the old Standard RDP Security, which cannot prove the server is who it claims to be; mstsc warns, and clients that require TLS or NLA cannot connect. On xrdp this is also what an unreadable key or certificate file looks like from outside.',
    explainsCodes: ['0x904/0x7'],
  },
  'tls-cert-unavailable': {
    severity: 'error',
    title: 'The server requires TLS but cannot use a certificate',
    explanation:
      'The server insists on TLS, yet tells every client it has no certificate it can use (RDP_NEG_FAILURE SSL_CERT_NOT_ON_SERVER), so nobody can connect. On xrdp the key or certificate file is missing or unreadable by the user xrdp runs as; on Windows the certificate Remote Desktop is set to use is missing, or its private key cannot be used.',
    explainsCodes: ['0x904/0x7'],
  },
  'tls-key-unusable': {
    severity: 'error',
    title: "The RDP service cannot use its certificate's private key",
    explanation:
      'Read on the host: the key file the RDP service is configured with is unreadable by the account the service runs as, missing, or broken. Without its private key the server cannot do TLS, so it falls back to Standard RDP Security (xrdp) or aborts every TLS handshake (Windows), and clients that require TLS or NLA fail with 0x904/0x7.',
    explainsCodes: ['0x904/0x7'],
  },
  'rdp-disabled': {
    severity: 'error',
    title: 'Remote Desktop is turned off on the host',
    explanation:
      'Read on the host: fDenyTSConnections is 1, so Windows does not accept Remote Desktop connections at all and the port is closed.',
    explainsCodes: ['0x204'],
  },
  'termservice-stopped': {
    severity: 'error',
    title: 'The Remote Desktop Services service is not running',
    explanation:
      'Read on the host: the TermService service is stopped (or missing), so nothing listens on the Remote Desktop port.',
    explainsCodes: ['0x204'],
  },
  'rdp-firewall-closed': {
    severity: 'error',
    title: 'Windows Firewall blocks Remote Desktop',
    explanation:
      'Read on the host: no inbound rule of the "Remote Desktop" firewall group is enabled, so connections from other computers are dropped before they reach the service.',
    explainsCodes: ['0x204'],
  },
  'tls12-server-disabled': {
    severity: 'error',
    title: 'TLS 1.2 is turned off for the server',
    explanation:
      'Read on the host: the SCHANNEL registry disables TLS 1.2 for server connections, so clients that require TLS 1.2 cannot complete a handshake with the Remote Desktop service.',
    explainsCodes: ['0x904/0x7'],
  },
  'setting-enforced-by-policy': {
    severity: 'info',
    title: 'Group Policy owns a Remote Desktop setting',
    explanation:
      'Read on the host: a Group Policy value sets this Remote Desktop setting, so a local change would be overwritten at the next policy refresh; change it in the policy instead.',
    explainsCodes: [],
  },
  'rdp-port-foreign-listener': {
    severity: 'error',
    title: 'Something other than the xrdp service listens on the RDP port',
    explanation:
      'Read on the host: the program listening on the Remote Desktop port is not the xrdp the service manager started (another program, a copy of xrdp, or a process another user started). Clients reach that program instead of xrdp, and nothing is changed on its behalf: its configuration is not trusted. Find out who started it (the process, its user and executable are shown), stop it, then start the xrdp service.',
    explainsCodes: ['0x904/0x7', '0x204'],
  },
  'xrdp-service-stopped': {
    severity: 'error',
    title: 'The xrdp service is not running',
    explanation:
      'Read on the host: the service manager has no running xrdp, so nothing (or something else) answers on the Remote Desktop port.',
    explainsCodes: ['0x204'],
  },
  'tls-legacy-only': {
    severity: 'error',
    title: 'Only TLS 1.0/1.1 work',
    explanation:
      'The server only completes TLS 1.0 or 1.1 handshakes. Current Windows clients have these versions turned off, so they cannot connect.',
    explainsCodes: [],
  },
  'nla-required': {
    severity: 'info',
    title: 'The server requires Network Level Authentication',
    explanation:
      'The server only accepts clients that authenticate with CredSSP (NLA) before a session starts. Current mstsc does this by default; it fails when the user name or password is wrong, the account cannot log on, or the client has NLA or CredSSP turned off.',
    explainsCodes: ['0x904/0x7'],
  },
  'nla-unsupported': {
    severity: 'warning',
    title: 'The server does not offer Network Level Authentication',
    explanation:
      'The server does not do CredSSP (NLA): users type their password into the remote login screen, and anyone who can reach the port gets a logon screen, which costs the server a session each time. Clients set to require NLA cannot connect. xrdp has no NLA at all, so on xrdp this is a note, not something to fix.',
    explainsCodes: [],
  },
  'credssp-outdated': {
    severity: 'error',
    title: 'The server speaks a CredSSP version from before the 2018 fix',
    explanation:
      'The server answered with a CredSSP version older than the May 2018 encryption-oracle fix (CVE-2018-0886). Updated clients refuse it with the "CredSSP encryption oracle remediation" message.',
    explainsCodes: [CREDSSP_ORACLE_MESSAGE, '0x904/0x7'],
  },
  'credentials-rejected': {
    severity: 'error',
    title: 'The server rejected the credentials',
    explanation:
      'The account did not get through Network Level Authentication: mstsc fails the same way as soon as the password is typed.',
    explainsCodes: ['0x904/0x7', '0x807', '0xa07', '0xb07', '0xc07', '0xd07', '0xe07', '0xf07', '0x1207'],
  },
  'credentials-accepted': {
    severity: 'info',
    title: 'The server accepted the credentials',
    explanation: 'The account got through Network Level Authentication: the user name and password are right.',
    explainsCodes: [],
  },
  'clock-skew': {
    severity: 'warning',
    title: "The server's clock is off",
    explanation:
      "The server's clock differs from this computer's by more than 5 minutes. Kerberos authentication fails beyond that, and certificate validity checks go wrong.",
    explainsCodes: [],
  },
  'tls-cert-expired': {
    severity: 'warning',
    title: "The server's certificate has expired",
    explanation:
      'mstsc warns that the certificate has expired and asks whether to connect anyway; clients set to refuse untrusted servers cannot connect.',
    explainsCodes: ['0x1b07'],
  },
  'tls-cert-not-yet-valid': {
    severity: 'warning',
    title: "The server's certificate is not valid yet",
    explanation:
      "The certificate's start date is in the future: the certificate was made with a wrong clock, or one of the clocks is wrong. mstsc warns before connecting.",
    explainsCodes: [],
  },
  'tls-cert-name-mismatch': {
    severity: 'warning',
    title: 'The certificate does not name this host',
    explanation:
      'The certificate was issued for a different name than the one typed, so mstsc warns that the server identity cannot be verified.',
    explainsCodes: [],
  },
  'tls-cert-self-signed': {
    severity: 'info',
    title: 'The certificate is self-signed',
    explanation:
      'No authority vouches for the certificate, so mstsc asks the user to accept it on first connection. That is normal for Remote Desktop out of the box; a certificate from your own CA removes the prompt.',
    explainsCodes: [],
  },
  'tls-cert-weak': {
    severity: 'warning',
    title: 'The certificate uses weak cryptography',
    explanation:
      'The certificate has a short key or a signature algorithm (SHA-1, MD5) that current systems distrust; some clients refuse it.',
    explainsCodes: [],
  },
  'tls-cert-expiring-soon': {
    severity: 'warning',
    title: 'The certificate expires soon',
    explanation:
      'The certificate is still valid but expires soon; renew it before clients start to warn. Within 14 days it is a warning, before that a note.',
    explainsCodes: [],
  },
  'network-unstable': {
    severity: 'warning',
    title: 'The network path is unstable',
    explanation:
      'Repeated connections failed, were cut mid-handshake or took widely different times: expect failed connects (0x904/0x7), slow logons and dropped sessions. Check VPN, Wi-Fi or the firewall between here and the server.',
    explainsCodes: ['0x904/0x7', '0x304', '0x404'],
  },
};

export const FINDING_CATALOGUE: Record<FindingId, FindingCatalogueEntry> = Object.fromEntries(
  FINDING_IDS.map((id) => [
    id,
    { id, ...CATALOGUE[id], fixPhases: { windows: phasesOffered(id, 'windows'), xrdp: phasesOffered(id, 'xrdp') } },
  ]),
) as Record<FindingId, FindingCatalogueEntry>;

export function isFindingId(id: string): id is FindingId {
  return (FINDING_IDS as readonly string[]).includes(id);
}

/** Fix phase titles for a finding, for UIs that list them. Unknown ids are skipped. */
export function fixPhasesFor(ids: readonly string[]): FixPhase[] {
  return ids.flatMap((id) => {
    const phase = FIX_PHASES[id];
    return phase ? [phase] : [];
  });
}
