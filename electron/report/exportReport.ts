/**
 * The app's "Export report…": render, ask where, (for PDF) print the HTML, write atomically. The host
 * supplies the two things only it can do — the save dialog and the HTML→PDF printer (Electron's
 * printToPDF; a test's Chromium) — so everything else is testable without Electron.
 */
import path from 'node:path';
import type { ReportFormat } from '../../shared/contract';
import type { ProbeResult } from '../../shared/probe';
import type { BuildReportOptions } from './buildReport';
import { renderResult } from './renderReport';
import { writeFileAtomic } from './writeFileAtomic';

export type ExportFormat = ReportFormat | 'pdf';

export interface ExportHost {
  /** the save dialog: the path chosen, or null when the user cancelled */
  chooseFile(suggestedName: string, format: ExportFormat): Promise<string | null>;
  /** prints self-contained HTML to PDF bytes */
  htmlToPdf(html: string): Promise<Uint8Array>;
}

export const FORMAT_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  html: { name: 'Web page (HTML)', extensions: ['html', 'htm'] },
  json: { name: 'JSON', extensions: ['json'] },
  md: { name: 'Markdown', extensions: ['md', 'markdown'] },
  pdf: { name: 'PDF', extensions: ['pdf'] },
};

/** The chosen path, with the format's extension added when the user typed none of its extensions. */
export function withExtension(file: string, format: ExportFormat): string {
  const ext = path.extname(file).slice(1).toLowerCase();
  return FORMAT_FILTERS[format].extensions.includes(ext) ? file : `${file}.${format}`;
}

export async function exportReport(
  result: ProbeResult,
  format: ExportFormat,
  opts: BuildReportOptions,
  host: ExportHost,
): Promise<{ saved: boolean; path: string | null }> {
  const rendered = renderResult(result, format === 'pdf' ? 'html' : format, opts);
  const suggested = format === 'pdf' ? rendered.filename.replace(/\.html$/, '.pdf') : rendered.filename;
  const chosen = await host.chooseFile(suggested, format);
  if (!chosen) return { saved: false, path: null };
  const file = withExtension(chosen, format);
  const data = format === 'pdf' ? await host.htmlToPdf(rendered.content) : rendered.content;
  await writeFileAtomic(file, data);
  return { saved: true, path: path.resolve(file) };
}
