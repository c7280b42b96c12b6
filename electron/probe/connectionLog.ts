/**
 * Every TCP connection one probe opens, counted and timed, without threading a parameter through every step:
 * the runner runs the probe inside `withConnectionLog`, and the one place that connects (tcpConnect.ts)
 * records into the log of the probe it runs for (AsyncLocalStorage follows the probe's async calls, so two
 * probes at once keep separate logs). The count is what a server sees in its log (issue 13 aims at ≤ 10 per
 * probe); the connect times double as samples for the stability step.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ConnectRecord {
  ok: boolean;
  ms: number;
  /** tcpConnect's error code when it failed (refused, timeout, reset, ...) */
  code?: string;
}

export class ConnectionLog {
  readonly records: ConnectRecord[] = [];
  /** TCP connections that were opened (the handshake completed) */
  get opened(): number {
    return this.records.filter((r) => r.ok).length;
  }
}

const current = new AsyncLocalStorage<ConnectionLog>();

export function withConnectionLog<T>(log: ConnectionLog, fn: () => Promise<T>): Promise<T> {
  return current.run(log, fn);
}

export function recordConnect(record: ConnectRecord): void {
  // an aborted connect (the probe's own deadline or cancel) says nothing about the server
  if (record.code === 'aborted') return;
  current.getStore()?.records.push(record);
}
