/**
 * `rdp-doctor probe HOST --report FILE`: the report of `result` in the format the extension names
 * (.html, .json, .md), written atomically. Throws ReportError (the CLI exits 2) for an unknown extension
 * or a path that cannot be written, and then leaves no file behind.
 */
import type { ProbeResult } from '../../shared/probe';
import type { ReportAction } from '../../shared/report';
import { buildReport } from './buildReport';
import { renderReport } from './renderReport';
import { formatForPath } from './reportFormat';
import { writeFileAtomic } from './writeFileAtomic';

export interface WriteReportOptions {
  redact?: boolean;
  codes?: string;
  /** the "Actions taken" (from the audit log: electron/report/auditActions.ts) */
  actions?: ReportAction[];
}

export async function writeReportFile(file: string, result: ProbeResult, opts: WriteReportOptions = {}): Promise<void> {
  const format = formatForPath(file);
  const report = buildReport(result, { redact: opts.redact, codes: opts.codes, actions: opts.actions });
  await writeFileAtomic(file, renderReport(report, format));
}
