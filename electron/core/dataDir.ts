/**
 * The app's data folder, the same for every door (Electron, web mode, CLI) so that a host key trusted in the
 * app is trusted by the CLI and an undo works after a restart: the audit log, the SSH known-hosts file,
 * settings and logs live here. No Electron import: Electron's own userData folder is not used, because
 * the CLI must find the same files without Electron.
 *
 * RDP_DOCTOR_DATA_DIR overrides it (tests, portable use). Otherwise:
 *   Windows  %APPDATA%\RDP Doctor
 *   macOS    ~/Library/Application Support/RDP Doctor
 *   Linux    $XDG_CONFIG_HOME/rdp-doctor (default ~/.config/rdp-doctor)
 */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RDP_DOCTOR_DATA_DIR) return path.resolve(env.RDP_DOCTOR_DATA_DIR);
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(homedir(), 'AppData', 'Roaming'), 'RDP Doctor');
  }
  if (platform === 'darwin') return path.join(homedir(), 'Library', 'Application Support', 'RDP Doctor');
  return path.join(env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'rdp-doctor');
}

/** The data folder, created (owner-only) if it does not exist yet. */
export function ensureDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = dataDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}
