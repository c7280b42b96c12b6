/**
 * Which kind of RDP server the probe saw, so the fix wizard shows only that kind's phases. A guess with its
 * reasons; the technician can always correct it. Pure: used by the diagnosis, the UI and the CLI.
 */
import type { HostKind } from './findings';
import type { ProbeResult } from './probe';

export interface HostKindGuess {
  kind: HostKind | 'unknown';
  /** plain sentences, strongest first: why this kind */
  reasons: string[];
}

export function guessHostKind(
  result: Pick<ProbeResult, 'credssp' | 'tls' | 'rdpSecurity' | 'negotiation'>,
): HostKindGuess {
  const windows: string[] = [];
  const xrdp: string[] = [];
  const ntlm = result.credssp?.ntlm;
  if (ntlm?.productVersion) windows.push(`NTLM reports Windows version ${ntlm.productVersion}.`);
  else if (ntlm?.netbiosComputer) windows.push(`NTLM names the computer ${ntlm.netbiosComputer}.`);
  const cert = result.tls?.certificate;
  // Windows' own listener certificate is self-signed, CN = the computer name, with the Server
  // Authentication EKU only; xrdp out of the box uses the distribution's snakeoil certificate.
  if (cert?.hasRemoteDesktopAuth) windows.push('The certificate carries the Remote Desktop Authentication EKU.');
  if (cert && /snakeoil/i.test(cert.subject + cert.issuer))
    xrdp.push('The certificate is a Debian/Ubuntu "snakeoil" certificate.');
  if (result.rdpSecurity?.serverCertType === 'proprietary' && !ntlm) {
    // xrdp answers with a proprietary certificate in Standard RDP Security; so can Windows, so it only leans.
    xrdp.push('It answered with Standard RDP Security and a proprietary server certificate, as xrdp does.');
  }
  if (windows.length > xrdp.length) return { kind: 'windows', reasons: windows };
  if (xrdp.length > windows.length) return { kind: 'xrdp', reasons: xrdp };
  return { kind: 'unknown', reasons: ['Nothing the probe saw tells Windows and xrdp apart.'] };
}
