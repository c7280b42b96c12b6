/**
 * Checks a .pfx the technician picked before anything is uploaded (node-forge): it opens with the password,
 * holds a private key that belongs to its certificate, names the host, allows server authentication, is
 * valid now, and has a key of at least 2048 bits (RSA). Every problem is a plain sentence. The plan that
 * follows (planPfxInstall) names the files it would write beside xrdp.ini; the private key would go to the
 * host over SFTP only, mode 0640, group of the xrdp user. (Applying it is not wired into a phase yet.)
 */
import { isIP } from 'node:net';
import forge from 'node-forge';
import type { Inspection, PhasePlan } from '../../../shared/remediation';
import { xrdpFactsOf } from './inspectXrdp';

export interface PfxCheck {
  ok: boolean;
  problems: string[];
  subject: string | null;
  sans: string[];
  notBefore: string | null;
  notAfter: string | null;
  keyBits: number | null;
  serverAuth: boolean;
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

export function checkPfx(pfx: Buffer, password: string, host: string, now = new Date()): PfxCheck {
  const out: PfxCheck = {
    ok: false,
    problems: [],
    subject: null,
    sans: [],
    notBefore: null,
    notAfter: null,
    keyBits: null,
    serverAuth: false,
  };
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(pfx.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (err) {
    const msg = (err as Error).message ?? String(err);
    out.problems.push(
      /mac|password|decrypt/i.test(msg)
        ? 'The .pfx does not open with this password.'
        : `This is not a readable .pfx file (${msg}).`,
    );
    return out;
  }
  const bags = (type: string): Bag[] => (p12.getBags({ bagType: type })[type] ?? []) as Bag[];
  const certs: forge.pki.Certificate[] = bags(CERT_BAG).flatMap((b) => (b.cert ? [b.cert] : []));
  const keys = [...bags(SHROUDED_KEY_BAG), ...bags(KEY_BAG)].flatMap((b) =>
    b.key ? [b.key as forge.pki.rsa.PrivateKey] : [],
  );
  if (!keys.length) out.problems.push('The .pfx holds no private key (export it again "with the private key").');
  // the server certificate: the one whose public key matches a private key, else the first non-CA one
  const cert =
    certs.find((c) => keys.some((k) => (c.publicKey as forge.pki.rsa.PublicKey).n?.equals?.(k.n))) ??
    certs.find((c) => !(c.getExtension('basicConstraints') as { cA?: boolean } | null)?.cA) ??
    certs[0];
  if (!cert) {
    out.problems.push('The .pfx holds no certificate.');
    return out;
  }
  if (keys.length && !keys.some((k) => (cert.publicKey as forge.pki.rsa.PublicKey).n?.equals?.(k.n))) {
    out.problems.push('The private key in the .pfx does not belong to its certificate.');
  }
  const cn = (cert.subject.getField('CN')?.value as string | undefined) ?? null;
  out.subject = cert.subject.attributes
    .map((a: forge.pki.CertificateField) => `${a.shortName ?? a.name}=${a.value}`)
    .join(', ');
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
  return out;
}

/** What installing a checked .pfx would change on this host (nothing runs). */
export function planPfxInstall(inspection: Inspection, check: PfxCheck, stamp: string): PhasePlan {
  const f = xrdpFactsOf(inspection);
  const dir = f.iniPath.slice(0, f.iniPath.lastIndexOf('/')) || '/';
  const group = f.userPrimaryGroup ?? f.xrdpUser ?? 'xrdp';
  return {
    phase: 'xrdp-install-pfx',
    title: 'Install the certificate from the .pfx',
    hostKind: 'xrdp',
    addresses: ['tls-cert-self-signed', 'tls-cert-name-mismatch', 'tls-cert-expired', 'tls-cert-weak'],
    risks: [
      'Clients that trusted the old certificate will be asked to accept the new one.',
      'Takes effect when xrdp restarts (disconnects every session).',
      ...check.problems,
    ],
    changes: [
      { target: `${dir}/rdp-doctor-${stamp}.crt`, before: null, after: check.subject ?? '(certificate)' },
      {
        target: `${dir}/rdp-doctor-${stamp}.key`,
        before: null,
        after: `private key, root:${group} 0640 (uploaded over SFTP)`,
      },
      {
        target: `${f.iniPath} [Globals] certificate`,
        before: f.globals.certificate ?? '',
        after: `${dir}/rdp-doctor-${stamp}.crt`,
      },
      {
        target: `${f.iniPath} [Globals] key_file`,
        before: f.globals.key_file ?? '',
        after: `${dir}/rdp-doctor-${stamp}.key`,
      },
    ],
    commands: [
      `upload over SFTP; chown root:${group}; chmod 0640 the key`,
      `edit ${f.iniPath}: certificate=, key_file=`,
    ],
    alreadyRight: false,
  };
}
