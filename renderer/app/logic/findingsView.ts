/**
 * How the findings screen reads a result. The verdict, the order and the badge live in shared/verdict.ts (the
 * CLI and the report say the same); this adds the fix phases' names.
 */
import { FIX_PHASES } from '../../../shared/findings';
import type { ProbeResult, Severity } from '../../../shared/probe';

export type { Verdict, VerdictKind } from '../../../shared/verdict';
export {
  credentialNote,
  explainsTypedCode,
  matchingCodes,
  orderForCodes,
  rootCauseId,
  unexplainedCodesNote,
  verdictFor,
} from '../../../shared/verdict';

export function hostOf(result: ProbeResult): string {
  return result.target ? `${result.target.host}:${result.target.port}` : result.input;
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
