/**
 * What RDP Doctor remembers between launches, in settings.json in the app data folder (written
 * atomically, so a crash leaves the old file or the new one, never half of one). Only host strings, the
 * host kind chosen per host and the last report folder: never a user name, password or key. Trusted SSH
 * host keys live in the fix wizard's known-hosts file, not here.
 */
import { z } from 'zod';
import { HOST_INPUT_MAX } from './probe';
import { HostKindSchema } from './remediation';

export const RECENT_HOSTS_MAX = 8;
export const HOST_KINDS_MAX = 200;

export const SettingsSchema = z.object({
  version: z.literal(1),
  /** newest first; only targets that parse (host, host:port, [v6]:port) */
  recentHosts: z.array(z.string().max(HOST_INPUT_MAX)).max(RECENT_HOSTS_MAX),
  /** the host kind the technician chose, by target (lower case) */
  hostKinds: z.record(z.string().max(HOST_INPUT_MAX), HostKindSchema),
  /** the folder the last report was saved to (Electron's save dialog opens there) */
  lastReportFolder: z.string().max(4096).nullable(),
  /** off unless the technician turns it on: the app talks to no host but the ones it probes */
  checkForUpdates: z.boolean(),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** One change at a time, each validated. */
export const SettingsPatchSchema = z.union([
  z.object({ addRecentHost: z.string().min(1).max(HOST_INPUT_MAX) }),
  z.object({ clearRecentHosts: z.literal(true) }),
  z.object({ hostKind: z.object({ target: z.string().min(1).max(HOST_INPUT_MAX), kind: HostKindSchema.nullable() }) }),
  z.object({ lastReportFolder: z.string().min(1).max(4096) }),
  z.object({ checkForUpdates: z.boolean() }),
]);
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: 1,
  recentHosts: [],
  hostKinds: {},
  lastReportFolder: null,
  checkForUpdates: false,
};
