import { Message } from '../../components/Message';
import { ReportOptions } from '../../components/ReportOptions';
import { useApp } from '../../store/context';
import type { ExportFormat } from '../../store/types';

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'html', label: 'HTML (web page)' },
  { value: 'pdf', label: 'PDF' },
  { value: 'md', label: 'Markdown (for a ticket)' },
  { value: 'json', label: 'JSON (for tools)' },
];

/** "Export report…" and "Copy summary" (issue 7's buttons). */
export function ReportActions() {
  const format = useApp((s) => s.exportFormat);
  const setFormat = useApp((s) => s.setExportFormat);
  const redact = useApp((s) => s.redact);
  const setRedact = useApp((s) => s.setRedact);
  const busy = useApp((s) => s.exportBusy);
  const exportReport = useApp((s) => s.exportReport);
  const copySummary = useApp((s) => s.copySummary);
  const message = useApp((s) => s.reportMessage);
  // In web mode there is no PDF printer behind the button: it opens the browser's print dialog and says so.
  const web = useApp((s) => s.appInfo?.mode === 'web');
  const printing = web && format === 'pdf';
  const formats = web ? FORMATS.map((f) => (f.value === 'pdf' ? { ...f, label: 'PDF (Print to PDF…)' } : f)) : FORMATS;
  return (
    <section className="card report" aria-labelledby="report-title">
      <h3 id="report-title">Report for the ticket</h3>
      <ReportOptions
        selectId="report-format"
        formats={formats}
        format={format}
        onFormat={setFormat}
        redact={redact}
        onRedact={setRedact}
      />
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void exportReport()}>
          {busy ? 'Exporting…' : printing ? 'Print to PDF…' : 'Export report…'}
        </button>
        <button type="button" className="btn" onClick={() => void copySummary()}>
          Copy summary
        </button>
      </div>
      <div className="report-message" aria-live="polite">
        {message && <Message kind={message.kind} text={message.text} testId="report-message" />}
      </div>
    </section>
  );
}
