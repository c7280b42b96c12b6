/**
 * Every TCP connection one probe opens, counted and timed, without threading a parameter through every step:
 * the runner runs the probe inside `withConnectionLog`, and the one place that connects (tcpConnect.ts)
 * records into the log of the probe it runs for (AsyncLocalStorage follows the probe's async calls, so two
 * probes at once keep separate logs). The count is what a server sees in its log (issue 13 aims at ≤ 10 per
 * probe); the connect times double as samples for the stability step.
 *
 * Every connection is also a sample of the path (issue 22): a reset or an EOF at a point where the protocol
 * expects the server to answer (the X.224 confirm, inside the TLS handshake, the CredSSP challenge, the MCS
 * response) is recorded as a cut, with the step, the phase and how many bytes the server had sent; each phase
 * that went through is counted too, so the diagnosis can tell a path that drops some connections from a server
 * that drops every one at the same point.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
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

interface Store {
  log: ConnectionLog;
  step?: StepId;
}

const current = new AsyncLocalStorage<Store>();

export function withConnectionLog<T>(log: ConnectionLog, fn: () => Promise<T>): Promise<T> {
  return current.run({ log }, fn);
}

/** Runs one step's work with its id known to the log, so a cut names the step it happened in. */
export function withStepLog<T>(step: StepId, fn: () => Promise<T>): Promise<T> {
  const store = current.getStore();
  return store ? current.run({ log: store.log, step }, fn) : fn();
}

export function recordConnect(record: ConnectRecord): void {
  // an aborted connect (the probe's own deadline or cancel) says nothing about the server
  if (record.code === 'aborted') return;
  current.getStore()?.log.records.push(record);
}

/** A connection that ended where the server should have answered. */
export function recordCut(cut: { phase: CutPhase; how: 'reset' | 'closed'; bytesReceived: number }): void {
  const store = current.getStore();
  if (!store) return;
  store.log.cuts.push({ step: store.step ?? 'stability', ...cut });
}

/** A connection on which the server answered as expected in `phase`. */
export function recordPassed(phase: CutPhase): void {
  const store = current.getStore();
  if (store) store.log.passed[phase]++;
}

/** The log as facts: a copy, so later records do not change what a step already reported. */
export function pathFacts(log: ConnectionLog): PathFacts {
  return { connections: log.opened, cuts: log.cuts.map((c) => ({ ...c })), passed: { ...log.passed } };
}
