import type { ClientVerdict } from '../../../../shared/clientProfiles';
import './clientTable.css';

const WORD: Record<ClientVerdict['willConnect'], string> = { yes: 'Yes', no: 'No', unknown: 'Unknown' };

/**
 * "Which clients will connect" (issue 21 part 2): one row per client profile with the diagnosis's verdict and its
 * reason. Pure display: the verdicts come from electron/diagnosis/clientProfiles.ts via ProbeResult.clients.
 */
export function ClientTable({ rows }: { rows: ClientVerdict[] | undefined }) {
  if (!rows?.length) return null;
  return (
    <section className="client-table" aria-labelledby="client-table-title" data-testid="client-table">
      <h2 id="client-table-title">Which clients will connect</h2>
      <p className="client-table-note">
        From the TLS versions, cipher suites and certificate this computer offers, for each client as it comes out of
        the box.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Client</th>
            <th scope="col">Connects</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.profile} data-profile={r.profile} data-will-connect={r.willConnect}>
              <th scope="row">{r.label}</th>
              <td>
                <span className={`client-verdict client-verdict-${r.willConnect}`}>{WORD[r.willConnect]}</span>
              </td>
              <td>{r.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
