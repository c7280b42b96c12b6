/**
 * The fleet report as CSV (RFC 4180, CRLF): one row per host in report order, for a spreadsheet or a
 * ticketing import. A cell that a spreadsheet would run as a formula (=, +, -, @ first) and is not a number
 * gets a leading apostrophe: server-supplied text is hostile input.
 */
import type { FleetReport } from '../../../shared/fleet';

export const FLEET_CSV_COLUMNS = [
  'target',
  'verdict',
  'root_cause_id',
  'root_cause',
  'cert_days_left',
  'cert_not_after',
  'tls_versions',
  'nla',
  'os_build',
  'address',
  'errors',
  'warnings',
  'finding_ids',
  'duration_ms',
] as const;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderFleetCsv(report: FleetReport): string {
  const rows = report.hosts.map((h) =>
    [
      h.target,
      h.verdict,
      h.rootCause?.id ?? null,
      h.rootCause?.title ?? null,
      h.certDaysLeft,
      h.certNotAfter,
      h.tlsVersions.join(' '),
      h.nla,
      h.osBuild,
      h.address,
      h.errors,
      h.warnings,
      h.findingIds.join(' '),
      h.durationMs,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[FLEET_CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
