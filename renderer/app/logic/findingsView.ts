/**
 * How the findings screen reads a result: the verdict in one sentence, which finding is the root cause,
 * which of the codes the user typed each finding explains, and the fix phases' names.
 */
import type { DecodeResult } from '../../../shared/codes';
import { FIX_PHASES } from '../../../shared/findings';
import {
  type Finding,
  type ProbeResult,
  type Severity,
  STEP_IDS,
  STEP_LABELS,
  type StepId,
} from '../../../shared/probe';

export type VerdictKind = 'problem' | 'warnings' | 'healthy' | 'incomplete';
export interface Verdict {
  kind: VerdictKind;
  headline: string;
  detail: string;
}

export function hostOf(result: ProbeResult): string {
  return result.target ? `${result.target.host}:${result.target.port}` : result.input;
}

export function verdictFor(result: ProbeResult, decoded: DecodeResult | null = null): Verdict {
  const errors = result.findings.filter((f) => f.severity === 'error');
  const warnings = result.findings.filter((f) => f.severity === 'warning');
  const host = result.input;
  if (result.aborted && errors.length === 0) {
    return {
      kind: 'incomplete',
      headline: 'The check did not finish',
      detail: `The check of ${host} was stopped before every step ran, so the results below are incomplete. Run it again to be sure.`,
    };
  }
  if (errors.length > 0) {
    return {
      kind: 'problem',
      headline: errors.length === 1 ? 'Found the problem' : `Found ${errors.length} problems`,
      detail: `The most likely cause is listed first: ${errors[0]?.title}.`,
    };
  }
  const failedSteps = STEP_IDS.filter((id) => result.steps[id]?.status === 'failed');
  if (warnings.length === 0 && failedSteps.length > 0) {
    // Never call a host healthy while a step failed that no rule explains: quote the first failure.
    const first = failedSteps[0] as StepId;
    const step = result.steps[first];
    const why = step?.error?.message ?? step?.summary ?? '';
    if (first === 'target') {
      // The name itself was refused (or did not resolve): that is the user's next move, not a server fault.
      return {
        kind: 'problem',
        headline: 'Check the computer name',
        detail: `${why}${/[.!?)]$/.test(why) ? '' : '.'}`,
      };
    }
    return {
      kind: 'incomplete',
      headline: failedSteps.length === 1 ? `${STEP_LABELS[first]} failed` : 'Some checks failed',
      detail: `${STEP_LABELS[first]}: ${why}${/[.!?]$/.test(why) ? '' : '.'} No known cause matched${failedSteps.length > 1 ? ` (${failedSteps.length} steps failed)` : ''}; Technical details shows what happened.`,
    };
  }
  const explainsCode = result.findings.find((f) => matchingCodes(f.explainsCodes, decoded).length > 0);
  if (explainsCode) {
    // Nothing stops a default client, but what the user saw is explained: say that first.
    return {
      kind: 'warnings',
      headline: `${host} accepts default Remote Desktop connections`,
      detail: `"${explainsCode.title}" explains the code you saw: clients with stricter settings fail this way.`,
    };
  }
  if (warnings.length > 0) {
    return {
      kind: 'warnings',
      headline: `${host} accepts Remote Desktop connections`,
      detail: `Nothing blocks a connection. ${warnings.length === 1 ? 'One thing is' : `${warnings.length} things are`} worth a look below.`,
    };
  }
  return {
    kind: 'healthy',
    headline: `${host} is healthy`,
    detail: 'It accepts Remote Desktop connections and nothing needs fixing.',
  };
}

/** The root cause: the first error finding (the list arrives sorted), or null when nothing blocks. */
export function rootCauseId(findings: readonly Finding[]): string | null {
  return findings.find((f) => f.severity === 'error')?.id ?? null;
}

const ORACLE_RE = /credssp|encryption\s+oracle/i;

/**
 * Of a finding's `explainsCodes` ("0x904/0x7", "0x204", or the CredSSP message), the ones that match what
 * the user typed: the reason/extended pair, the reason alone, or the CredSSP message by its words.
 */
export function matchingCodes(explains: readonly string[], decoded: DecodeResult | null): string[] {
  if (!decoded?.ok) return [];
  const reason = decoded.codes.find((c) => c.table === 'disconnectReason' || c.table === 'setErrorInfo');
  const extended = decoded.codes.find((c) => c.table === 'extendedDisconnectReason');
  const reasonHex = reason ? `0x${reason.value.toString(16)}` : null;
  const pair = reasonHex && extended ? `${reasonHex}/0x${extended.value.toString(16)}` : null;
  const oracle = ORACLE_RE.test(decoded.input);
  return explains.filter((code) => {
    const c = code.toLowerCase();
    if (!c.startsWith('0x')) return oracle && ORACLE_RE.test(code);
    if (pair) return c === pair || c === reasonHex;
    return reasonHex !== null && (c === reasonHex || c.startsWith(`${reasonHex}/`));
  });
}

/** When the user typed codes and no finding explains them, say so rather than imply a match. */
export function unexplainedCodesNote(result: ProbeResult, decoded: DecodeResult | null): string | null {
  if (!decoded?.ok || decoded.codes.length === 0) return null;
  if (result.findings.some((f) => matchingCodes(f.explainsCodes, decoded).length > 0)) return null;
  const codes = decoded.codes.map((c) => c.hex).join(' ');
  return `None of these results explains the code you saw (${codes}). The cause may be on the client, on a gateway in between, or not happening right now.`;
}

export interface PhaseView {
  id: string;
  title: string;
  summary: string | null;
}

export function phaseViews(ids: readonly string[]): PhaseView[] {
  return ids.map((id) => {
    const p = FIX_PHASES[id];
    return p ? { id, title: p.title, summary: p.summary } : { id, title: id, summary: null };
  });
}

export const SEVERITY_TEXT: Record<Severity, string> = {
  error: 'Problem',
  warning: 'Warning',
  info: 'Note',
};
