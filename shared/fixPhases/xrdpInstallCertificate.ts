/**
 * xrdp-install-certificate (issue 21): installs the certificate of a .pfx the technician supplied (checked in the
 * core before anything reached the host: electron/remediation/pfxCheck.ts). Its script
 * (electron/remediation/xrdp/scripts/phase-install-certificate.sh) writes the key root-only (0640, root and the
 * group xrdp reads keys with: ssl-cert when xrdp's user is in it, else that user's own group) and the
 * certificate with its chain to NEW files beside xrdp.ini, named after the certificate's SHA-1 thumbprint,
 * checks on the host that they are that certificate and its key, then points certificate= and key_file= at them
 * (the ini's exact old bytes kept first). The restart phase makes xrdp load them; the verify holds the re-probe
 * to EXACTLY that thumbprint. Undo puts the old bytes of xrdp.ini back and removes the two new files (the old
 * certificate and key were never touched).
 *
 * Pure: the renderer bundles this file. The facts are read narrowly from the xrdp inspection.
 */
import type { ProbeResult } from '../probe';
import { noPfxChosen, presentsCertificate, TRUSTED_CERTIFICATE_CURES } from './suppliedCertificate';
import type { FixPhaseSpec, SpecPlan, SpecVerdict, SuppliedPhaseFacts } from './types';

/** What this phase reads of the xrdp inspection's facts (electron/remediation/xrdp/inspectXrdp.ts). */
export interface InstallCertificateFacts {
  iniPath: string;
  certificate: string | null;
  keyFile: string | null;
  certSubject: string | null;
  certExists: boolean;
  keyMatchesCert: boolean | null;
  xrdpUser: string | null;
  userGroups: string[];
  userPrimaryGroup: string | null;
  /** something other than the service's own xrdp holds the port (its description), or null */
  foreignListener: boolean;
}

const NEVER_GROUPS = new Set(['root', 'adm', 'shadow', 'sudo', 'wheel', 'disk', 'staff', 'admin', 'kmem', 'users']);

/** The new files' name: the thumbprint (so a re-inspection and a later "check again" know which one it is). */
export const INSTALLED_CERT = /\/rdp-doctor-([0-9A-F]{40})-[0-9a-f]{8}\.crt$/;

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function installCertificateFacts(raw: Record<string, unknown>): InstallCertificateFacts {
  const globals = (raw.globals ?? {}) as Record<string, unknown>;
  const cert = (raw.cert ?? {}) as Record<string, unknown>;
  const listener = (raw.listener ?? {}) as Record<string, unknown>;
  return {
    iniPath: str(raw.iniPath) ?? '/etc/xrdp/xrdp.ini',
    certificate: str(globals.certificate),
    keyFile: str(globals.key_file),
    certSubject: str(raw.certSubject),
    certExists: cert.exists === true,
    keyMatchesCert: typeof raw.keyMatchesCert === 'boolean' ? raw.keyMatchesCert : null,
    xrdpUser: str(raw.xrdpUser),
    userGroups: Array.isArray(raw.userGroups) ? raw.userGroups.filter((g): g is string => typeof g === 'string') : [],
    userPrimaryGroup: str(raw.userPrimaryGroup),
    foreignListener: Boolean(listener.foreign),
  };
}

/** The group the new key gets (as the key-permission phase decides), or null when xrdp has none it may use. */
export function keyGroupFor(f: InstallCertificateFacts): string | null {
  if (f.userGroups.includes('ssl-cert')) return 'ssl-cert';
  const own = f.userPrimaryGroup;
  return own && own === f.xrdpUser && !NEVER_GROUPS.has(own) ? own : null;
}

function dirOf(p: string): string {
  return p.slice(0, p.lastIndexOf('/')) || '/';
}

/** The thumbprint of the certificate xrdp.ini names, when this phase installed it (from its file name). */
export function installedThumbprint(f: InstallCertificateFacts): string | null {
  return INSTALLED_CERT.exec(f.certificate ?? '')?.[1] ?? null;
}

