// The xrdp host's remote scripts: repo files, imported as text, run with positional arguments.
import phaseLib from '../ssh/scripts/phase-lib.sh?raw';
import putFile from '../ssh/scripts/put-file.sh?raw';
import rootPathCheck from '../ssh/scripts/root-path-check.sh?raw';
import rootFileMode from './scripts/root-file-mode.sh?raw';
import saveBackup from './scripts/save-backup.sh?raw';
import servicePid from './scripts/service-pid.sh?raw';
import xrdpIni from './scripts/xrdp-ini.sh?raw';
import xrdpIniBackup from './scripts/xrdp-ini-backup.sh?raw';
import inspect from './scripts/xrdp-inspect.sh?raw';
import newCert from './scripts/xrdp-new-cert.sh?raw';
import restart from './scripts/xrdp-restart.sh?raw';
import service from './scripts/xrdp-service.sh?raw';
import xrdpServiceRun from './scripts/xrdp-service-run.sh?raw';
import session from './scripts/xrdp-session.sh?raw';
import startService from './scripts/xrdp-start-service.sh?raw';

const INCLUDE = /^# @include root-path-check\.sh\b.*$/m;
const ANY_INCLUDE = /^# @include ([A-Za-z0-9._-]+)\b.*$/gm;
const FUNCTION_INCLUDE = /^# @include-function ([A-Za-z_][A-Za-z0-9_]*) ([A-Za-z0-9._-]+)\s*$/gm;

/** The shared sh pieces a script may include (each written once, joined in where the script names it). */
export const SH_INCLUDES: Record<string, string> = {
  'phase-lib.sh': phaseLib,
  'root-path-check.sh': rootPathCheck,
  'service-pid.sh': servicePid,
  'xrdp-ini.sh': xrdpIni,
  'xrdp-ini-backup.sh': xrdpIniBackup,
  'xrdp-service-run.sh': xrdpServiceRun,
};

/**
 * Joins every `# @include NAME` line's piece (SH_INCLUDES, or `extra`) into the script, so the text sent to the
 * host is whole and self-contained. An unknown name is a bug: it throws.
 */
export function withIncludes(script: string, extra: Record<string, string> = {}): string {
  const pieceOf = (name: string): string => {
    const piece = extra[name] ?? SH_INCLUDES[name] ?? SH_FUNCTIONS[name];
    if (piece === undefined) throw new Error(`script includes an unknown piece ${name}`);
    return piece.trimEnd();
  };
  return (
    script
      // `# @include-function NAME FILE`: a whole script as a function run in a subshell (its `exit`, `set` and
      // traps stay inside), so one file serves both as a script of its own and as a step of a phase script
      .replace(FUNCTION_INCLUDE, (_line, fn: string, name: string) => `${fn}() (\n${pieceOf(name)}\n)`)
      .replace(ANY_INCLUDE, (_line, name: string) => pieceOf(name))
  );
}

/** Whole scripts that phase scripts also run as functions (`# @include-function`). */
const SH_FUNCTIONS: Record<string, string> = {
  'put-file.sh': putFile,
  'save-backup.sh': saveBackup,
  'xrdp-new-cert.sh': newCert,
  'xrdp-restart.sh': restart,
  'xrdp-start-service.sh': startService,
};

/**
 * The phase scripts (one per phase, actions plan / apply / undo), as written in the repo (includes not joined):
 * every scripts/phase-*.sh, found by Vite's import.meta.glob at build time, so a new phase needs no line here.
 */
const phaseFiles = import.meta.glob<string>('./scripts/phase-*.sh', { query: '?raw', import: 'default', eager: true });
export const XRDP_PHASE_SCRIPTS: Record<string, string> = Object.fromEntries(
  Object.entries(phaseFiles).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1), text]),
);

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
  'xrdp-service.sh': withIncludes(service),
  'xrdp-session.sh': withIncludes(session),
  'xrdp-start-service.sh': startService,
  ...Object.fromEntries(Object.entries(XRDP_PHASE_SCRIPTS).map(([name, text]) => [name, withIncludes(text)])),
};
