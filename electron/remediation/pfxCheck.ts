/**
 * Checks a .pfx the technician picked before anything reaches the host (node-forge), for every host kind: it
 * opens with the password, holds a private key that belongs to its certificate, names the host as typed, allows
 * server authentication, is valid now, and has an RSA key of at least 2048 bits. Every problem is a plain
 * sentence. `openPfx` also hands back the key and the chain as PEM (for xrdp, which reads PEM files); they stay
 * in memory inside a SuppliedPfx (suppliedCertificate.ts) and reach the host only on a script's stdin.
 */
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface PfxCheck {
  ok: boolean;
  problems: string[];
  subject: string | null;
  issuer: string | null;
  sans: string[];
  notBefore: string | null;
  notAfter: string | null;
  keyBits: number | null;
  serverAuth: boolean;
  /** uppercase hex of the certificate's DER, as the probe's sha1Thumbprint / sha256Fingerprint */
  sha1Thumbprint: string | null;
  sha256Fingerprint: string | null;
  /** the other certificates in the file (intermediate CAs) */
  chainLength: number;
}

/** The secret half of an opened .pfx: never logged, recorded or sent anywhere but a script's stdin. */
export interface PfxMaterial {
  /** the private key, unencrypted PEM (xrdp cannot read an encrypted one) */
  keyPem: string;
  /** the certificate, then the other certificates of the file, PEM */
  chainPem: string;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CERT_BAG = forge.pki.oids.certBag as string;
const SHROUDED_KEY_BAG = forge.pki.oids.pkcs8ShroudedKeyBag as string;
const KEY_BAG = forge.pki.oids.keyBag as string;
type Bag = { cert?: forge.pki.Certificate; key?: forge.pki.PrivateKey };

function namesHost(cn: string | null, sans: string[], host: string): boolean {
  const h = host.toLowerCase();
  const match = (name: string) => {
    const n = name.toLowerCase();
    if (n === h) return true;
    // one wildcard label on the left: *.example.com names a.example.com, not a.b.example.com
    return n.startsWith('*.') && h.endsWith(n.slice(1)) && !h.slice(0, -n.length + 1).includes('.');
  };
  if (sans.length) return sans.some(match);
  return cn !== null && match(cn);
}

function dnText(dn: forge.pki.Certificate['subject']): string {
  return dn.attributes.map((a: forge.pki.CertificateField) => `${a.shortName ?? a.name}=${a.value}`).join(', ');
}

function emptyCheck(): PfxCheck {
  return {
    ok: false,
    problems: [],
    subject: null,
    issuer: null,
    sans: [],
    notBefore: null,
    notAfter: null,
    keyBits: null,
    serverAuth: false,
    sha1Thumbprint: null,
    sha256Fingerprint: null,
    chainLength: 0,
  };
}

/** Opens and checks a .pfx for `host` (the target's host part as typed); the material only when it opened. */
export function openPfx(
  pfx: Buffer,
  password: string,
  host: string,
  now = new Date(),
): { check: PfxCheck; material: PfxMaterial | null } {
  const out = emptyCheck();
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(pfx.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    out.problems.push(
      /mac|password|decrypt/i.test(msg)
        ? 'The .pfx does not open with this password.'
        : // forge's message names the ASN.1 structure, never the password
          `This is not a readable .pfx file (${msg}).`,
    );
    return { check: out, material: null };
  }
  const bags = (type: string): Bag[] => (p12.getBags({ bagType: type })[type] ?? []) as Bag[];
  const certs: forge.pki.Certificate[] = bags(CERT_BAG).flatMap((b) => (b.cert ? [b.cert] : []));
  const keys = [...bags(SHROUDED_KEY_BAG), ...bags(KEY_BAG)].flatMap((b) =>
    b.key ? [b.key as forge.pki.rsa.PrivateKey] : [],
  );
  if (!keys.length) out.problems.push('The .pfx holds no private key (export it again "with the private key").');
  const keyOf = (c: forge.pki.Certificate) =>
    keys.find((k) => (c.publicKey as forge.pki.rsa.PublicKey).n?.equals?.(k.n));
  // the server certificate: the one whose public key matches a private key, else the first non-CA one
  const cert =
    certs.find((c) => keyOf(c)) ??
    certs.find((c) => !(c.getExtension('basicConstraints') as { cA?: boolean } | null)?.cA) ??
    certs[0];
  if (!cert) {
    out.problems.push('The .pfx holds no certificate.');
    return { check: out, material: null };
  }
  const key = keyOf(cert);
  if (keys.length && !key) out.problems.push('The private key in the .pfx does not belong to its certificate.');
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  out.sha1Thumbprint = createHash('sha1').update(der).digest('hex').toUpperCase();
  out.sha256Fingerprint = createHash('sha256').update(der).digest('hex').toUpperCase();
  const cn = (cert.subject.getField('CN')?.value as string | undefined) ?? null;
  out.subject = dnText(cert.subject);
  out.issuer = dnText(cert.issuer);
  const others = certs.filter((c) => c !== cert);
  out.chainLength = others.length;
  const san = cert.getExtension('subjectAltName') as {
    altNames?: Array<{ type: number; value?: string; ip?: string }>;
  } | null;
  out.sans = (san?.altNames ?? []).flatMap((n) =>
    n.type === 2 && n.value ? [n.value] : n.type === 7 && n.ip ? [n.ip] : [],
  );
  out.notBefore = cert.validity.notBefore.toISOString();
  out.notAfter = cert.validity.notAfter.toISOString();
  const bits = (cert.publicKey as forge.pki.rsa.PublicKey).n?.bitLength?.() ?? null;
  out.keyBits = bits;
  const eku = cert.getExtension('extKeyUsage') as Record<string, unknown> | null;
  // no EKU extension = any use (RFC 5280 4.2.1.12)
  out.serverAuth = !eku || eku.serverAuth === true || Object.keys(eku).includes(SERVER_AUTH);
  if (!namesHost(cn, out.sans, host)) {
    out.problems.push(
      `The certificate names ${out.sans.length ? out.sans.join(', ') : (cn ?? 'nothing')}, not ${host}${isIP(host) ? ' (an address must be in its subjectAltName)' : ''}.`,
    );
  }
  if (!out.serverAuth)
    out.problems.push('The certificate may not be used for server authentication (its Extended Key Usage lacks it).');
  if (now < cert.validity.notBefore) out.problems.push(`The certificate is not valid before ${out.notBefore}.`);
  if (now > cert.validity.notAfter) out.problems.push(`The certificate expired on ${out.notAfter}.`);
  if (bits !== null && bits < 2048) out.problems.push(`The key has ${bits} bits; current clients want at least 2048.`);
  if (bits === null) out.problems.push('The key is not RSA; xrdp on this host may not load it.');
  out.ok = out.problems.length === 0;
  const material =
    key && out.ok
      ? {
          keyPem: forge.pki.privateKeyToPem(key),
          chainPem: [cert, ...others].map((c) => forge.pki.certificateToPem(c)).join(''),
        }
      : null;
  return { check: out, material };
}

/** The check alone (nothing secret comes back). */
export function checkPfx(pfx: Buffer, password: string, host: string, now = new Date()): PfxCheck {
  return openPfx(pfx, password, host, now).check;
}
