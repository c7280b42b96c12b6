/**
 * win-bind-trusted-cert (issue 21): installs the certificate of a .pfx the technician supplied (checked in the
 * core before anything reached the host: electron/remediation/pfxCheck.ts) on a Windows host. Its script
 * (electron/remediation/windows/scripts/Set-RdpTrustedCert.ps1) checks the .pfx again on the host, imports it
 * into Cert:\LocalMachine\My (key not exportable; only the server certificate stays), grants NETWORK SERVICE
 * read on THAT key file only, and binds its thumbprint to RDP-Tcp (Win32_TSGeneralSetting
 * SSLCertificateSHA1Hash); a failure midway takes back what it did. The restart phase makes TermService use it;
 * the verify holds the re-probe to exactly the bound thumbprint. Undo binds the old certificate again (or
 * removes the binding: the self-signed default, as it was), puts back the key's ACL and removes the
 * certificate only if this phase imported it.
 *
 * Pure: the renderer bundles this file. The facts: the Windows inspection's (windowsFacts.ts).
 */
import type { ProbeResult } from '../probe';
import { noPfxChosen, presentsCertificate, TRUSTED_CERTIFICATE_CURES } from './suppliedCertificate';
import type { FixPhaseSpec, SpecPlan, SpecVerdict, SuppliedPhaseFacts } from './types';
import { type WindowsFacts, windowsFactsOf } from './windowsFacts';

/** The thumbprint RDP-Tcp is bound to (SSLCertificateSHA1Hash), upper case; null when it could not be read. */
function boundOf(f: WindowsFacts): string | null {
  return f.listener?.certificateThumbprint ? f.listener.certificateThumbprint.toUpperCase() : null;
}

const MY = 'Cert:\\LocalMachine\\My';
const TS_SETTING =
  'Get-CimInstance -Namespace root\\cimv2\\TerminalServices -ClassName Win32_TSGeneralSetting -Filter "TerminalName=\'RDP-Tcp\'"';

function boundText(f: WindowsFacts): string | null {
  const bound = boundOf(f);
  if (!bound) return null;
  const c = f.certificate;
  if (!c) return bound;
  const kind = c.store.endsWith('Remote Desktop') ? 'the self-signed certificate Windows made' : c.subject;
  return `${bound} (${kind}, ${c.store})`;
}

function plan(f: WindowsFacts, _target: string, supplied?: SuppliedPhaseFacts): SpecPlan {
  const c = supplied?.certificate;
  if (!c) return noPfxChosen();
  const thumb = c.sha1Thumbprint.toUpperCase();
  const bound = boundOf(f) === thumb;
  if (bound && f.certificate?.store === MY && f.key?.exists && f.key.networkServiceCanRead)
    return { changes: [], alreadyRight: true, commands: [] };
  const changes = [
    {
      target: 'RDP-Tcp certificate (SSLCertificateSHA1Hash)',
      before: boundText(f),
      after: `${thumb} (${c.subject}, issued by ${c.issuer}, until ${c.notAfter})`,
    },
    {
      target: MY,
      before: bound && f.certificate?.store === MY ? `has ${thumb}` : null,
      after: `${thumb} with its RSA ${c.keyBits}-bit private key (not exportable)`,
    },
    {
      target: `ACL of the private key file of ${thumb}`,
      before: null,
      after: 'adds NETWORK SERVICE read (S-1-5-20), on that one file only',
    },
  ];
  const notes = [
    boundOf(f)
      ? `The old certificate (${boundText(f)}) stays where it is: undo binds it again.`
      : 'The listener could not be read in the inspection: the script reads the old binding itself before changing it.',
    'Takes effect when TermService restarts (the restart phase runs last).',
  ];
  if (c.chainLength > 0)
    notes.push(
      `The ${c.chainLength} CA certificate(s) in the .pfx are not added to ${MY}: only the server certificate is installed there.`,
    );
  return {
    changes,
    alreadyRight: false,
    commands: [
      `Import-PfxCertificate -FilePath <the .pfx> -CertStoreLocation ${MY} -Password <SecureString>   # key not exportable`,
      `icacls.exe <the key file of ${thumb}> /grant *S-1-5-20:(R)`,
      `${TS_SETTING} | Set-CimInstance -Property @{ SSLCertificateSHA1Hash = '${thumb}' }`,
    ],
    notes,
  };
}

