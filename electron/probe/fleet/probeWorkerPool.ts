/**
 * Probes on worker threads, for large fleets (issue 20): a probe costs a few ms of CPU (TLS handshakes,
 * certificate checks, diagnosis), so one thread caps a scan at a few hundred hosts a second however many hosts
 * are in flight; N threads use N cores. The pool's `probe` has the shape scanFleet expects, so the scheduler,
 * its concurrency and its cancellation stay as they are: the scheduler decides what runs, the pool where.
 *
 * Politeness is kept across threads: the per-destination gate (connectionGate.ts) lives in each thread, so
 * every probe of one host goes to the thread already probing that host (host affinity); otherwise to the
 * thread with the fewest probes in flight. The worker script (the CLI's scanWorker) answers
 * { id, options } with { id, result } and { cancel: id } by aborting that probe.
 */
import { Worker } from 'node:worker_threads';
import type { ProbeOptions, ProbeResult } from '../../../shared/probe';
import type { ProbeHooks } from '../runProbe';

export type WorkerRequest = { id: number; options: ProbeOptions } | { cancel: number };
export type WorkerReply = { id: number; result: ProbeResult } | { id: number; error: string };

interface Slot {
  worker: Worker;
  inFlight: number;
  /** probes in flight per host (the affinity key) */
  hosts: Map<string, number>;
}

interface Pending {
  slot: Slot;
  host: string;
  resolve: (r: ProbeResult) => void;
  reject: (e: Error) => void;
}

/** The affinity key of a probe target: its host, without the port, lower case ("[::1]:3390" → "::1"). */
export function hostKey(target: string): string {
  const t = target.trim().toLowerCase();
  const v6 = /^\[([^\]]+)\]/.exec(t);
  if (v6) return v6[1] as string;
  const colons = t.split(':').length - 1;
  return colons === 1 ? (t.split(':')[0] as string) : t;
}

export class ProbeWorkerPool {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private failure: Error | null = null;

  constructor(script: string | URL, size: number) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => {
      const worker = new Worker(script);
      const slot: Slot = { worker, inFlight: 0, hosts: new Map() };
      worker.on('message', (reply: WorkerReply) => this.settle(reply));
      // a worker that dies takes its probes with it: that is a bug, and the scan ends with it (as in-process)
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (!this.closed) this.fail(new Error(`a probe worker stopped (exit code ${code})`));
      });
      return slot;
    });
  }

  get size(): number {
    return this.slots.length;
  }

  /** scanFleet's `probe`: the same promise of a ProbeResult (with findings), computed on a worker thread. */
  readonly probe = (options: ProbeOptions, hooks: ProbeHooks = {}): Promise<ProbeResult> => {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the probe worker pool is closed'));
    const host = hostKey(options.target);
    const slot = this.slotFor(host);
    const id = this.nextId++;
    slot.inFlight++;
    slot.hosts.set(host, (slot.hosts.get(host) ?? 0) + 1);
    return new Promise<ProbeResult>((resolve, reject) => {
      const signal = hooks.signal;
      const onAbort = () => {
        if (this.pending.has(id)) slot.worker.postMessage({ cancel: id } satisfies WorkerRequest);
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        slot,
        host,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      // only what can cross a thread: the options (a scan never carries credentials); hooks stay here
      slot.worker.postMessage({ id, options } satisfies WorkerRequest);
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  };

  /** Stops the threads (after the scan: nothing is in flight then). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private slotFor(host: string): Slot {
    const busy = this.slots.find((s) => s.hosts.has(host));
    if (busy) return busy;
    let best = this.slots[0] as Slot;
    for (const s of this.slots) if (s.inFlight < best.inFlight) best = s;
    return best;
  }

  private settle(reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    p.slot.inFlight--;
    const n = (p.slot.hosts.get(p.host) ?? 1) - 1;
    if (n > 0) p.slot.hosts.set(p.host, n);
    else p.slot.hosts.delete(p.host);
    if ('result' in reply) p.resolve(reply.result);
    else p.reject(new Error(reply.error));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(err);
    }
  }
}
