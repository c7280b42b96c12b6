// The xrdp host's remote scripts: repo files, imported as text, run with positional arguments.
import putFile from '../ssh/scripts/put-file.sh?raw';
import rootPathCheck from '../ssh/scripts/root-path-check.sh?raw';
import rootFileMode from './scripts/root-file-mode.sh?raw';
import saveBackup from './scripts/save-backup.sh?raw';
import inspect from './scripts/xrdp-inspect.sh?raw';
import newCert from './scripts/xrdp-new-cert.sh?raw';
import restart from './scripts/xrdp-restart.sh?raw';
import service from './scripts/xrdp-service.sh?raw';
import session from './scripts/xrdp-session.sh?raw';
import startService from './scripts/xrdp-start-service.sh?raw';

const INCLUDE = /^# @include root-path-check\.sh\b.*$/m;

/**
 * The scripts that write as root share one path check (root-path-check.sh): its functions take the place of
 * the script's `# @include root-path-check.sh` line, so the script sent to the host is whole and self-contained.
 */
export function withRootPathCheck(script: string): string {
  if (!INCLUDE.test(script)) throw new Error('script has no "# @include root-path-check.sh" line');
  return script.replace(INCLUDE, () => rootPathCheck.trimEnd());
}

export const XRDP_SCRIPTS: Record<string, string> = {
  'put-file.sh': withRootPathCheck(putFile),
  'root-file-mode.sh': withRootPathCheck(rootFileMode),
  'save-backup.sh': withRootPathCheck(saveBackup),
  'xrdp-inspect.sh': inspect,
  'xrdp-new-cert.sh': newCert,
  'xrdp-restart.sh': restart,
  'xrdp-service.sh': service,
  'xrdp-session.sh': session,
  'xrdp-start-service.sh': startService,
};
