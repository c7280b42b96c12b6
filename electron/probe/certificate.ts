/**
 * Probe step 5: the server certificate, as seen by the TLS step. Expired or not yet valid fails (mstsc
 * warns, and CredSSP with a strict policy refuses); untrusted, self-signed or a name that does not match
 * the host typed is a warning (mstsc asks the user).
 */
import type { CertificateFacts } from '../../shared/probe';
import type { Step } from './stepTypes';

export const certificateStep: Step<CertificateFacts> = async (ctx) => {
  const tls = ctx.facts.tls;
  if (!tls) return { status: 'skipped', summary: 'no TLS, so no certificate to inspect' };
  const cert = tls.certificate;
  if (!cert) {
    return { status: 'skipped', summary: 'no TLS handshake completed, so the certificate could not be read' };
  }
  const now = Date.now();
  const name = cert.subjectCN ?? cert.subject;
  const until = cert.notAfter.slice(0, 10);
  if (Date.parse(cert.notAfter) < now) {
    const message = `"${name}" expired on ${until}`;
    return { status: 'failed', summary: message, error: { code: 'CERT_EXPIRED', message }, facts: cert };
  }
  if (Date.parse(cert.notBefore) > now) {
    const message = `"${name}" is not valid before ${cert.notBefore.slice(0, 10)} (check the server's and this machine's clocks)`;
    return { status: 'failed', summary: message, error: { code: 'CERT_NOT_YET_VALID', message }, facts: cert };
  }
  const problems: string[] = [];
  if (!cert.nameMatches) problems.push(`does not name "${ctx.host}"`);
  if (cert.selfSigned) problems.push('self-signed');
  else if (!cert.trusted) problems.push(`not trusted here${cert.trustError ? ` (${cert.trustError})` : ''}`);
  if (!cert.hasServerAuth) problems.push('no Server Authentication EKU');
  const base = `"${name}", valid until ${until}, SHA-1 ${cert.sha1Thumbprint}`;
  if (problems.length) {
    const message = `${base}; ${problems.join(', ')}`;
    return { status: 'warning', summary: message, error: { code: 'CERT_UNTRUSTED', message }, facts: cert };
  }
  return { status: 'passed', summary: base, facts: cert };
};
