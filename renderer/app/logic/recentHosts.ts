/**
 * Recent hosts, remembered in localStorage between sessions. Only host strings are ever written here:
 * never a user name, never a password.
 */
import { HOST_INPUT_MAX } from '../../../shared/probe';

export const RECENT_HOSTS_KEY = 'rdp-doctor.recentHosts.v1';
export const RECENT_HOSTS_MAX = 8;

/** Reads the list, dropping anything that is not a plausible host string (a tampered or old value). */
export function loadRecentHosts(storage: Storage | null): string[] {
  if (!storage) return [];
  let raw: string | null;
  try {
    raw = storage.getItem(RECENT_HOSTS_KEY);
  } catch {
    return [];
  }
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((h): h is string => typeof h === 'string' && h.trim().length > 0 && h.length <= HOST_INPUT_MAX)
      .slice(0, RECENT_HOSTS_MAX);
  } catch {
    return [];
  }
}

/** The list with `host` moved to the front (case-insensitive duplicates removed), bounded. */
export function addRecentHost(list: readonly string[], host: string): string[] {
  const h = host.trim();
  if (!h) return [...list];
  return [h, ...list.filter((x) => x.toLowerCase() !== h.toLowerCase())].slice(0, RECENT_HOSTS_MAX);
}

export function saveRecentHosts(storage: Storage | null, list: readonly string[]): void {
  if (!storage) return;
  try {
    if (list.length === 0) storage.removeItem(RECENT_HOSTS_KEY);
    else storage.setItem(RECENT_HOSTS_KEY, JSON.stringify(list.slice(0, RECENT_HOSTS_MAX)));
  } catch {
    // Storage full or disabled (private window): remembering hosts is a convenience, not a requirement.
  }
}
