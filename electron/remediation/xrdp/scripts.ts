// The xrdp host's remote scripts: repo files, imported as text, run with positional arguments.
import phaseLib from '../ssh/scripts/phase-lib.sh?raw';
import putFile from '../ssh/scripts/put-file.sh?raw';
import rootPathCheck from '../ssh/scripts/root-path-check.sh?raw';
import installCertificate from './scripts/phase-install-certificate.sh?raw';
import rootFileMode from './scripts/root-file-mode.sh?raw';
import saveBackup from './scripts/save-backup.sh?raw';
import inspect from './scripts/xrdp-inspect.sh?raw';
import newCert from './scripts/xrdp-new-cert.sh?raw';
import restart from './scripts/xrdp-restart.sh?raw';
import service from './scripts/xrdp-service.sh?raw';
import startService from './scripts/xrdp-start-service.sh?raw';

const INCLUDE = /^# @include root-path-check\.sh\b.*$/m;
const ANY_INCLUDE = /^# @include ([A-Za-z0-9._-]+)\b.*$/gm;

/** The shared sh pieces a script may include (each written once, joined in where the script names it). */
export const SH_INCLUDES: Record<string, string> = {
  'phase-lib.sh': phaseLib,
  'root-path-check.sh': rootPathCheck,
};

/**
 * Joins every `# @include NAME` line's piece (SH_INCLUDES, or `extra`) into the script, so the text sent to the
 * host is whole and self-contained. An unknown name is a bug: it throws.
 */
export function withIncludes(script: string, extra: Record<string, string> = {}): string {
  return script.replace(ANY_INCLUDE, (_line, name: string) => {
    const piece = extra[name] ?? SH_INCLUDES[name];
    if (piece === undefined) throw new Error(`script includes an unknown piece ${name}`);
    return piece.trimEnd();
  });
}

/**
 * The scripts that write as root share one path check (root-path-check.sh): its functions take the place of
 * the script's `# @include root-path-check.sh` line, so the script sent to the host is whole and self-contained.
 */
export function withRootPathCheck(script: string): string {
  if (!INCLUDE.test(script)) throw new Error('script has no "# @include root-path-check.sh" line');
  return script.replace(INCLUDE, () => rootPathCheck.trimEnd());
}

export const XRDP_SCRIPTS: Record<string, string> = {
  'phase-install-certificate.sh': withIncludes(installCertificate),
  'put-file.sh': withRootPathCheck(putFile),
  'root-file-mode.sh': withRootPathCheck(rootFileMode),
  'save-backup.sh': withRootPathCheck(saveBackup),
  'xrdp-inspect.sh': inspect,
  'xrdp-new-cert.sh': newCert,
  'xrdp-restart.sh': restart,
  'xrdp-service.sh': service,
  'xrdp-start-service.sh': startService,
};
