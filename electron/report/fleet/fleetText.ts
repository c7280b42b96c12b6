/** Wording shared by the fleet report's formats and the CLI. */
import type { FleetFindingCount, FleetHost, FleetNla, FleetVerdict } from '../../../shared/fleet';

export const VERDICT_WORDS: Record<FleetVerdict, string> = {
  error: 'problem',
  warning: 'warning',
  ok: 'fine',
  stopped: 'stopped',
  pending: 'not scanned',
};

export const NLA_WORDS: Record<FleetNla, string> = {
  required: 'required',
  offered: 'offered',
  'not-offered': 'not offered',
  unknown: '—',
};

/** "12 hosts: The certificate expires soon" */
export function countLine(c: FleetFindingCount): string {
  return `${c.hosts} host${c.hosts === 1 ? '' : 's'}: ${c.title}`;
}

/** "in 12 days", "expired 3 days ago", "today", "—" */
export function certWords(days: number | null): string {
  if (days === null) return '—';
  if (days < 0) return `expired ${-days} day${days === -1 ? '' : 's'} ago`;
  if (days === 0) return 'expires today';
  return `${days} day${days === 1 ? '' : 's'}`;
}

/** The one-line reason of a host: its root cause, or what its verdict says. */
export function hostReason(h: FleetHost): string {
  if (h.rootCause) return h.rootCause.title;
  if (h.verdict === 'ok') return 'No problem found';
  if (h.verdict === 'stopped') return 'The scan was stopped while this host was being checked';
  if (h.verdict === 'pending') return 'Not checked: the scan was stopped first';
  return '';
}
