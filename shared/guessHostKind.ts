/**
 * Which kind of RDP server the probe saw, so the fix wizard shows only that kind's phases. A guess with its
 * reasons; the technician can always correct it. Pure: used by the diagnosis, the UI, the CLI and the report.
 *
 * Each clue is weighed (strong = 2, leaning = 1) for Windows or for xrdp; a clue that contradicts the rest
 * (a Windows 7 NTLM version on a server offering the Windows 8+ graphics pipeline: FreeRDP's server says
 * exactly that) makes the answer "unknown" rather than a confident wrong one.
 */
import type { HostKind } from './findings';
import type { ProbeResult } from './probe';

export interface HostKindGuess {
  kind: HostKind | 'unknown';
  /** plain sentences, strongest first: why this kind */
  reasons: string[];
}

interface Clue {
  kind: HostKind | 'other';
  weight: 1 | 2;
  reason: string;
}

/** Windows builds by their NTLM version, for the reason sentence. */
function windowsName(version: string): string | null {
  const [major, minor, build] = version.split('.').map(Number);
  if (major === 10 && build !== undefined) {
    if (build >= 26100) return 'Windows 11 24H2 / Server 2025';
    if (build >= 22000) return 'Windows 11';
    if (build >= 20348) return 'Windows Server 2022';
    if (build >= 17763) return 'Windows 10 1809+ / Server 2019';
    if (build >= 14393) return 'Windows 10 1607+ / Server 2016';
    return 'Windows 10';
  }
  if (major === 6 && minor === 3) return 'Windows 8.1 / Server 2012 R2';
  if (major === 6 && minor === 2) return 'Windows 8 / Server 2012';
  if (major === 6 && minor === 1) return 'Windows 7 / Server 2008 R2';
  return null;
}

/** Negotiation response flags from any attempt that selected a protocol. */
function rspFlags(result: Pick<ProbeResult, 'negotiation'>): Set<string> {
  const out = new Set<string>();
  for (const a of result.negotiation?.attempts ?? []) for (const f of a.flags ?? []) out.add(f);
  return out;
}

