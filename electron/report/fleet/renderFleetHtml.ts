/**
 * The fleet report as one self-contained HTML file (inline CSS, no script, nothing loaded: the same CSP as
 * the single report). The host list is sorted by what breaks first; each host is a <details> whose summary
 * is its row (verdict, root cause, certificate, TLS, NLA, OS build), so one click opens its findings and
 * probe steps in place. Every string goes through escapeHtml: server-supplied names are hostile.
 */
import type { FleetHostWithResult, FleetReport, FleetVerdict } from '../../../shared/fleet';
import type { Finding } from '../../../shared/probe';
import { STEP_IDS, STEP_LABELS } from '../../../shared/probeConstants';
import { escapeHtml as e } from '../htmlEscape';
import { fixLines, STATUS_WORDS } from '../reportText';
import { formatMs } from '../stepDetails';
import { certWords, countLine, hostReason, NLA_WORDS, VERDICT_WORDS } from './fleetText';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'";

const CSS = `
html { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1b1f24; background: #fff; margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; }
code { font-family: ui-monospace, "Cascadia Mono", Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.meta dt { color: #57606a; } dl.meta dd { margin: 0; }
.totals { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.total { border: 1px solid #d0d7de; border-radius: 4px; padding: 6px 12px; min-width: 110px; }
.total b { display: block; font-size: 20px; }
ul.counts { padding-left: 20px; margin: 4px 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #e3e7eb; }
th { background: #f3f5f7; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
.v { font-weight: 600; white-space: nowrap; }
.v-error { color: #a40e26; } .v-warning { color: #7d4e00; } .v-ok { color: #116329; }
.v-stopped, .v-pending { color: #57606a; }
.sev-error { color: #a40e26; } .sev-warning { color: #7d4e00; } .sev-info { color: #0550ae; }
.hosts { border: 1px solid #d0d7de; border-radius: 4px; }
.row { display: grid; grid-template-columns: minmax(150px, 1.3fr) 90px minmax(200px, 2.4fr) 130px 110px 90px 100px;
  gap: 8px; padding: 5px 10px; align-items: start; }
.hosts-head { background: #f3f5f7; font-weight: 600; border-bottom: 1px solid #d0d7de; }
details.host { border-bottom: 1px solid #e3e7eb; }
details.host:last-child { border-bottom: none; }
details.host > summary { cursor: pointer; list-style: none; }
details.host > summary::-webkit-details-marker { display: none; }
details.host > summary:hover { background: #f6f8fa; }
details.host > summary .name::before { content: "▸ "; color: #57606a; }
details.host[open] > summary .name::before { content: "▾ "; }
details.host[open] > summary { background: #eef4fb; }
.host-body { padding: 4px 16px 12px 26px; }
.row .num { text-align: right; }
.finding { border-left: 4px solid #d0d7de; padding: 2px 10px; margin: 8px 0; }
.finding.sev-error { border-left-color: #cf222e; } .finding.sev-warning { border-left-color: #bf8700; }
.finding.sev-info { border-left-color: #0969da; }
.finding h4 { margin: 2px 0; font-size: 14px; color: #1b1f24; }
.finding p, .finding ul { margin: 2px 0; color: #1b1f24; }
.muted { color: #57606a; }
footer { margin-top: 32px; color: #57606a; font-size: 12px; }
@media print { body { max-width: none; padding: 0; font-size: 10pt; } details.host { break-inside: avoid; } }
@media (max-width: 800px) { .row { grid-template-columns: 1fr 1fr; } .hosts-head { display: none; } }
`;

const VERDICT_CLASS: Record<FleetVerdict, string> = {
  error: 'v-error',
  warning: 'v-warning',
  ok: 'v-ok',
  stopped: 'v-stopped',
  pending: 'v-pending',
};

function anchor(h: FleetHostWithResult): string {
  return `host-${h.index + 1}`;
}

function summaryRow(h: FleetHostWithResult): string {
  return `<summary class="row">
<span class="name">${e(h.target)}</span>
<span class="v ${VERDICT_CLASS[h.verdict]}">${e(VERDICT_WORDS[h.verdict])}</span>
<span>${e(hostReason(h))}</span>
<span class="num" data-days="${h.certDaysLeft ?? ''}">${e(certWords(h.certDaysLeft))}</span>
<span>${e(h.tlsVersions.join(', ') || '—')}</span>
<span>${e(NLA_WORDS[h.nla])}</span>
<span>${e(h.osBuild ?? '—')}</span>
</summary>`;
}

function findingHtml(f: Finding): string {
  const evidence = f.evidence.length ? `<ul>${f.evidence.map((x) => `<li>${e(x)}</li>`).join('')}</ul>` : '';
  const fixes = fixLines(f)
    .map((l) => `<p class="muted">${e(l)}</p>`)
    .join('');
  return `<div class="finding sev-${f.severity}" data-finding="${e(f.id)}"><h4><span class="sev-${f.severity}">${e(
    f.severity,
  )}</span> — ${e(f.title)}</h4><p>${e(f.detail)}</p>${evidence}${fixes}</div>`;
}

