// The xrdp host's remote scripts: repo files, imported as text, run with positional arguments.
import putFile from '../ssh/scripts/put-file.sh?raw';
import rootFileMode from './scripts/root-file-mode.sh?raw';
import saveBackup from './scripts/save-backup.sh?raw';
import inspect from './scripts/xrdp-inspect.sh?raw';
import newCert from './scripts/xrdp-new-cert.sh?raw';
import restart from './scripts/xrdp-restart.sh?raw';
import service from './scripts/xrdp-service.sh?raw';
import startService from './scripts/xrdp-start-service.sh?raw';

export const XRDP_SCRIPTS: Record<string, string> = {
  'put-file.sh': putFile,
  'root-file-mode.sh': rootFileMode,
  'save-backup.sh': saveBackup,
  'xrdp-inspect.sh': inspect,
  'xrdp-new-cert.sh': newCert,
  'xrdp-restart.sh': restart,
  'xrdp-service.sh': service,
  'xrdp-start-service.sh': startService,
};
