import type { FleetReportFormat } from '../../../../shared/fleet';
import { ReportOptions } from '../../components/ReportOptions';
import { useApp } from '../../store/context';

const FORMATS: Array<{ value: FleetReportFormat; label: string }> = [
  { value: 'html', label: 'HTML (web page)' },
  { value: 'csv', label: 'CSV (spreadsheet)' },
  { value: 'json', label: 'JSON (for tools, with every probe result)' },
];

export function FleetExport() {
  const format = useApp((s) => s.fleetExportFormat);
  const setFormat = useApp((s) => s.setFleetExportFormat);
  const redact = useApp((s) => s.fleetRedact);
  const setRedact = useApp((s) => s.setFleetRedact);
  const busy = useApp((s) => s.fleetExportBusy);
  const exportFleet = useApp((s) => s.exportFleet);
  return (
    <section className="card report" aria-labelledby="fleet-report-title">
      <h3 id="fleet-report-title">Report of all computers</h3>
      <ReportOptions
        selectId="fleet-format"
        formats={FORMATS}
        format={format}
        onFormat={setFormat}
        redact={redact}
        onRedact={setRedact}
      />
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void exportFleet()}>
          {busy ? 'Exporting…' : 'Export report…'}
        </button>
      </div>
    </section>
  );
}
