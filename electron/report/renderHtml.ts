/**
 * The HTML report: one self-contained file (inline CSS, no script, no external reference; a CSP meta tag
 * forbids loading anything even if a browser were talked into it) that reads well on screen and printed.
 * Every string from the report goes through escapeHtml: server-supplied names are hostile input.
 */

import { FIX_PHASES } from '../../shared/findings';
import { localDateTime } from '../../shared/localTime';
import type { Finding, Severity, StepStatus } from '../../shared/probe';
import type { Report, ReportStep } from '../../shared/report';
import { clientsHtml } from './clientsSection';
import { escapeHtml as e } from './htmlEscape';
import { fixLines, type ReportView, reportView, STATUS_WORDS, verdict } from './reportText';
import { formatMs, stepDetails } from './stepDetails';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'";

const STATUS_CLASS: Record<StepStatus, string> = {
  waiting: 'st-skip',
  running: 'st-skip',
  passed: 'st-ok',
  warning: 'st-warn',
  failed: 'st-fail',
  skipped: 'st-skip',
};
const SEVERITY_CLASS: Record<Severity, string> = { error: 'sev-error', warning: 'sev-warning', info: 'sev-info' };

const CSS = `
html { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1b1f24; background: #fff; margin: 0 auto; max-width: 960px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p { margin: 6px 0; }
code, .mono { font-family: ui-monospace, "Cascadia Mono", Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px;
  overflow-wrap: anywhere; }
.verdict { font-size: 16px; font-weight: 600; margin: 8px 0 12px; }
.verdict.bad { color: #a40e26; } .verdict.warn { color: #7d4e00; } .verdict.good { color: #116329; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.meta dt { color: #57606a; } dl.meta dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e3e7eb; }
th { background: #f3f5f7; font-weight: 600; }
table.facts th { width: 30%; background: none; font-weight: normal; color: #57606a; }
table.facts td { overflow-wrap: anywhere; }
.finding { border: 1px solid #d0d7de; border-left-width: 6px; border-radius: 4px; padding: 8px 12px; margin: 10px 0;
  break-inside: avoid; }
.finding h3 { margin: 2px 0 4px; }
.finding ul { margin: 4px 0; padding-left: 20px; }
.finding .fix, .finding .codes { color: #3d444d; }
pre.commands { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 6px 8px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .04em;
  padding: 1px 6px; border-radius: 3px; border: 1px solid currentColor; margin-right: 6px; vertical-align: 1px; }
.sev-error { border-left-color: #cf222e; } .sev-error .badge { color: #a40e26; }
.sev-warning { border-left-color: #bf8700; } .sev-warning .badge { color: #7d4e00; }
.sev-info { border-left-color: #0969da; } .sev-info .badge { color: #0550ae; }
.st-ok { color: #116329; } .st-warn { color: #7d4e00; } .st-fail { color: #a40e26; font-weight: 600; }
.st-skip { color: #57606a; }
.step { break-inside: avoid; }
.muted { color: #57606a; }
.nowrap { white-space: nowrap; }
footer { margin-top: 32px; color: #57606a; font-size: 12px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  @page { margin: 16mm 14mm; }
}
`;

function metaRows(report: Report, view: ReportView): string {
  const rows: Array<[string, string]> = [
    ['Target', report.target.input],
    [
      'Probed',
      `${localDateTime(report.probe.startedAt)} (took ${formatMs(report.probe.durationMs)}${report.probe.aborted ? ', stopped early' : ''})`,
    ],
    ['Host kind', view.hostKindLine],
    ['Run by', report.session.ranBy],
    ['From machine', report.session.machine],
    ['Tool', `${report.tool.name} ${report.tool.version}`],
    ['Report generated', localDateTime(report.generatedAt)],
  ];
  if (report.redacted) rows.push(['Redacted', 'yes — names and addresses replaced by placeholders']);
  return rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('\n');
}

