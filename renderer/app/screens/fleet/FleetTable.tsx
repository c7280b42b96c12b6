import { useMemo } from 'react';
import type { FleetHost } from '../../../../shared/fleet';
import {
  certText,
  type FleetSortKey,
  type FleetVerdictFilter,
  filterHosts,
  matchReason,
  moreText,
  sortHosts,
  VERDICT_LABEL,
} from '../../logic/fleetTable';
import { useApp } from '../../store/context';

const COLUMNS: Array<{ key: FleetSortKey; label: string }> = [
  { key: 'target', label: 'Computer' },
  { key: 'verdict', label: 'Verdict' },
  { key: 'rootCause', label: 'Root cause' },
  { key: 'certDaysLeft', label: 'Certificate expires' },
  { key: 'tls', label: 'TLS' },
  { key: 'nla', label: 'NLA' },
  { key: 'osBuild', label: 'OS build' },
];

const NLA_TEXT: Record<FleetHost['nla'], string> = {
  required: 'required',
  offered: 'offered',
  'not-offered': 'not offered',
  unknown: '—',
};

export function FleetTable() {
  const hosts = useApp((s) => s.fleetHosts);
  const sort = useApp((s) => s.fleetSort);
  const filter = useApp((s) => s.fleetFilter);
  const setSort = useApp((s) => s.setFleetSort);
  const setFilter = useApp((s) => s.setFleetFilter);
  const open = useApp((s) => s.openFleetHost);
  const checking = useApp((s) => s.fleetChecking);
  const running = useApp((s) => s.fleetState === 'running' || s.fleetState === 'starting');
  const label = (h: FleetHost) =>
    h.verdict !== 'pending' || !running
      ? VERDICT_LABEL[h.verdict]
      : checking.includes(h.index)
        ? 'Checking…'
        : 'Waiting';
  const rows = useMemo(() => sortHosts(filterHosts(hosts, filter), sort), [hosts, filter, sort]);
  return (
    <section className="card fleet-table" aria-label="Computers">
      <div className="fleet-filters">
        <div className="field field-inline">
          <label htmlFor="fleet-filter">Filter</label>
          <input
            id="fleet-filter"
            type="search"
            value={filter.text}
            placeholder="name, address or finding"
            onChange={(e) => setFilter({ text: e.target.value })}
          />
        </div>
        <div className="field field-inline">
          <label htmlFor="fleet-verdict">Show</label>
          <select
            id="fleet-verdict"
            value={filter.verdict}
            onChange={(e) => setFilter({ verdict: e.target.value as FleetVerdictFilter })}
          >
            <option value="all">All</option>
            <option value="error">Problems</option>
            <option value="warning">Warnings</option>
            <option value="ok">Fine</option>
            <option value="unchecked">Not checked</option>
          </select>
        </div>
        <p className="help" data-testid="fleet-shown">
          {rows.length} of {hosts.length} shown
        </p>
      </div>
      <div className="fleet-scroll">
        <table>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <button type="button" className="sort" onClick={() => setSort(c.key)}>
                    {c.label}
                    <span aria-hidden="true">{sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((h) => (
              <tr key={h.index} data-host={h.target} data-verdict={h.verdict}>
                <td data-label="Computer">
                  {h.verdict === 'pending' || h.verdict === 'stopped' ? (
                    h.target
                  ) : (
                    <button
                      type="button"
                      className="btn-link"
                      title={`Open the findings for ${h.target}`}
                      onClick={() => void open(h.index)}
                    >
                      {h.target}
                    </button>
                  )}
                </td>
                <td data-label="Verdict">
                  <span className={`fleet-verdict fleet-verdict-${h.verdict}`}>{label(h)}</span>
                </td>
                <td data-label="Root cause">
                  {h.rootCause?.title ?? (h.verdict === 'ok' ? 'No problem found' : '')}
                  {moreText(h) && <span className="fleet-more"> ({moreText(h)})</span>}
                  {matchReason(h, filter.text) && (
                    <span className="fleet-match" data-testid="fleet-match">
                      {matchReason(h, filter.text)}
                    </span>
                  )}
                </td>
                <td
                  data-label="Certificate expires"
                  className={h.certDaysLeft !== null && h.certDaysLeft <= 14 ? 'fleet-cert-soon' : undefined}
                >
                  {certText(h.certDaysLeft)}
                </td>
                <td data-label="TLS">
                  {h.tlsVersions.map((v) => (v === 'TLSv1' ? '1.0' : v.replace('TLSv', ''))).join(', ') || '—'}
                </td>
                <td data-label="NLA">{NLA_TEXT[h.nla]}</td>
                <td data-label="OS build">{h.osBuild ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
