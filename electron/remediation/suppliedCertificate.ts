/**
 * A certificate the technician supplied with a fix request (issue 21), opened and checked once, before anything
 * is sent to a host. What comes out is a SuppliedPfx: its PUBLIC facts (thumbprints, subject, names, dates) go
 * into the plan, the audit log and the report; its secret material (the .pfx bytes and password, the key as
 * PEM) is held in private fields and handed only to a phase's script stdin (`ctx.supplied.certificate`). It
 * serialises (JSON.stringify, util.inspect, a log line) as its public facts alone, so a stray log cannot leak it.
 */
import { inspect } from 'node:util';
import { PFX_MAX_BYTES, type SuppliedCertificate, type SuppliedCertificateFacts } from '../../shared/remediation';
import { parseTarget } from '../../shared/target';
import { openPfx, type PfxCheck, type PfxMaterial } from './pfxCheck';
import { RemediationError, type Supplied, type SuppliedCertificateMaterial, type SuppliedFacts } from './types';

export class SuppliedPfx implements SuppliedCertificateMaterial {
  readonly #pfx: Buffer;
  readonly #password: string;
  readonly #material: PfxMaterial;

  constructor(
    readonly facts: SuppliedCertificateFacts,
    pfx: Buffer,
    password: string,
    material: PfxMaterial,
  ) {
    this.#pfx = pfx;
    this.#password = password;
    this.#material = material;
  }

  /** For a script's stdin only (Windows' Import-PfxCertificate): the file's bytes and its password. */
  secretPfx(): { pfx: Buffer; password: string } {
    return { pfx: this.#pfx, password: this.#password };
  }

  /** For a script's stdin only (xrdp): the private key (unencrypted PEM) and the certificate + chain (PEM). */
  secretPem(): PfxMaterial {
    return { ...this.#material };
  }

  toJSON(): SuppliedCertificateFacts {
    return this.facts;
  }

  [inspect.custom](): string {
    return `SuppliedPfx(${this.facts.subject}, sha1 ${this.facts.sha1Thumbprint})`;
  }
}

export function suppliedFacts(supplied: Supplied | undefined): SuppliedFacts | undefined {
  return supplied?.certificate ? { certificate: supplied.certificate.facts } : undefined;
}

function hostOf(target: string): string {
  const t = parseTarget(target);
  if (!t.ok) throw new RemediationError('bad-target', t.message);
  return t.host;
}

function factsOf(check: PfxCheck, fileName: string | undefined): SuppliedCertificateFacts | null {
  if (!check.sha1Thumbprint || !check.sha256Fingerprint || !check.subject || !check.notAfter) return null;
  return {
    sha1Thumbprint: check.sha1Thumbprint,
    sha256Fingerprint: check.sha256Fingerprint,
    subject: check.subject,
    issuer: check.issuer ?? '',
    sans: check.sans,
    notBefore: check.notBefore ?? '',
    notAfter: check.notAfter,
    keyBits: check.keyBits ?? 0,
    chainLength: check.chainLength,
    ...(fileName ? { fileName } : {}),
  };
}

function decode(supplied: SuppliedCertificate): Buffer {
  const pfx = Buffer.from(supplied.pfxBase64, 'base64');
  if (pfx.length > PFX_MAX_BYTES)
    throw new RemediationError(
      'certificate-refused',
      `The .pfx file is larger than ${PFX_MAX_BYTES / 1024} KiB: that is not a server certificate.`,
    );
  if (!pfx.length) throw new RemediationError('certificate-refused', 'The .pfx file is empty.');
  return pfx;
}

/** The check for the UI: the public facts (when it opened) and every reason it would be refused. */
export function checkSuppliedCertificate(
  supplied: SuppliedCertificate,
  target: string,
  now = new Date(),
): { certificate: SuppliedCertificateFacts | null; problems: string[] } {
  let pfx: Buffer;
  try {
    pfx = decode(supplied);
  } catch (err) {
    return { certificate: null, problems: [(err as Error).message] };
  }
  const { check } = openPfx(pfx, supplied.password, hostOf(target), now);
  return { certificate: factsOf(check, supplied.fileName), problems: check.problems };
}

/**
 * Opens a supplied .pfx for `target` (host as typed): a SuppliedPfx, or a `certificate-refused` error naming
 * every problem. Called before the host is reached, so a refused file changes nothing anywhere.
 */
export function openSuppliedCertificate(supplied: SuppliedCertificate, target: string, now = new Date()): SuppliedPfx {
  const pfx = decode(supplied);
  const { check, material } = openPfx(pfx, supplied.password, hostOf(target), now);
  const facts = factsOf(check, supplied.fileName);
  if (!check.ok || !material || !facts) {
    const what = supplied.fileName ? `${supplied.fileName} was refused` : 'The .pfx was refused';
    throw new RemediationError(
      'certificate-refused',
      `${what}, nothing was sent to the host: ${check.problems.join(' ') || 'it could not be read.'}`,
    );
  }
  return new SuppliedPfx(facts, pfx, supplied.password, material);
}
