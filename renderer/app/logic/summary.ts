/**
 * The short plain-text summary "Copy summary" puts on the clipboard, for a ticket or a chat: the host,
 * when, the verdict, each finding with its first fix, and the codes the user saw. No password can be in
 * it (a result never holds one); the NLA user name is left out too, the ticket does not need it.
 */
import type { DecodeResult } from '../../../shared/codes';
import { localDateTime } from '../../../shared/localTime';
import type { ProbeResult } from '../../../shared/probe';
import { phaseViews, SEVERITY_TEXT, verdictFor } from './findingsView';
import { offeredPhases } from './fixPhases';

export function buildSummary(result: ProbeResult, decoded: DecodeResult | null): string {
  const lines: string[] = [];
  const verdict = verdictFor(result, decoded);
  lines.push(`RDP Doctor ${result.tool.version}: ${result.input}`);
  lines.push(
    `Checked ${localDateTime(result.finishedAt)} (${(result.durationMs / 1000).toFixed(1)} s)${result.aborted ? ', incomplete' : ''}`,
  );
  if (decoded?.ok && decoded.codes.length > 0) {
    lines.push(`Codes seen: ${decoded.codes.map((c) => `${c.hex}${c.name ? ` (${c.name})` : ''}`).join(', ')}`);
  }
  lines.push(`Result: ${verdict.headline}. ${verdict.detail}`);
  if (result.findings.length > 0) lines.push('');
  for (const f of result.findings) {
    lines.push(`- [${SEVERITY_TEXT[f.severity]}] ${f.title} (${f.id})`);
    const windows = phaseViews(offeredPhases(f, 'windows'))[0];
    const xrdp = phaseViews(offeredPhases(f, 'xrdp'))[0];
    if (windows) lines.push(`  Fix (Windows): ${windows.title}`);
    if (xrdp) lines.push(`  Fix (xrdp): ${xrdp.title}`);
  }
  return lines.join('\n');
}
