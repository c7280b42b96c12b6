/** The report's format choice and the "hide names" box: the same row for one computer's report and the fleet's. */
export interface ReportFormatOption<F extends string> {
  value: F;
  label: string;
}

export function ReportOptions<F extends string>({
  selectId,
  formats,
  format,
  onFormat,
  redact,
  onRedact,
}: {
  selectId: string;
  formats: ReadonlyArray<ReportFormatOption<F>>;
  format: F;
  onFormat(format: F): void;
  redact: boolean;
  onRedact(on: boolean): void;
}) {
  return (
    <div className="report-row">
      <div className="field field-inline">
        <label htmlFor={selectId}>Format</label>
        <select id={selectId} value={format} onChange={(e) => onFormat(e.target.value as F)}>
          {formats.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label}
            </option>
          ))}
        </select>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={redact} onChange={(e) => onRedact(e.target.checked)} />
        Hide user and computer names (for sharing outside the company)
      </label>
    </div>
  );
}
