/** The fleet report in one of its formats, with a file name to suggest; and which format a path asks for. */
import path from 'node:path';
import type { FleetReport, FleetReportFormat } from '../../../shared/fleet';
import { ReportError } from '../errors';
import { renderFleetCsv } from './renderFleetCsv';
import { renderFleetHtml } from './renderFleetHtml';

export const FLEET_MIME: Record<FleetReportFormat, string> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

export function renderFleetReport(report: FleetReport, format: FleetReportFormat): string {
  switch (format) {
    case 'html':
      return renderFleetHtml(report);
    case 'csv':
      return renderFleetCsv(report);
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}

/** "rdp-doctor-fleet-20261127-1146.csv" */
export function fleetFilename(report: FleetReport, format: FleetReportFormat): string {
  const stamp = report.scan.startedAt
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .slice(0, 13);
  return `rdp-doctor-fleet-${stamp}.${format}`;
}

const BY_EXTENSION: Record<string, FleetReportFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.csv': 'csv',
  '.json': 'json',
};

export function fleetFormatForPath(file: string): FleetReportFormat {
  const format = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!format) {
    throw new ReportError(
      'unknown-format',
      `Cannot tell the fleet report format from "${path.basename(file)}": end the file name with .html, .csv or .json.`,
    );
  }
  return format;
}
