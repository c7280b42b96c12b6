/**
 * Every TCP connection one probe opens, counted and timed, without threading a parameter through every step:
 * each step's context carries a `ConnectionTrace` (the probe's log and the step's id), which the step passes on
 * in the options of whatever opens a connection for it (tcpConnect.ts records the connect, the protocol code the
 * cuts and passes). No AsyncLocalStorage: its async hooks cost every promise and socket of a fleet scan CPU
 * (issue 20), and an explicit trace keeps two probes at once apart just as well. The count is what a server sees in its log (issue 13 aims at ≤ 10 per
 * probe); the connect times double as samples for the stability step.
 *
 * Every connection is also a sample of the path (issue 22): a reset or an EOF at a point where the protocol
 * expects the server to answer (the X.224 confirm, inside the TLS handshake, the CredSSP challenge, the MCS
 * response) is recorded as a cut, with the step, the phase and how many bytes the server had sent; each phase
 * that went through is counted too, so the diagnosis can tell a path that drops some connections from a server
 * that drops every one at the same point.
 */
import type { ConnectionCut, CutPhase, PathFacts, StepId } from '../../shared/probe';

export interface ConnectRecord {
  ok: boolean;
  ms: number;
  /** tcpConnect's error code when it failed (refused, timeout, reset, ...) */
  code?: string;
}

export class ConnectionLog {
  readonly records: ConnectRecord[] = [];
  readonly cuts: ConnectionCut[] = [];
  /** per phase, how many connections got the server's expected answer there */
  readonly passed: Record<CutPhase, number> = { negotiation: 0, tls: 0, credssp: 0, mcs: 0 };
  /** TCP connections that were opened (the handshake completed) */
  get opened(): number {
    return this.records.filter((r) => r.ok).length;
  }
}

/** Where a connection's records go: the probe's log, and the step it is opened for (absent: none is kept). */
export interface ConnectionTrace {
  readonly log: ConnectionLog;
  /** the step that opened the connection; a cut outside any step is named `stability` */
  readonly step?: StepId;
}

export function recordConnect(trace: ConnectionTrace | undefined, record: ConnectRecord): void {
  // an aborted connect (the probe's own deadline or cancel) says nothing about the server
  if (record.code === 'aborted') return;
  trace?.log.records.push(record);
}

/** A connection that ended where the server should have answered. */
export function recordCut(
  trace: ConnectionTrace | undefined,
  cut: { phase: CutPhase; how: 'reset' | 'closed'; bytesReceived: number },
): void {
  trace?.log.cuts.push({ step: trace.step ?? 'stability', ...cut });
}

/** A connection on which the server answered as expected in `phase`. */
export function recordPassed(trace: ConnectionTrace | undefined, phase: CutPhase): void {
  if (trace) trace.log.passed[phase]++;
}

/** The log as facts: a copy, so later records do not change what a step already reported. */
export function pathFacts(log: ConnectionLog): PathFacts {
  return { connections: log.opened, cuts: log.cuts.map((c) => ({ ...c })), passed: { ...log.passed } };
}
