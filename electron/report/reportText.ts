/** Wording shared by every format: the verdict line, status words, fix phase titles, the host kind. */
import { FIX_PHASES, type HostKind } from '../../shared/findings';
import { commandsFor, type FixCommands, fixContextFrom } from '../../shared/fixCommands';
import { guessHostKind, HOST_KIND_LABEL, type HostKindGuess } from '../../shared/guessHostKind';
import type { Finding, ProbeResult, StepStatus } from '../../shared/probe';
import type { Report } from '../../shared/report';
import { credentialNote, explainsTypedCode, orderForCodes, rootCauseId, verdictFor } from '../../shared/verdict';

export function verdict(report: Report): string {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  const aborted = report.probe.aborted ? ' The probe was stopped before it finished.' : '';
  if (errors > 0) {
    return `${plural(errors, 'problem')} that stop${errors === 1 ? 's' : ''} the connection${
      warnings ? `, ${plural(warnings, 'warning')}` : ''
    }.${aborted}`;
  }
  if (report.findings.some((f) => f.id === 'tls-unavailable')) {
    return `No blocking problem, but the server cannot prove its identity (Standard RDP Security only); ${plural(warnings, 'warning')}.${aborted}`;
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

/**
 * "On Windows: A; B" / "On xrdp: C" — only the host kinds the finding has phases for, and only the kind the
 * host looks like when the probe could tell.
 */
export function fixLines(finding: Finding, kind: HostKind | 'unknown' = 'unknown'): string[] {
  const lines: string[] = [];
  const titles = (ids: string[]) => ids.map((id) => FIX_PHASES[id]?.title ?? id).join('; ');
  if (finding.fixPhases.windows.length && kind !== 'xrdp')
    lines.push(`On Windows: ${titles(finding.fixPhases.windows)}`);
  if (finding.fixPhases.xrdp.length && kind !== 'windows') lines.push(`On xrdp: ${titles(finding.fixPhases.xrdp)}`);
  return lines;
}

/** The report's facts as the probe result the shared verdict rules read. */
function asResult(report: Report): ProbeResult {
  return {
    schemaVersion: 1,
    tool: report.tool,
    input: report.target.input,
    startedAt: report.probe.startedAt,
    finishedAt: report.probe.finishedAt,
    durationMs: report.probe.durationMs,
    aborted: report.probe.aborted,
    steps: Object.fromEntries(report.steps.map((s) => [s.id, s])) as unknown as ProbeResult['steps'],
    ...report.facts,
    findings: report.findings,
  };
}

export interface ReportView {
  guess: HostKindGuess;
  hostKindLine: string;
  /** likely causes of a silent fallback, most likely first; empty otherwise */
  causes: string[];
  credentialNote: string | null;
  /** root cause first; the one explaining the codes the user typed first among equals */
  findings: Finding[];
  rootCauseId: string | null;
  explains: (f: Finding) => boolean;
  commands: (phaseId: string) => FixCommands | null;
}

/** What every format shows beyond the facts: the same rules as the app (shared/verdict.ts). */
export function reportView(report: Report): ReportView {
  const result = asResult(report);
  const guess = guessHostKind(result);
  const decoded = report.codes?.ok ? report.codes : null;
  const findings = orderForCodes(report.findings, decoded, result);
  const ctx = fixContextFrom(result);
  return {
    guess,
    hostKindLine: `${HOST_KIND_LABEL[guess.kind]}: ${guess.reasons.join(' ')}`,
    causes: verdictFor(result, decoded, guess.kind).causes ?? [],
    credentialNote: credentialNote(result),
    findings,
    rootCauseId: rootCauseId(findings, decoded, result),
    explains: (f) => explainsTypedCode(f, decoded, result),
    commands: (id) => commandsFor(id, ctx),
  };
}
