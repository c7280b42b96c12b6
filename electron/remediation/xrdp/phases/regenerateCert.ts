/**
 * xrdp-regenerate-cert: a new key and self-signed certificate made ON the host with its own openssl (the
 * private key never leaves it), naming the host as typed plus every name the old certificate had (its CN and
 * SANs, as subjectAltNames: phases/certNames.ts), in new files beside xrdp.ini, then xrdp.ini's
 * certificate= and key_file= pointed at them. Files other services share (the snakeoil pair) are not touched.
 * Undo: xrdp.ini's old bytes back, the two new files removed.
 */
import type { Inspection } from '../../../../shared/remediation';
import { parseTarget } from '../../../probe/parseTarget';
import { type Json, type Phase, RemediationError } from '../../types';
import { xrdpFactsOf } from '../inspectXrdp';
import { type CertNames, certNamesFor } from './certNames';
import {
  basePlan,
  type IniBackup,
  iniBackupOf,
  mustRun,
  mustRunScript,
  readIni,
  restoreIni,
  saveIniBackup,
  writeGlobals,
} from './support';

function dirOf(p: string): string {
  return p.slice(0, p.lastIndexOf('/')) || '/';
}

/** The new certificate's names: the probed host and the old certificate's CN and SANs. */
export function certNames(inspection: Inspection, target: string): CertNames {
  const f = xrdpFactsOf(inspection);
  return certNamesFor(target, f.certSubject, f.certSan);
}

function leftOut(names: CertNames): string[] {
  return names.rejected.length ? [`Not carried over from the old certificate: ${names.rejected.join('; ')}.`] : [];
}

function stampOf(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
}

interface CertBackup {
  ini: IniBackup;
  created: string[];
  [k: string]: Json;
}

export const regenerateCert: Phase = {
  id: 'xrdp-regenerate-cert',
  hostKind: 'xrdp',
  addresses: [
    'tls-cert-expired',
    'tls-cert-not-yet-valid',
    'tls-cert-name-mismatch',
    'tls-cert-weak',
    'tls-cert-expiring-soon',
    'tls-key-unusable',
    'tls-handshake-failed',
    'tls-cert-unavailable',
  ],
  risks: [
    'Clients that trusted the old certificate will be asked to accept the new one.',
    'Takes effect when xrdp restarts (disconnects every session).',
  ],
  // a new certificate when the key itself is missing or broken, or the certificate is what is wrong — not
  // when only its permissions are (xrdp-fix-key-permissions does that without changing the certificate)
  wanted(inspection, findingIds) {
    const f = xrdpFactsOf(inspection);
    if (findingIds.some((id) => id.startsWith('tls-cert-'))) return true;
    return !f.key.exists || f.keyValid === false || (f.keyMatchesCert === false && f.cert.exists);
  },
  plan(inspection, target) {
    const f = xrdpFactsOf(inspection);
    const plan = basePlan(this.id, this.addresses, this.risks);
    const names = certNames(inspection, target);
    const { cn, san } = names;
    const dir = dirOf(f.iniPath);
    const group = f.userPrimaryGroup ?? f.xrdpUser ?? 'xrdp';
    return {
      ...plan,
      changes: [
        { target: `${dir}/rdp-doctor-<time>.key`, before: null, after: `new RSA 2048 key, root:${group} 0640` },
        {
          target: `${dir}/rdp-doctor-<time>.crt`,
          before: null,
          after: `self-signed, CN=${cn}, subjectAltName ${names.sans.join(' ')}, 825 days`,
        },
        {
          target: `${f.iniPath} [Globals] certificate`,
          before: f.globals.certificate ?? '',
          after: `${dir}/rdp-doctor-<time>.crt`,
        },
        {
          target: `${f.iniPath} [Globals] key_file`,
          before: f.globals.key_file ?? '',
          after: `${dir}/rdp-doctor-<time>.key`,
        },
      ],
      risks: [...plan.risks, ...leftOut(names)],
      commands: [
        `openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes -subj /CN=${cn} -addext subjectAltName=${san} -addext extendedKeyUsage=serverAuth`,
        `edit ${f.iniPath}: certificate=, key_file= (backup of the old bytes kept)`,
      ],
    };
  },
  async apply(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    const names = certNames(ctx.inspection, ctx.target);
    const { cn, san } = names;
    for (const line of leftOut(names)) ctx.log(line);
    const dir = dirOf(f.iniPath);
    const group = f.userPrimaryGroup ?? f.xrdpUser ?? 'xrdp';
    const stamp = stampOf(new Date());
    const key = `${dir}/rdp-doctor-${stamp}.key`;
    const cert = `${dir}/rdp-doctor-${stamp}.crt`;
    const before = await readIni(ctx, f.iniPath);
    // the backup names the new files before they exist, so a failure midway removes them too
    const ini = iniBackupOf(f.iniPath, before, ctx);
    ctx.backup({ ini, created: [key, cert] });
    await saveIniBackup(ctx, ini, before);
    await mustRunScript(ctx, 'xrdp-new-cert.sh', [dir, stamp, cn, san, group]);
    await writeGlobals(ctx, f.iniPath, before, { certificate: cert, key_file: key });
  },
  async verify(ctx) {
    const f = xrdpFactsOf(ctx.inspection);
    const t = parseTarget(ctx.target);
    const host = t.ok ? t.host.toLowerCase() : '';
    const served = ctx.probe?.tls?.certificate;
    if (!f.keyReadable) return { ok: false, message: `xrdp cannot read the new key ${f.key.path}.` };
    if (ctx.probe && !served?.sans.some((n) => n.toLowerCase() === host))
      return {
        ok: false,
        message: `The server still presents ${served ? `${served.subject} (names: ${served.sans.join(', ') || 'none'})` : 'no certificate'}.`,
      };
    return {
      ok: true,
      message: `xrdp presents the new certificate for ${served?.sans.join(', ') ?? host}.`,
    };
  },
  async undo(ctx, backup) {
    const b = backup as CertBackup | null;
    if (!b?.ini) throw new RemediationError('bad-backup', 'The backup of the certificate change is missing.');
    await restoreIni(ctx, b.ini);
    await mustRun(ctx, ['rm', '-f', '--', ...b.created]);
  },
};
