/**
 * What the two phases that install a .pfx the user supplies (xrdp-install-certificate, win-bind-trusted-cert)
 * share: the findings a certificate the clients trust cures, the plan while no .pfx is chosen, and the proof by
 * probing again that the server presents exactly that certificate.
 */
import type { ProbeResult } from '../probe';
import type { SpecPlan, SpecVerdict } from './types';

/** The certificate findings a CA-issued certificate for the host's name cures (the phases' `addresses`). */
export const TRUSTED_CERTIFICATE_CURES: string[] = [
  'tls-cert-expired',
  'tls-cert-not-yet-valid',
  'tls-cert-name-mismatch',
  'tls-cert-self-signed',
  'tls-cert-weak',
  'tls-cert-expiring-soon',
];

/** The plan while no .pfx is chosen: refused, nothing planned. */
export function noPfxChosen(): SpecPlan {
  return {
    changes: [],
    alreadyRight: false,
    commands: [],
    refused: 'Choose the .pfx to install (and its password) first: nothing is planned without it.',
  };
}

/**
 * The probe after the change: does `server` (as the message names it) present the certificate with SHA-1
 * thumbprint `want` (upper case), the one the phase `what` (bound, installed)?
 */
export function presentsCertificate(
  probe: ProbeResult | null,
  want: string,
  server: string,
  what: 'bound' | 'installed',
): SpecVerdict {
  if (!probe) return { ok: false, message: 'The target could not be probed again, so the certificate is not proven.' };
  const served = probe.tls?.certificate;
  if (!served) return { ok: false, message: 'The server presents no certificate after the change.' };
  if (served.sha1Thumbprint.toUpperCase() !== want)
    return {
      ok: false,
      message: `The server presents ${served.subject} (SHA-1 ${served.sha1Thumbprint}), not the ${what} certificate (SHA-1 ${want}).`,
    };
  return {
    ok: true,
    message: `${server} presents exactly the installed certificate: ${served.subject}, SHA-1 ${want}.`,
  };
}
