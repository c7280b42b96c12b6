/**
 * A short plain-text summary (a dozen lines) for a chat message or a ticket's first comment: the target,
 * the verdict, the findings by title, the certificate thumbprint and where the full report is.
 */

import { localDateTime } from '../../shared/localTime';
import type { Report } from '../../shared/report';
import { verdict } from './reportText';
import { formatMs } from './stepDetails';

export function summarizeText(report: Report): string {
  const lines = [
    `RDP Doctor: ${report.target.input} — probed ${localDateTime(report.probe.startedAt)} by ${report.session.ranBy} on ${report.session.machine}`,
    verdict(report),
  ];
  for (const f of report.findings) lines.push(`- [${f.severity}] ${f.title}`);
  if (report.codes?.ok)
    lines.push(`mstsc codes ${report.codes.input}: ${report.codes.codes.map((c) => c.name ?? c.hex).join(', ')}`);
  const cert = report.facts.tls?.certificate;
  if (cert)
    lines.push(`Certificate SHA-1 thumbprint ${cert.sha1Thumbprint}, valid until ${localDateTime(cert.notAfter)}`);
  const steps = report.steps
    .filter((s) => s.status !== 'skipped')
    .map((s) => `${s.label} ${s.status}${s.durationMs !== null ? ` (${formatMs(s.durationMs)})` : ''}`);
  if (steps.length) lines.push(`Steps: ${steps.join('; ')}`);
  if (report.redacted) lines.push('(names and addresses redacted)');
  return `${lines.map((l) => l.replace(/[\r\n]+/g, ' ')).join('\n')}\n`;
}
