/**
 * What the probe's connections, taken as samples of the path, say about it (issue 22). Pure: the stability
 * step shows it, the diagnosis (network-unstable) quotes it.
 *
 * A connection cut where the server owed an answer says "unstable path" only when the server answered correctly
 * on other connections: it answered the negotiation somewhere, and at one of the points where connections were
 * cut, other connections got the server's answer. A server that drops every connection at the same point is a server problem
 * (an unusable key, a broken listener), and a steady path, however slow, has no cuts at all.
 */
import type { ConnectionCut, CutPhase, PathFacts, StepId } from '../../shared/probe';
import { STEP_IDS, STEP_LABELS } from '../../shared/probeConstants';

export const PHASE_LABELS: Record<CutPhase, string> = {
  negotiation: 'negotiation',
  tls: 'TLS',
  credssp: 'CredSSP',
  mcs: 'the MCS exchange',
};
const PHASE_ORDER: CutPhase[] = ['negotiation', 'tls', 'credssp', 'mcs'];

export interface PathVerdict {
  /** the path dropped connections to a server that answers correctly */
  unstable: boolean;
  /** "4 of 12 connections were cut after the server's first answer, in negotiation and TLS" */
  sentence: string;
  /** the probe steps whose connections were cut, in probe order */
  steps: StepId[];
  phases: CutPhase[];
  /** when not unstable: why the cuts are the server's doing */
  serverSide: string | null;
}

/** null when no connection was cut. */
export function judgePath(path: PathFacts | null | undefined): PathVerdict | null {
  if (!path || path.cuts.length === 0) return null;
  const cuts = path.cuts;
  const phases = PHASE_ORDER.filter((p) => cuts.some((c) => c.phase === p));
  const steps = stepsOf(cuts);
  const sentence = describeCuts(cuts, path.connections);
  const passed = (p: CutPhase) => path.passed[p] ?? 0;
  if (passed('negotiation') === 0) {
    return { unstable: false, sentence, steps, phases, serverSide: 'the server never answered a connection request' };
  }
  // at least one point where some connections were cut and others got the server's answer
  if (!phases.some((p) => passed(p) > 0)) {
    return {
      unstable: false,
      sentence,
      steps,
      phases,
      serverSide: `every connection that reached ${joinAnd(phases.map((p) => PHASE_LABELS[p]))} ended there; none got through`,
    };
  }
  return { unstable: true, sentence, steps, phases, serverSide: null };
}

export function describeCuts(cuts: ConnectionCut[], connections: number): string {
  const afterAnswer = cuts.filter((c) => c.bytesReceived > 0).length;
  const when =
    afterAnswer === cuts.length
      ? "after the server's first answer"
      : afterAnswer === 0
        ? "before the server's first answer"
        : `(${afterAnswer} of them after the server's first answer)`;
  const phases = PHASE_ORDER.filter((p) => cuts.some((c) => c.phase === p)).map((p) => PHASE_LABELS[p]);
  const total = Math.max(connections, cuts.length);
  return `${cuts.length} of ${total} connection${total === 1 ? ' was' : 's were'} cut ${when}, in ${joinAnd(phases)}`;
}

/** One line per probe step whose connections were cut: "TLS versions: 2 cut in TLS (reset after 19 bytes)". */
export function describeCutSteps(cuts: ConnectionCut[]): string[] {
  return stepsOf(cuts).map((step) => {
    const mine = cuts.filter((c) => c.step === step);
    const parts = PHASE_ORDER.filter((p) => mine.some((c) => c.phase === p)).map((p) => {
      const here = mine.filter((c) => c.phase === p);
      const how = [...new Set(here.map((c) => `${c.how} after ${c.bytesReceived} bytes`))].join(', ');
      return `${here.length} cut in ${PHASE_LABELS[p]} (${how})`;
    });
    return `${STEP_LABELS[step]}: ${parts.join('; ')}`;
  });
}

/** The steps whose connections were cut, in probe order. */
function stepsOf(cuts: ConnectionCut[]): StepId[] {
  return STEP_IDS.filter((id) => cuts.some((c) => c.step === id));
}

function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