function clues(result: Pick<ProbeResult, 'credssp' | 'tls' | 'rdpSecurity' | 'negotiation'>): Clue[] {
  const out: Clue[] = [];
  const ntlm = result.credssp?.ntlm;
  const flags = rspFlags(result);
  const gfx = flags.has('DYNVC_GFX_PROTOCOL_SUPPORTED');
  const supports: Partial<Record<string, boolean | null>> = result.negotiation?.supports ?? {};
  const credssp = supports.hybrid === true || supports.hybridEx === true || result.credssp?.tsRequestVersion != null;

  if (ntlm?.productVersion) {
    const name = windowsName(ntlm.productVersion);
    // winpr (FreeRDP's server) reports a fixed 6.1.7601 yet offers the graphics pipeline Windows 7 never had.
    if (ntlm.productVersion === '6.1.7601' && gfx) {
      out.push({
        kind: 'other',
        weight: 2,
        reason:
          'NTLM reports Windows 7 (6.1.7601), yet the server offers the graphics pipeline Windows 7 lacks: FreeRDP-based servers answer exactly this way.',
      });
    } else {
      out.push({
        kind: 'windows',
        weight: 2,
        reason: `NTLM reports Windows version ${ntlm.productVersion}${name ? ` (${name})` : ''}.`,
      });
    }
  } else if (ntlm?.netbiosComputer) {
    out.push({ kind: 'windows', weight: 1, reason: `NTLM names the computer ${ntlm.netbiosComputer}.` });
  }
  if (flags.has('RESTRICTED_ADMIN_MODE_SUPPORTED') || flags.has('REDIRECTED_AUTHENTICATION_MODE_SUPPORTED')) {
    out.push({
      kind: 'windows',
      weight: 2,
      reason: 'The server announces Restricted Admin / Remote Credential Guard support, which only Windows offers.',
    });
  }
  if (credssp && !ntlm?.productVersion) {
    out.push({ kind: 'windows', weight: 1, reason: 'The server offers CredSSP (NLA), which xrdp does not.' });
  }

  const version = result.rdpSecurity?.rdpVersion ?? null;
  if (version && /^RDP 10\./.test(version)) {
    out.push({ kind: 'windows', weight: 2, reason: `Its core data announces ${version}, as Windows 10 and later do.` });
  } else if (version === 'RDP 5.0–8.1' && !credssp) {
    out.push({
      kind: 'xrdp',
      weight: 1,
      reason: `Its core data announces ${version} and it offers no CredSSP, as xrdp does.`,
    });
  }

  const cert = result.tls?.certificate;
  if (cert) {
    if (/snakeoil/i.test(cert.subject + cert.issuer)) {
      out.push({ kind: 'xrdp', weight: 2, reason: 'The certificate is a Debian/Ubuntu "snakeoil" certificate.' });
    }
    if (cert.hasRemoteDesktopAuth) {
      out.push({
        kind: 'windows',
        weight: 2,
        reason: 'The certificate carries the Remote Desktop Authentication EKU.',
      });
    }
  }
  if (result.rdpSecurity?.serverCertType === 'proprietary' && !ntlm && !credssp) {
    // xrdp answers with a proprietary certificate in Standard RDP Security; so can Windows, so it only leans.
    out.push({
      kind: 'xrdp',
      weight: 1,
      reason: 'It answered with Standard RDP Security and a proprietary server certificate, as xrdp does.',
    });
  }
  // xrdp checks its certificate before it looks at what was asked: even a request for Standard RDP Security
  // gets SSL_CERT_NOT_ON_SERVER when security_layer=tls and the key cannot be loaded.
  const rdpAttempt = result.negotiation?.attempts.find((a) => a.requested === 'rdp');
  if (rdpAttempt?.outcome === 'failure' && rdpAttempt.failureName === 'SSL_CERT_NOT_ON_SERVER') {
    out.push({
      kind: 'xrdp',
      weight: 1,
      reason:
        'It refused even a request for Standard RDP Security with SSL_CERT_NOT_ON_SERVER, as xrdp does when it cannot load its key.',
    });
  }
  // xrdp answers a request for CredSSP by selecting TLS (or Standard RDP Security) and never refuses it.
  const hybridAttempt = result.negotiation?.attempts.find((a) => a.requested === 'hybrid');
  if (
    hybridAttempt?.outcome === 'selected' &&
    hybridAttempt.selected !== 'hybrid' &&
    flags.size > 0 &&
    [...flags].every((f) => f === 'EXTENDED_CLIENT_DATA_SUPPORTED')
  ) {
    out.push({
      kind: 'xrdp',
      weight: 1,
      reason:
        'Asked for CredSSP, it chose a weaker protocol and announced no Windows 8+ features (graphics pipeline, Restricted Admin), as xrdp does.',
    });
  }
  return out;
}

export function guessHostKind(
  result: Pick<ProbeResult, 'credssp' | 'tls' | 'rdpSecurity' | 'negotiation'>,
): HostKindGuess {
  const all = clues(result);
  const score = (k: Clue['kind']) => all.filter((c) => c.kind === k).reduce((n, c) => n + c.weight, 0);
  const reasonsOf = (k: Clue['kind']) =>
    all
      .filter((c) => c.kind === k)
      .sort((a, b) => b.weight - a.weight)
      .map((c) => c.reason);
  const windows = score('windows');
  const xrdp = score('xrdp');
  const other = score('other');
  if (other > 0) {
    return { kind: 'unknown', reasons: [...reasonsOf('other'), ...reasonsOf('windows'), ...reasonsOf('xrdp')] };
  }
  if (windows > xrdp) return { kind: 'windows', reasons: reasonsOf('windows') };
  if (xrdp > windows) return { kind: 'xrdp', reasons: reasonsOf('xrdp') };
  if (windows === 0) return { kind: 'unknown', reasons: ['Nothing the probe saw tells Windows and xrdp apart.'] };
  return {
    kind: 'unknown',
    reasons: ['The clues point both ways:', ...reasonsOf('windows'), ...reasonsOf('xrdp')],
  };
}

export const HOST_KIND_LABEL: Record<HostKind | 'unknown', string> = {
  windows: 'Windows',
  xrdp: 'xrdp (Linux)',
  unknown: 'not sure',
};
