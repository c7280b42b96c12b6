/**
 * The settings file (shared/settings.ts says what is in it). Read once, changed one validated patch at a
 * time, written atomically (temp file in the same folder, fsync, rename) so that a crash or a power cut
 * leaves either the old settings or the new ones. A damaged file is kept aside as settings.json.damaged
 * and the defaults are used: remembering hosts is a convenience, never a reason not to start.
 * No Electron import.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_SETTINGS,
  HOST_KINDS_MAX,
  RECENT_HOSTS_MAX,
  type Settings,
  type SettingsPatch,
  SettingsSchema,
} from '../../shared/settings';
import { parseTarget } from '../probe/parseTarget';
import { CoreError } from './coreError';

const FILE_NAME = 'settings.json';

/** A target worth remembering: it parses as host, host:port or [v6]:port. */
export function isValidTarget(target: string): boolean {
  return parseTarget(target.trim()).ok;
}

/** Keeps what is valid in a value read from disk (a hand-edited or older file), drops the rest. */
export function sanitizeSettings(raw: unknown): Settings {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const hosts = Array.isArray(o.recentHosts) ? o.recentHosts : [];
  const recentHosts = hosts
    .filter((h): h is string => typeof h === 'string' && h.length <= 300 && isValidTarget(h))
    .map((h) => h.trim())
    .slice(0, RECENT_HOSTS_MAX);
  const hostKinds: Settings['hostKinds'] = {};
  const kinds = o.hostKinds && typeof o.hostKinds === 'object' ? Object.entries(o.hostKinds) : [];
  for (const [target, kind] of kinds.slice(0, HOST_KINDS_MAX)) {
    if ((kind === 'windows' || kind === 'xrdp') && isValidTarget(target)) hostKinds[target.trim().toLowerCase()] = kind;
  }
  const folder =
    typeof o.lastReportFolder === 'string' && o.lastReportFolder.length <= 4096 ? o.lastReportFolder : null;
  return SettingsSchema.parse({
    version: 1,
    recentHosts,
    hostKinds,
    lastReportFolder: folder && path.isAbsolute(folder) ? folder : null,
    checkForUpdates: o.checkForUpdates === true,
  });
}

function writeAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new CoreError('unwritable', `Cannot save the settings to ${file}: ${(err as Error).message}.`);
  }
}

export class SettingsStore {
  readonly file: string;
  private current: Settings;

  constructor(dir: string) {
    this.file = path.join(dir, FILE_NAME);
    this.current = this.load();
  }

  private load(): Settings {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return structuredClone(DEFAULT_SETTINGS);
    }
    try {
      return sanitizeSettings(JSON.parse(text));
    } catch {
      try {
        renameSync(this.file, `${this.file}.damaged`);
      } catch {
        // keep going with the defaults
      }
      return structuredClone(DEFAULT_SETTINGS);
    }
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Applies one change and writes the file; refuses an invalid host with a clear message. */
  update(patch: SettingsPatch): Settings {
    const next = structuredClone(this.current);
    if ('addRecentHost' in patch) {
      const host = patch.addRecentHost.trim();
      if (!isValidTarget(host)) {
        throw new CoreError('invalid-host', `"${host.slice(0, 80)}" is not a host name or address: not remembered.`);
      }
      next.recentHosts = [host, ...next.recentHosts.filter((h) => h.toLowerCase() !== host.toLowerCase())].slice(
        0,
        RECENT_HOSTS_MAX,
      );
    } else if ('clearRecentHosts' in patch) {
      next.recentHosts = [];
    } else if ('hostKind' in patch) {
      const target = patch.hostKind.target.trim();
      if (!isValidTarget(target)) {
        throw new CoreError('invalid-host', `"${target.slice(0, 80)}" is not a host name or address.`);
      }
      const key = target.toLowerCase();
      if (patch.hostKind.kind === null) delete next.hostKinds[key];
      else {
        delete next.hostKinds[key];
        next.hostKinds[key] = patch.hostKind.kind;
        // Bounded: the oldest choices go first.
        const keys = Object.keys(next.hostKinds);
        for (const old of keys.slice(0, Math.max(0, keys.length - HOST_KINDS_MAX))) delete next.hostKinds[old];
      }
    } else if ('lastReportFolder' in patch) {
      if (!path.isAbsolute(patch.lastReportFolder)) {
        throw new CoreError('invalid-folder', 'The report folder must be an absolute path.');
      }
      next.lastReportFolder = patch.lastReportFolder;
    } else if ('checkForUpdates' in patch) {
      next.checkForUpdates = patch.checkForUpdates;
    }
    writeAtomic(this.file, `${JSON.stringify(SettingsSchema.parse(next), null, 2)}\n`);
    this.current = next;
    return this.get();
  }
}
