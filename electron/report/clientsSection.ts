/**
 * The report's "Which clients will connect" section (issue 21 part 2), one renderer per format; the JSON report
 * carries the same rows as `clients`. Every string from the model is escaped, as in the rest of the report.
 */
import type { ClientVerdict } from '../../shared/clientProfiles';
import { escapeHtml as e } from './htmlEscape';
import { escapeMarkdown as t } from './markdownEscape';

export const CLIENTS_HEADING = 'Which clients will connect';
export const WILL_CONNECT_WORD: Record<ClientVerdict['willConnect'], string> = {
  yes: 'yes',
  no: 'no',
  unknown: 'unknown',
};
const NOTE =
  'Judged from the TLS versions, cipher suites and certificate this server offers, for each client in its default configuration.';

export function clientsMarkdown(rows: ClientVerdict[] | undefined): string[] {
  if (!rows?.length) return [];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `## ${CLIENTS_HEADING}`,
    '',
    NOTE,
    '',
    line(['Client', 'Connects', 'Why']),
    line(['---', '---', '---']),
    ...rows.map((r) => line([t(r.label), WILL_CONNECT_WORD[r.willConnect], t(r.why)])),
    '',
  ];
}

export function clientsHtml(rows: ClientVerdict[] | undefined): string {
  if (!rows?.length) return '';
  const body = rows
    .map(
      (r) =>
        `<tr><td>${e(r.label)}</td><td class="clients-${r.willConnect}">${WILL_CONNECT_WORD[r.willConnect]}</td><td>${e(r.why)}</td></tr>`,
    )
    .join('\n');
  return `<section id="clients"><h2>${CLIENTS_HEADING}</h2>
<p>${NOTE}</p>
<table><thead><tr><th>Client</th><th>Connects</th><th>Why</th></tr></thead><tbody>
${body}
</tbody></table>
</section>`;
}
