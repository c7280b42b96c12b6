/**
 * The Markdown report: GitHub-flavoured, pastes cleanly into a ticket (Jira/ServiceNow/GitHub/GitLab render
 * it; raw it still reads). Every report string goes through escapeMarkdown or markdownCode.
 */

import { localDateTime } from '../../shared/localTime';
import type { Finding } from '../../shared/probe';
import type { Report } from '../../shared/report';
import { clientsMarkdown } from './clientsSection';
import { markdownCode as code, escapeMarkdown as t } from './markdownEscape';
import { fixLines, type ReportView, reportView, STATUS_WORDS, verdict } from './reportText';
import { type DetailRow, formatMs, stepDetails } from './stepDetails';

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function findingMd(f: Finding, view: ReportView): string {
  const marks = [
    f.id === view.rootCauseId ? 'most likely cause' : null,
    view.explains(f) ? 'explains the code the user saw' : null,
  ].filter(Boolean);
  const parts = [
    `### ${f.severity.toUpperCase()}: ${t(f.title)}${marks.length ? ` (${marks.join(', ')})` : ''}`,
    '',
    t(f.detail),
  ];
  if (f.evidence.length) parts.push('', ...f.evidence.map((x) => `- ${t(x)}`));
  const extra: string[] = [];
  if (f.explainsCodes.length) extra.push(`Explains mstsc codes: ${f.explainsCodes.map(code).join(', ')}`);
  for (const l of fixLines(f, view.guess.kind)) extra.push(`Fix ${t(l.charAt(0).toLowerCase() + l.slice(1))}`);
  extra.push(`Finding id: ${code(f.id)}`);
  parts.push('', extra.join('  \n'));
  for (const id of [
    ...(view.guess.kind === 'xrdp' ? [] : f.fixPhases.windows),
    ...(view.guess.kind === 'windows' ? [] : f.fixPhases.xrdp),
  ]) {
    const cmds = view.commands(id);
    if (!cmds) continue;
    // a fence longer than any backtick run in the commands, so nothing in them can close it
    const fence = '`'.repeat(Math.max(3, ...(cmds.lines.join('\n').match(/`+/g) ?? []).map((r) => r.length + 1)));
    parts.push('', `Commands for ${code(id)}:`, '', `${fence}${cmds.shell}`, ...cmds.lines, fence);
  }
  return parts.join('\n');
}

function factsTable(rows: DetailRow[]): string {
  return table(
    ['Fact', 'Value'],
    rows.map((r) => [t(r.label), t(r.value)]),
  );
}

export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const view = reportView(report);
  out.push(`# RDP Doctor report: ${t(report.target.input)}`, '', `**${t(verdict(report))}**`, '');
  if (view.causes.length) {
    out.push('Likely causes, most likely first:', '', ...view.causes.map((c, i) => `${i + 1}. ${t(c)}`), '');
  }
  if (view.credentialNote) out.push(t(view.credentialNote), '');
  const meta: Array<[string, string]> = [
    ['Target', t(report.target.input)],
    [
      'Probed',
      t(
        `${localDateTime(report.probe.startedAt)} (took ${formatMs(report.probe.durationMs)}${report.probe.aborted ? ', stopped early' : ''})`,
      ),
    ],
    ['Host kind', t(view.hostKindLine)],
    ['Run by', t(report.session.ranBy)],
    ['From machine', t(report.session.machine)],
    ['Tool', t(`${report.tool.name} ${report.tool.version}`)],
    ['Report generated', t(localDateTime(report.generatedAt))],
  ];
  if (report.redacted) meta.push(['Redacted', 'yes: names and addresses replaced by placeholders']);
  out.push(table(['', ''], meta), '');

  out.push('## Findings', '');
  if (report.findings.length === 0) out.push('The probe found nothing wrong.', '');
  for (const f of view.findings) out.push(findingMd(f, view), '');

  const c = report.codes;
  if (c) {
    out.push('## Codes the user saw', '', `Entered: ${code(c.input)}`, '');
    if (c.ok) {
      out.push(t(c.summary), '');
      out.push(
        table(
          ['Code', 'Name', 'Meaning'],
          c.codes.map((x) => [code(x.hex), t(x.name ?? 'unknown'), t(x.meaning)]),
        ),
        '',
      );
    } else {
      out.push(t(c.error ?? 'The codes could not be read.'), '');
    }
  }

  out.push(...clientsMarkdown(report.clients));
  out.push('## Probe steps', '');
  out.push(
    table(
      ['Step', 'Result', 'Time', 'Summary'],
      report.steps.map((s) => [
        t(s.label),
        STATUS_WORDS[s.status],
        formatMs(s.durationMs),
        t(s.summary) +
          (s.error ? ` (${code(s.error.code)}${s.error.message === s.summary ? '' : `: ${t(s.error.message)}`})` : ''),
      ]),
    ),
    '',
  );
  for (const s of report.steps) {
    const rows = stepDetails(report, s.id);
    if (rows.length) out.push(`### ${t(s.label)}`, '', factsTable(rows), '');
  }

  out.push('## Actions taken', '');
  if (report.actions.length === 0) out.push('No fixes were applied in this session.', '');
  else {
    out.push(
      table(
        ['Fix', 'Outcome', 'When', 'Detail'],
        report.actions.map((a) => [t(a.title), a.outcome, t(localDateTime(a.startedAt)), t(a.detail)]),
      ),
      '',
    );
  }
  out.push(
    `_Report schema ${report.schemaVersion}, ${t(report.tool.name)} ${t(report.tool.version)}${report.redacted ? ', redacted' : ''}_`,
    '',
  );
  return out.join('\n');
}
