/** One report in one of the text formats. */
import type { ReportFormat } from '../../shared/contract';
import type { ProbeResult } from '../../shared/probe';
import type { Report } from '../../shared/report';
import { type BuildReportOptions, buildReport } from './buildReport';
import { renderHtml } from './renderHtml';
import { renderMarkdown } from './renderMarkdown';
import { REPORT_MIME, suggestedFilename } from './reportFormat';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderReport(report: Report, format: ReportFormat): string {
  switch (format) {
    case 'html':
      return renderHtml(report);
    case 'json':
      return renderJson(report);
    case 'md':
      return renderMarkdown(report);
  }
}

export interface RenderedReport {
  filename: string;
  mime: string;
  content: string;
}

/** What `report.render` answers and the Electron save writes: build, render, name. */
export function renderResult(result: ProbeResult, format: ReportFormat, opts: BuildReportOptions = {}): RenderedReport {
  const report = buildReport(result, opts);
  return {
    filename: suggestedFilename(report, format),
    mime: REPORT_MIME[format],
    content: renderReport(report, format),
  };
}