/**
 * After the restart: the listener must present exactly the certificate RDP-Tcp is bound to, that one must be an
 * installed one (LocalMachine\My, not the self-signed default) and NETWORK SERVICE must read its key. (The apply
 * itself checked that the binding is the supplied certificate's thumbprint.)
 */
function verify(f: WindowsFacts, probe: ProbeResult | null): SpecVerdict {
  const want = boundOf(f);
  if (!want) return { ok: false, message: 'The re-inspection could not read which certificate RDP-Tcp is bound to.' };
  if (f.certificate?.store !== MY)
    return {
      ok: false,
      message: `RDP-Tcp is bound to ${want} in ${f.certificate?.store ?? 'no store found'}, not to a certificate installed in ${MY}.`,
    };
  if (!f.key?.exists || !f.key.networkServiceCanRead)
    return { ok: false, message: `NETWORK SERVICE cannot read the private key of ${want}: TermService cannot use it.` };
  return presentsCertificate(probe, want, 'Remote Desktop', 'bound');
}

export const WIN_BIND_TRUSTED_CERT: FixPhaseSpec<WindowsFacts> = {
  id: 'win-bind-trusted-cert',
  hostKind: 'windows',
  title: 'Use a certificate the clients trust',
  summary:
    "Installs the certificate from a .pfx your CA issued for the host's name (checked first: it names the host, allows server authentication, is valid, RSA ≥ 2048) and binds it to the RDP listener, so clients stop warning about its identity.",
  steps: [
    'Check the .pfx on this computer: private key, names the host as typed, server authentication, valid now, RSA key of 2048 bits or more.',
    'Import it with its private key (not exportable) into Cert:\\LocalMachine\\My and grant NETWORK SERVICE read on that key file only.',
    'Set SSLCertificateSHA1Hash on the RDP-Tcp listener (Win32_TSGeneralSetting) to its thumbprint, then restart TermService.',
    'Probe again: Remote Desktop must present exactly this certificate (its SHA-1 thumbprint).',
  ],
  addresses: TRUSTED_CERTIFICATE_CURES,
  risks: [
    'Clients that trusted the old certificate will meet the new one (clients that trust your CA accept it without asking).',
    'Takes effect when TermService restarts (disconnects every Remote Desktop session).',
  ],
  needs: 'certificate',
  script: 'Set-RdpTrustedCert.ps1',
  facts: windowsFactsOf,
  plan,
  // public facts only: the .pfx and its password reach the script's apply on stdin (scriptedPhase's secrets)
  input: (_f, _target, supplied) => ({ thumbprint: supplied?.certificate?.sha1Thumbprint.toUpperCase() ?? '' }),
  verify,
  // by hand, at the host: the same three steps (Import-PfxCertificate asks nothing: -Password is a SecureString)
  commands: () => ({
    shell: 'powershell',
    lines: [
      "$pfx = Import-PfxCertificate -FilePath 'C:\\path\\to\\server.pfx' -CertStoreLocation Cert:\\LocalMachine\\My -Password (Read-Host -AsSecureString 'pfx password') | Where-Object HasPrivateKey",
      '$key = $pfx.PrivateKey.CspKeyContainerInfo.UniqueKeyContainerName   # CNG keys: under ProgramData\\Microsoft\\Crypto\\Keys',
      'icacls.exe "$env:ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\$key" /grant \'*S-1-5-20:(R)\'',
      `${TS_SETTING} | Set-CimInstance -Property @{ SSLCertificateSHA1Hash = $pfx.Thumbprint }`,
      'Restart-Service -Name TermService -Force',
    ],
  }),
};
