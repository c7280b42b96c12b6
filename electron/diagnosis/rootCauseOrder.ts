/**
 * Findings come root cause first. The order is explicit, not by severity: a cause comes before what it
 * causes even when the cause is only a warning —
 * - reachability before everything (nothing after it can be judged);
 * - `tls-key-unusable` (read on the host) before what it causes, seen from outside: `tls-unavailable`;
 * - `tls-unavailable` before `tls-handshake-failed`: on xrdp an unreadable key shows as TLS refused, and that
 *   explains a failed handshake rather than the other way round;
 * - TLS before CredSSP (CredSSP runs inside TLS), CredSSP before the credentials it carries;
 * - a skewed clock before the certificate dates it may explain;
 * - a path that drops connections right after reachability: it makes every later step unreliable;
 * - then certificate state, weaker security, and finally context.
 */
import type { FindingId } from '../../shared/findings';
import type { Finding } from '../../shared/probe';

export const ROOT_CAUSE_ORDER: readonly FindingId[] = [
  'dns-unresolved',
  // read on a Windows host: why the port is refused or silent
  'rdp-disabled',
  'termservice-stopped',
  'rdp-firewall-closed',
  // read on an xrdp host: who holds the port, and whether the service runs
  'rdp-port-foreign-listener',
  'xrdp-service-stopped',
  'tcp-refused',
  'tcp-timeout',
  'no-response',
  'not-rdp',
  // a path that drops connections mid-handshake explains the failures seen after it (issue 22)
  'network-unstable',
  'tls-key-unusable',
  'tls12-server-disabled',
  'tls-cert-unavailable',
  'tls-unavailable',
  'tls-handshake-failed',
  'tls-legacy-only',
  'credssp-outdated',
  'clock-skew',
  'credentials-rejected',
  'tls-cert-expired',
  'tls-cert-not-yet-valid',
  'tls-cert-name-mismatch',
  'tls-cert-self-signed',
  'tls-cert-weak',
  'tls-cert-expiring-soon',
  'nla-unsupported',
  'nla-required',
  'credentials-accepted',
  // read on an xrdp host: the session layer, after the login screen (issue 21) — what stops every login first
  'xrdp-sesman-stopped',
  'host-disk-full',
  'xrdp-session-backend-missing',
  'xrdp-xorg-wrapper-console-only',
  'xrdp-console-user-logged-in',
  'xrdp-colord-polkit-prompt',
  'setting-enforced-by-policy',
];

const RANK = new Map<string, number>(ROOT_CAUSE_ORDER.map((id, i) => [id, i]));

export function orderFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (RANK.get(a.f.id) ?? RANK.size) - (RANK.get(b.f.id) ?? RANK.size) || a.i - b.i)
    .map(({ f }) => f);
}
