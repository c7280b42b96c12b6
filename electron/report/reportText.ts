/** Wording shared by every format: the verdict line, status words, fix phase titles. */
import { FIX_PHASES } from '../../shared/findings';
import type { Finding, StepStatus } from '../../shared/probe';
import type { Report } from '../../shared/report';

export function verdict(report: Report): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  const aborted = report.probe.aborted ? ' The probe was stopped before it finished.' : '';
  if (errors > 0) {
    return `${plural(errors, 'problem')} that stop${errors === 1 ? 's' : ''} the connection${
      warnings ? `, ${plural(warnings, 'warning')}` : ''
    }.${aborted}`;
  }
  if (warnings > 0) return `No blocking problem; ${plural(warnings, 'warning')}.${aborted}`;
  return `No problem found.${aborted}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const STATUS_WORDS: Record<StepStatus, string> = {
  waiting: 'not started',
  running: 'unfinished',
  passed: 'passed',
  warning: 'warning',
  failed: 'failed',
  skipped: 'skipped',
};

/** "On Windows: A; B" / "On xrdp: C" — only the host kinds the finding has phases for. */
export function fixLines(finding: Finding): string[] {
  const lines: string[] = [];
  const titles = (ids: string[]) => ids.map((id) => FIX_PHASES[id]?.title ?? id).join('; ');
  if (finding.fixPhases.windows.length) lines.push(`On Windows: ${titles(finding.fixPhases.windows)}`);
  if (finding.fixPhases.xrdp.length) lines.push(`On xrdp: ${titles(finding.fixPhases.xrdp)}`);
  return lines;
}

export function targetLabel(report: Report): string {
  return report.target.input;
}
