import type { ProbeResult } from '../../../../shared/probe';
import { verifyRows } from '../../logic/fixVerify';

/** Before and after, side by side: what the re-probe proves. */
export function VerifyTable({
  before,
  after,
  caption,
  testId,
}: {
  before: ProbeResult | null;
  after: ProbeResult;
  caption: string;
  testId: string;
}) {
  const rows = verifyRows(before, after);
  return (
    <div className="table-scroll">
      <table className="verify-table stack-narrow" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.id}
              data-row={r.id}
              data-better={r.better === null ? 'same' : String(r.better)}
              className={r.better === true ? 'row-better' : r.better === false ? 'row-worse' : undefined}
            >
              <th scope="row">{r.label}</th>
              <td data-label="Before">{r.before || '–'}</td>
              <td data-label="After">
                {r.after}
                {r.better === true && <span className="visually-hidden"> (better)</span>}
                {r.better === false && <span className="visually-hidden"> (worse)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
