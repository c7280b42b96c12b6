/** The "Many computers" table: sort, filter and the progress line, as pure functions of the hosts. */

import { FINDING_CATALOGUE, isFindingId } from '../../../shared/findings';
import type { FleetHost, FleetVerdict } from '../../../shared/fleet';

export type FleetSortKey = 'verdict' | 'target' | 'rootCause' | 'certDaysLeft' | 'tls' | 'nla' | 'osBuild';
export interface FleetSort {
  key: FleetSortKey;
  dir: 'asc' | 'desc';
}
export type FleetVerdictFilter = 'all' | 'error' | 'warning' | 'ok' | 'unchecked';
export interface FleetFilter {
  text: string;
  verdict: FleetVerdictFilter;
}

const VERDICT_RANK: Record<FleetVerdict, number> = { error: 0, warning: 1, ok: 2, stopped: 3, pending: 4 };

/** Missing values sort last whichever the direction. */
function compareNullable<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number, dir: number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmp(a, b) * dir;
}

const text = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });
const num = (a: number, b: number) => a - b;

/** The default order is the report's: what breaks first (verdict, then days to certificate expiry). */
export function sortHosts(hosts: readonly FleetHost[], sort: FleetSort): FleetHost[] {
  const dir = sort.dir === 'asc' ? 1 : -1;
  const byDefault = (a: FleetHost, b: FleetHost) =>
    VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
    compareNullable(a.certDaysLeft, b.certDaysLeft, num, 1) ||
    a.index - b.index;
  const primary = (a: FleetHost, b: FleetHost): number => {
    switch (sort.key) {
      case 'verdict':
        return (VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]) * dir;
      case 'target':
        return text(a.target, b.target) * dir;
      case 'rootCause':
        return compareNullable(a.rootCause?.title ?? null, b.rootCause?.title ?? null, text, dir);
      case 'certDaysLeft':
        return compareNullable(a.certDaysLeft, b.certDaysLeft, num, dir);
      case 'tls':
        return compareNullable(a.tlsVersions.at(-1) ?? null, b.tlsVersions.at(-1) ?? null, text, dir);
      case 'nla':
        return text(a.nla, b.nla) * dir;
      case 'osBuild':
        return compareNullable(a.osBuild, b.osBuild, text, dir);
    }
  };
  return [...hosts].sort((a, b) => primary(a, b) || byDefault(a, b));
}

function findingTitle(id: string): string {
  return isFindingId(id) ? FINDING_CATALOGUE[id].title : id;
}

/**
 * Why a row matched the filter text, when the row does not show it: "Matched the address 10.0.0.7" or
 * "Matched "The certificate is self-signed"". null when the match is in plain sight (name, root cause, OS
 * build) or there is no text.
 */
export function matchReason(h: FleetHost, text: string): string | null {
  const needle = text.trim().toLowerCase();
  if (!needle) return null;
  const has = (s: string | null | undefined) => (s ?? '').toLowerCase().includes(needle);
  if (has(h.target) || has(h.rootCause?.title) || has(h.osBuild)) return null;
  if (has(h.address)) return `Matched the address ${h.address}`;
  const found = h.findingIds.find((id) => id !== h.rootCause?.id && (has(id) || has(findingTitle(id))));
  return found ? `Matched “${findingTitle(found)}”` : null;
}

export function filterHosts(hosts: readonly FleetHost[], filter: FleetFilter): FleetHost[] {
  const needle = filter.text.trim().toLowerCase();
  return hosts.filter((h) => {
    if (filter.verdict === 'unchecked' && h.verdict !== 'pending' && h.verdict !== 'stopped') return false;
    if (filter.verdict !== 'all' && filter.verdict !== 'unchecked' && h.verdict !== filter.verdict) return false;
    if (!needle) return true;
    return [
      h.target,
      h.rootCause?.title ?? '',
      h.osBuild ?? '',
      h.address ?? '',
      ...h.findingIds,
      ...h.findingIds.map(findingTitle),
    ].some((s) => s.toLowerCase().includes(needle));
  });
}

/** "and 2 more warnings" beside the root cause, so a second warning is seen without opening the host. */
export function moreText(h: FleetHost): string | null {
  const more = h.errors + h.warnings - (h.rootCause && h.rootCause.severity !== 'info' ? 1 : 0);
  if (more <= 0) return null;
  const what = h.errors > 1 || (h.errors === 1 && h.rootCause?.severity !== 'error') ? 'problem' : 'warning';
  return `and ${more} more ${what}${more === 1 ? '' : 's'}`;
}

/** Clicking a header sorts by it; clicking it again turns the order round. */
export function nextSort(current: FleetSort, key: FleetSortKey): FleetSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: 'asc' };
}

export function progressText(done: number, total: number, problems: number, elapsedMs: number): string {
  const left = done > 0 && done < total ? ` · about ${duration((elapsedMs / done) * (total - done))} left` : '';
  return `${done} of ${total} checked · ${problems} with problems${left}`;
}

function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export const VERDICT_LABEL: Record<FleetVerdict, string> = {
  error: 'Problem',
  warning: 'Warning',
  ok: 'Fine',
  stopped: 'Stopped',
  pending: 'Not checked',
};

export function certText(days: number | null): string {
  if (days === null) return '—';
  if (days < 0) return `expired ${-days} d ago`;
  if (days === 0) return 'today';
  return `${days} d`;
}
