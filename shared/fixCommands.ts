/**
 * The exact commands behind each fix phase, filled in with what the probe learned (the port, the certificate
 * thumbprint, the key file where it can be inferred), for a technician to read and copy. Shown by the findings
 * screen, `rdp-doctor probe --fixes` and the report. Pure; nothing here runs anything. The commands themselves
 * are each phase's `commands(ctx)` in its spec (shared/fixPhases/windows.ts, xrdp.ts); this file holds what
 * they are filled in from (FixContext) and the lookup.
 *
 * Values are data: every value from the probe is checked (a port is a number, a thumbprint 40 hex digits, a
 * host a DNS name or address) and quoted for its shell, so a hostile certificate or host name cannot turn a
 * copied command into another command. What the probe cannot know stays a visible <placeholder>.
 */
import { phaseSpec } from './fixPhases/index';
import type { ProbeResult } from './probe';

export { psQuote, shQuote, XRDP_KEY } from './shellText';

export interface FixContext {
  port: number;
  /** SHA-1 thumbprint of the certificate the probe saw, uppercase hex, when it completed a TLS handshake */
  thumbprint: string | null;
  /** the private key file xrdp loads, when it can be inferred (Debian's snakeoil certificate) */
  keyPath: string | null;
  /** the host as typed, for a new certificate's name */
  host: string | null;
}

export interface FixCommands {
  shell: 'powershell' | 'sh';
  /** one command per line; lines starting with # are comments */
  lines: string[];
}

export const DEFAULT_RDP_PORT = 3389;
/** Debian/Ubuntu: /etc/xrdp/key.pem is a link to this file, readable only by its owner and group ssl-cert. */
export const SNAKEOIL_KEY = '/etc/ssl/private/ssl-cert-snakeoil.key';

const THUMBPRINT = /^[0-9A-F]{40}$/;
const SAFE_HOST = /^[A-Za-z0-9.-]{1,253}$|^[0-9A-Fa-f:.]{2,45}$/;

/** The facts fix commands need, from a probe result (or a report's facts, redacted or not). */
export function fixContextFrom(result: Pick<ProbeResult, 'target' | 'tcp' | 'tls'>): FixContext {
  const port = result.target?.port ?? result.tcp?.port ?? DEFAULT_RDP_PORT;
  const cert = result.tls?.certificate ?? null;
  const thumb = cert?.sha1Thumbprint?.toUpperCase() ?? null;
  const host = result.target?.host ?? null;
  return {
    port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : DEFAULT_RDP_PORT,
    thumbprint: thumb && THUMBPRINT.test(thumb) ? thumb : null,
    keyPath: cert && /snakeoil/i.test(cert.subject + cert.issuer) ? SNAKEOIL_KEY : null,
    host: host && SAFE_HOST.test(host) ? host : null,
  };
}

/** The commands of one fix phase, or null for a phase without commands. */
export function commandsFor(phaseId: string, ctx: FixContext): FixCommands | null {
  return phaseSpec(phaseId)?.commands?.(ctx) ?? null;
}