function findingHtml(f: Finding, view: ReportView): string {
  const evidence = f.evidence.length ? `<ul>${f.evidence.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : '';
  const codes = f.explainsCodes.length
    ? `<p class="codes">Explains mstsc codes: ${f.explainsCodes.map((c) => `<code>${e(c)}</code>`).join(', ')}</p>`
    : '';
  const fixes = fixLines(f, view.guess.kind)
    .map((l) => `<p class="fix">${e(l)}</p>`)
    .join('');
  const commands = [
    ...(view.guess.kind === 'xrdp' ? [] : f.fixPhases.windows),
    ...(view.guess.kind === 'windows' ? [] : f.fixPhases.xrdp),
  ]
    .map((id) => {
      const cmds = view.commands(id);
      if (!cmds) return '';
      const shell = cmds.shell === 'powershell' ? 'PowerShell, as Administrator' : 'Shell, on the host';
      // the phase's title where a technician reads; its id stays in the data attribute and the JSON
      return `<p class="muted">${e(shell)} — ${e(FIX_PHASES[id]?.title ?? id)}:</p><pre class="commands" data-commands="${e(id)}">${e(cmds.lines.join('\n'))}</pre>`;
    })
    .join('');
  const marks = [
    f.id === view.rootCauseId ? 'most likely cause' : null,
    view.explains(f) ? 'explains the code the user saw' : null,
  ]
    .filter((m): m is string => m !== null)
    .map((m) => `<span class="badge">${e(m)}</span>`)
    .join('');
  return `<article class="finding ${SEVERITY_CLASS[f.severity]}" data-finding="${e(f.id)}">
<h3><span class="badge">${e(f.severity)}</span>${marks}${e(f.title)}</h3>
<p>${e(f.detail)}</p>${evidence}${codes}${fixes}${commands}
<details class="muted"><summary>Ids (for tools)</summary>Finding id: <code>${e(f.id)}</code></details>
</article>`;
}

function findingsHtml(report: Report, view: ReportView): string {
  if (report.findings.length === 0) return '<p>The probe found nothing wrong.</p>';
  return view.findings.map((f) => findingHtml(f, view)).join('\n');
}

function codesHtml(report: Report): string {
  const c = report.codes;
  if (!c) return '';
  const body = c.ok
    ? `<p>${e(c.summary)}</p>
<table><thead><tr><th>Code</th><th>Name</th><th>Meaning</th></tr></thead><tbody>
${c.codes
  .map((x) => `<tr><td><code>${e(x.hex)}</code></td><td>${e(x.name ?? 'unknown')}</td><td>${e(x.meaning)}</td></tr>`)
  .join('\n')}
</tbody></table>`
    : `<p>${e(c.error ?? 'The codes could not be read.')}</p>`;
  return `<section id="codes"><h2>Codes the user saw</h2>
<p>Entered: <code>${e(c.input)}</code></p>
${body}
</section>`;
}

function stepRow(s: ReportStep): string {
  return `<tr><td>${e(s.label)}</td><td class="${STATUS_CLASS[s.status]} nowrap">${e(STATUS_WORDS[s.status])}</td><td class="nowrap">${e(
    formatMs(s.durationMs),
  )}</td><td>${e(s.summary)}${s.error ? `<br><span class="muted">${e(s.error.code)}${s.error.message === s.summary ? '' : `: ${e(s.error.message)}`}</span>` : ''}</td></tr>`;
}

function stepDetailHtml(report: Report, s: ReportStep): string {
  const rows = stepDetails(report, s.id);
  if (rows.length === 0) return '';
  return `<div class="step" data-step="${e(s.id)}"><h3>${e(s.label)}</h3>
<table class="facts"><tbody>
${rows.map((r) => `<tr><th>${e(r.label)}</th><td>${e(r.value)}</td></tr>`).join('\n')}
</tbody></table></div>`;
}

function actionsHtml(report: Report): string {
  if (report.actions.length === 0) return '<p>No fixes were applied in this session.</p>';
  return `<table><thead><tr><th>Fix</th><th>Outcome</th><th>When</th><th>Detail</th></tr></thead><tbody>
${report.actions
  .map(
    (a) =>
      `<tr data-phase="${e(a.phaseId)}"><td>${e(a.title)}</td><td>${e(a.outcome)}</td><td>${e(localDateTime(a.startedAt))}</td><td>${e(a.detail)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`;
}

export function renderHtml(report: Report): string {
  const view = reportView(report);
  const causes = view.causes.length
    ? `<p>Likely causes, most likely first:</p><ol class="causes">${view.causes.map((c) => `<li>${e(c)}</li>`).join('')}</ol>`
    : '';
  const credNote = view.credentialNote ? `<p class="muted">${e(view.credentialNote)}</p>` : '';
  const errors = report.findings.some((f) => f.severity === 'error');
  const warnings = report.findings.some((f) => f.severity === 'warning');
  const tone = errors ? 'bad' : warnings ? 'warn' : 'good';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(`${report.tool.name} ${report.tool.version}`)}">
<title>RDP Doctor report — ${e(report.target.input)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>RDP Doctor report: ${e(report.target.input)}</h1>
<p class="verdict ${tone}">${e(verdict(report))}</p>
${causes}${credNote}
<dl class="meta">
${metaRows(report, view)}
</dl>
</header>
<section id="findings"><h2>Findings</h2>
${findingsHtml(report, view)}
</section>
${codesHtml(report)}
${clientsHtml(report.clients)}
<section id="steps"><h2>Probe steps</h2>
<table><thead><tr><th>Step</th><th>Result</th><th>Time</th><th>Summary</th></tr></thead><tbody>
${report.steps.map(stepRow).join('\n')}
</tbody></table>
${report.steps.map((s) => stepDetailHtml(report, s)).join('\n')}
</section>
<section id="actions"><h2>Actions taken</h2>
${actionsHtml(report)}
</section>
<footer>Report schema ${report.schemaVersion} · ${e(report.tool.name)} ${e(report.tool.version)}${
    report.redacted ? ' · redacted' : ''
  }</footer>
</body>
</html>
`;
}
