import type { FleetReportFormat } from '../../../../shared/fleet';
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
      <div className="report-row">
        <div className="field field-inline">
          <label htmlFor="fleet-format">Format</label>
          <select id="fleet-format" value={format} onChange={(e) => setFormat(e.target.value as FleetReportFormat)}>
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={redact} onChange={(e) => setRedact(e.target.checked)} />
          Hide user and computer names (for sharing outside the company)
        </label>
      </div>
      <div className="actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void exportFleet()}>
          {busy ? 'Exporting…' : 'Export report…'}
        </button>
      </div>
    </section>
  );
}