function hostDetails(h: FleetHostWithResult): string {
  const r = h.result;
  const body = r
    ? `${r.findings.length ? r.findings.map(findingHtml).join('\n') : '<p>The probe found nothing wrong.</p>'}
<table><thead><tr><th>Step</th><th>Result</th><th>Time</th><th>Summary</th></tr></thead><tbody>
${STEP_IDS.filter((id) => r.steps[id])
  .map((id) => {
    const s = r.steps[id];
    return `<tr><td>${e(STEP_LABELS[id])}</td><td>${e(STATUS_WORDS[s.status])}</td><td class="num">${e(formatMs(s.durationMs))}</td><td>${e(s.summary)}</td></tr>`;
  })
  .join('\n')}
</tbody></table>
<p class="muted">Probed ${e(r.startedAt)} in ${e(formatMs(r.durationMs))}${h.address ? ` at ${e(h.address)}` : ''}${
        h.certNotAfter ? ` · certificate valid until ${e(h.certNotAfter)}` : ''
      }</p>`
    : `<p>${e(hostReason(h))}.</p>`;
  return `<details class="host" id="${anchor(h)}" data-host="${e(h.target)}" data-verdict="${h.verdict}">
${summaryRow(h)}
<div class="host-body">
${body}
</div>
</details>`;
}

function targetErrorsHtml(report: FleetReport): string {
  if (report.targetErrors.length === 0) return '';
  return `<section id="target-errors"><h2>Targets that could not be read (${report.targetErrors.length})</h2>
<table><thead><tr><th>Where</th><th>Text</th><th>Why</th></tr></thead><tbody>
${report.targetErrors
  .map(
    (t) => `<tr><td>${e(t.source)} line ${t.line}</td><td><code>${e(t.text)}</code></td><td>${e(t.message)}</td></tr>`,
  )
  .join('\n')}
</tbody></table></section>`;
}

export function renderFleetHtml(report: FleetReport): string {
  const s = report.scan;
  const t = report.totals;
  const meta: Array<[string, string]> = [
    ['Scanned', `${s.startedAt} (took ${formatMs(s.durationMs)}${s.cancelled ? ', stopped early' : ''})`],
    ['Hosts', `${s.scanned} of ${s.total} checked, ${s.concurrency} at a time, ${formatMs(s.timeoutMs)} each at most`],
    ['Run by', report.session.ranBy],
    ['From machine', report.session.machine],
    ['Tool', `${report.tool.name} ${report.tool.version}`],
    ['Report generated', report.generatedAt],
  ];
  if (report.redacted) meta.push(['Redacted', 'yes — names and addresses replaced by placeholders']);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(`${report.tool.name} ${report.tool.version}`)}">
<title>RDP Doctor fleet report — ${s.total} hosts</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>RDP Doctor fleet report: ${s.total} host${s.total === 1 ? '' : 's'}</h1>
${s.cancelled ? '<p class="v v-warning">The scan was stopped before every host was checked: this report shows what was found.</p>' : ''}
<div class="totals">
<div class="total v-error"><b>${t.error}</b>with problems</div>
<div class="total v-warning"><b>${t.warning}</b>with warnings</div>
<div class="total v-ok"><b>${t.ok}</b>fine</div>
${t.notScanned ? `<div class="total v-pending"><b>${t.notScanned}</b>not checked</div>` : ''}
</div>
<dl class="meta">
${meta.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('\n')}
</dl>
</header>
<section id="counts"><h2>What was found</h2>
${
  report.counts.length
    ? `<ul class="counts">${report.counts
        .map(
          (c) =>
            `<li class="sev-${c.severity}" data-finding="${e(c.id)}" data-hosts="${c.hosts}">${e(countLine(c))}</li>`,
        )
        .join('\n')}</ul>`
    : '<p>No findings on any host.</p>'
}
</section>
<section id="hosts"><h2>Hosts, what breaks first at the top</h2>
<p class="muted">Click a host to see its findings and probe steps.</p>
<div class="hosts">
<div class="row hosts-head"><span>Host</span><span>Verdict</span><span>Root cause</span><span class="num">Certificate expires in</span><span>TLS</span><span>NLA</span><span>OS build</span></div>
${report.hosts.map(hostDetails).join('\n')}
</div>
</section>
${targetErrorsHtml(report)}
<footer>Fleet report schema ${report.schemaVersion} · ${e(report.tool.name)} ${e(report.tool.version)}${
    report.redacted ? ' · redacted' : ''
  }</footer>
</body>
</html>
`;
}
