/**
 * The fleet scheduler: probes many hosts with at most `concurrency` at once (each probe also keeps the
 * per-destination limit of connectionGate.ts), in the order given, each with its own deadline, so a host
 * that never answers costs its deadline once and holds one slot, never the whole scan. Cancelling stops
 * the probes in flight and starts no more; every host still gets a line (stopped or pending).
 */
import { setMaxListeners } from 'node:events';
import type { FleetHost } from '../../../shared/fleet';
import type { ProbeOptions, ProbeResult } from '../../../shared/probe';
import type { ProbeHooks } from '../runProbe';
import type { FleetTarget } from './parseTargets';
import { pendingHost, summarizeHost } from './summarizeHost';

export interface FleetHostOutcome {
  host: FleetHost;
  /** null when the host was never probed */
  result: ProbeResult | null;
}

/**
 * A scan's extra stability connects per host (issue 20): none. Each host's stability is measured from the
 * connections its probe opens anyway (eight on a healthy xrdp), with the same cut detection, so a fleet of a
 * thousand hosts costs the servers two thousand fewer connections and the scan about a tenth of its CPU; a single probe
 * keeps its two extra samples.
 */
export const FLEET_STABILITY_SAMPLES = 0;

export interface ScanFleetOptions {
  concurrency: number;
  /** each host's overall deadline */
  timeoutMs: number;
  /** extra stability connects per host (default FLEET_STABILITY_SAMPLES) */
  stabilitySamples?: number;
  signal?: AbortSignal;
  onHostStart?: (index: number, target: FleetTarget) => void;
  onHostDone?: (outcome: FleetHostOutcome, done: number) => void;
  /** the probe (probeAndDiagnose); tests and the bench pass the same */
  probe: (options: ProbeOptions, hooks: ProbeHooks) => Promise<ProbeResult>;
}

export interface FleetScanResult {
  outcomes: FleetHostOutcome[];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  cancelled: boolean;
}

export async function scanFleet(targets: readonly FleetTarget[], opts: ScanFleetOptions): Promise<FleetScanResult> {
  const stabilitySamples = opts.stabilitySamples ?? FLEET_STABILITY_SAMPLES;
  const started = Date.now();
  const outcomes: FleetHostOutcome[] = targets.map((t, i) => ({ host: pendingHost(i, t.target), result: null }));
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < targets.length && !opts.signal?.aborted) {
      const index = next++;
      const t = targets[index] as FleetTarget;
      opts.onHostStart?.(index, t);
      // the probe never throws (errors are values); an exception here is a bug and ends the scan
      const result = await opts.probe(
        { target: t.target, timeoutMs: opts.timeoutMs, stabilitySamples },
        { signal: opts.signal },
      );
      const stopped = opts.signal?.aborted === true;
      const outcome = { host: summarizeHost(index, t.target, result, Date.now(), stopped), result };
      outcomes[index] = outcome;
      done++;
      try {
        opts.onHostDone?.(outcome, done);
      } catch {
        // a listener's bug must not stop the scan
      }
    }
  };
  const workers = Math.max(1, Math.min(opts.concurrency, targets.length));
  // every probe in flight listens to the scan's signal: that many listeners are expected, not a leak
  if (opts.signal) setMaxListeners(Math.max(10, workers + 10), opts.signal);
  await Promise.all(Array.from({ length: workers }, worker));
  const finished = Date.now();
  return {
    outcomes,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    cancelled:
      opts.signal?.aborted === true &&
      outcomes.some((o) => o.host.verdict === 'pending' || o.host.verdict === 'stopped'),
  };
}