function plan(f: InstallCertificateFacts, _target: string, supplied?: SuppliedPhaseFacts): SpecPlan {
  const c = supplied?.certificate;
  if (!c) return noPfxChosen();
  if (f.foreignListener)
    return {
      changes: [],
      alreadyRight: false,
      commands: [],
      refused:
        'Refused: the RDP port is held by something other than the xrdp service; nothing is changed while it is.',
    };
  if (installedThumbprint(f) === c.sha1Thumbprint && f.certExists && f.keyMatchesCert !== false)
    return { changes: [], alreadyRight: true, commands: [] };
  const group = keyGroupFor(f);
  if (!group)
    return {
      changes: [],
      alreadyRight: false,
      commands: [],
      refused: `Refused: ${f.xrdpUser ?? 'the xrdp user'} is not in group ssl-cert and its primary group is not its own, so no group could read the new key without giving it to others. Add ${f.xrdpUser ?? 'it'} to ssl-cert first.`,
    };
  const dir = dirOf(f.iniPath);
  const base = `${dir}/rdp-doctor-${c.sha1Thumbprint}-<random>`;
  return {
    changes: [
      {
        target: `${base}.crt`,
        before: null,
        after: `${c.subject} (SHA-1 ${c.sha1Thumbprint}), issued by ${c.issuer}, until ${c.notAfter}${c.chainLength ? ` + ${c.chainLength} CA certificate(s)` : ''}; root:root 0644`,
      },
      { target: `${base}.key`, before: null, after: `its RSA ${c.keyBits}-bit private key, root:${group} 0640` },
      { target: `${f.iniPath} [Globals] certificate`, before: f.certificate ?? '', after: `${base}.crt` },
      { target: `${f.iniPath} [Globals] key_file`, before: f.keyFile ?? '', after: `${base}.key` },
    ],
    alreadyRight: false,
    commands: [
      `write ${base}.key (root:${group} 0640) and ${base}.crt (0644) from the .pfx, never over an existing file or through a symlink`,
      `openssl x509 -fingerprint -sha1 ${base}.crt   # must be ${c.sha1Thumbprint}; the key must match it`,
      `edit ${f.iniPath}: certificate=, key_file= (a copy of its exact old bytes kept first)`,
    ],
    notes: [
      `The old certificate (${f.certSubject ?? f.certificate ?? 'none'}) and its key stay where they are; undo points xrdp back at them.`,
    ],
  };
}

function verify(f: InstallCertificateFacts, probe: ProbeResult | null): SpecVerdict {
  const want = installedThumbprint(f);
  if (!want)
    return {
      ok: false,
      message: `xrdp.ini does not name the installed certificate (certificate=${f.certificate ?? ''}).`,
    };
  return presentsCertificate(probe, want, 'xrdp', 'installed');
}

export const XRDP_INSTALL_CERTIFICATE: FixPhaseSpec<InstallCertificateFacts> = {
  id: 'xrdp-install-certificate',
  hostKind: 'xrdp',
  title: 'Install your certificate (.pfx) for xrdp',
  summary:
    'Installs the certificate and key from a .pfx your CA issued (checked first: it names the host, allows server authentication, is valid, RSA ≥ 2048) and points xrdp.ini at them.',
  steps: [
    'Check the .pfx on this computer: private key, names the host as typed, server authentication, valid now, RSA key of 2048 bits or more.',
    'Write its key (root and the group xrdp reads keys with, mode 0640) and its certificate with the chain to new files beside xrdp.ini.',
    'Point certificate= and key_file= in xrdp.ini at them (a copy of the old bytes kept), then restart xrdp.',
    'Probe again: xrdp must present exactly this certificate (its SHA-1 thumbprint).',
  ],
  addresses: TRUSTED_CERTIFICATE_CURES,
  risks: [
    'Clients that trusted the old certificate will meet the new one (clients that trust your CA accept it without asking).',
    'Takes effect when xrdp restarts (disconnects every session).',
  ],
  needs: 'certificate',
  script: 'phase-install-certificate.sh',
  facts: installCertificateFacts,
  plan,
  input: (f, _target, supplied) => ({
    ini: f.iniPath,
    user: f.xrdpUser ?? '',
    thumb: supplied?.certificate?.sha1Thumbprint ?? '',
  }),
  verify,
  // by hand: the key and certificate out of the .pfx (openssl asks its password), the ini lines, a restart
  commands: () => ({
    shell: 'sh',
    lines: [
      "openssl pkcs12 -in server.pfx -nocerts -nodes | sudo sh -c 'umask 077; cat > /etc/xrdp/server-key.pem'",
      'openssl pkcs12 -in server.pfx -nokeys | sudo tee /etc/xrdp/server-cert.pem >/dev/null',
      'sudo chown root:ssl-cert /etc/xrdp/server-key.pem && sudo chmod 640 /etc/xrdp/server-key.pem',
      "sudo sed -i 's|^certificate=.*|certificate=/etc/xrdp/server-cert.pem|; s|^key_file=.*|key_file=/etc/xrdp/server-key.pem|' /etc/xrdp/xrdp.ini",
      'sudo systemctl restart xrdp',
    ],
  }),
};
