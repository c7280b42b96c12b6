/** Report formats: which one a file name asks for, its MIME type, and a file name to suggest. */
import path from 'node:path';
import type { ReportFormat } from '../../shared/contract';
import type { Report } from '../../shared/report';
import { ReportError } from './errors';

const BY_EXTENSION: Record<string, ReportFormat> = {
  '.html': 'html',
  '.htm': 'html',
  '.json': 'json',
  '.md': 'md',
  '.markdown': 'md',
};

export const REPORT_MIME: Record<ReportFormat | 'pdf', string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  md: 'text/markdown; charset=utf-8',
  pdf: 'application/pdf',
};

/** The format a path asks for by its extension; a ReportError for anything else. */
export function formatForPath(file: string): ReportFormat {
  const ext = path.extname(file).toLowerCase();
  const format = BY_EXTENSION[ext];
  if (!format) {
    throw new ReportError(
      'unknown-format',
      `Cannot tell the report format from "${path.basename(file)}": end the file name with .html, .json or .md.`,
    );
  }
  return format;
}

/** "rdp-doctor-srv01-3389-20260601-1000.html": the target (unless redacted) and when it was probed. */
export function suggestedFilename(report: Report, format: ReportFormat | 'pdf'): string {
  const stamp = report.probe.startedAt
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .slice(0, 13);
  const target = report.redacted
    ? 'redacted'
    : report.target.input
        .toLowerCase()
        .replace(/[^a-z0-9.]+/g, '-')
        .replace(/^[-.]+|[-.]+$/g, '')
        .slice(0, 60) || 'host';
  return `rdp-doctor-${target}-${stamp}.${format}`;
}
