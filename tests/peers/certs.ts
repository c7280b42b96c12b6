/** Test certificates (node-forge): self-signed or CA-issued, with any validity window, names and key size. */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface CertOptions {
  cn?: string;
  sans?: string[];
  notBefore?: Date;
  notAfter?: Date;
  keyBits?: number;
  /** EKU OIDs/names; default serverAuth */
  serverAuth?: boolean;
  /** sign with this CA instead of self-signing */
  issuer?: TestCert;
  isCa?: boolean;
  /** signature digest; 'sha1' makes a weak certificate */
  digest?: 'sha256' | 'sha1';
}

export interface TestCert {
  certPem: string;
  keyPem: string;
}

const DAY = 86_400_000;

export function makeCert(opts: CertOptions = {}): TestCert {
  const bits = opts.keyBits ?? 2048;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `0${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 365 * DAY);
  const subject = [{ name: 'commonName', value: opts.cn ?? 'rdp-test.local' }];
  cert.setSubject(subject);
  const signer = opts.issuer ? forge.pki.certificateFromPem(opts.issuer.certPem) : null;
  cert.setIssuer(signer ? signer.subject.attributes : subject);
  const extensions: object[] = [{ name: 'basicConstraints', cA: opts.isCa ?? false }];
  if (opts.isCa) extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true });
  else extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true });
  if (!opts.isCa && opts.serverAuth !== false) extensions.push({ name: 'extKeyUsage', serverAuth: true });
  if (opts.sans?.length) {
    extensions.push({
      name: 'subjectAltName',
      altNames: opts.sans.map((n) => (/^[\d.]+$|:/.test(n) ? { type: 7, ip: n } : { type: 2, value: n })),
    });
  }
  cert.setExtensions(extensions);
  const signKey = forge.pki.privateKeyFromPem(opts.issuer ? opts.issuer.keyPem : privateKey);
  const md = opts.digest === 'sha1' ? forge.md.sha1.create() : forge.md.sha256.create();
  cert.sign(signKey as forge.pki.rsa.PrivateKey, md);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

export const days = (n: number): Date => new Date(Date.now() + n * DAY);
