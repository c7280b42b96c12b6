/**
 * Fleet scan requests (issue 14). `fleet.start` parses the pasted list, answers at once with the scan id and
 * every host's (pending) line, then probes in the background and emits `fleet.event` per host. A scan is a
 * `fleet` job in the core's JobStore (the last few are kept), so `Core.dispose()` stops it with every probe.
 * `fleet.open` turns one host's finished probe into a run, so the findings screen, `report.render` and the
 * fix wizard work on it unchanged.
 */
import { FLEET_DEFAULT_CONCURRENCY, type FleetHost, type TargetError } from '../../../shared/fleet';
import type { ProbeResult } from '../../../shared/probe';
import { probeAndDiagnose } from '../../diagnosis/probeAndDiagnose';
import { TargetList } from '../../probe/fleet/parseTargets';
import { type FleetHostOutcome, type FleetScanResult, scanFleet } from '../../probe/fleet/scanFleet';
import { pendingHost } from '../../probe/fleet/summarizeHost';
import { buildFleetReport } from '../../report/fleet/buildFleetReport';
import { FLEET_MIME, fleetFilename, renderFleetReport } from '../../report/fleet/renderFleetReport';
import { CoreError } from '../coreError';
import type { Handler } from '../handler';
import type { JobStore } from '../jobStore';

interface FleetScan {
  outcomes: FleetHostOutcome[];
  targetErrors: TargetError[];
  concurrency: number;
  timeoutMs: number;
  startedAt: number;
  finished: FleetScanResult | null;
  cancelled: boolean;
  opened: Map<number, string>;
}

function scanOrThrow(jobs: JobStore, scanId: string): FleetScan {
  const scan = jobs.get<FleetScan>('fleet', scanId)?.data;
  if (!scan) throw new CoreError('not-found', 'There is no scan with that id: start the scan again.');
  return scan;
}

const start: Handler<'fleet.start'> = async (req, ctx) => {
  const list = new TargetList();
  list.addText(req.text, req.source);
  const { targets, errors, duplicates } = list.result();
  if (targets.length === 0) {
    const first = errors[0];
    throw new CoreError(
      'no-targets',
      first
        ? `No computer to check: ${errors.length} line${errors.length === 1 ? '' : 's'} could not be read (line ${first.line}: ${first.message}).`
        : 'No computer to check: type or import one name or address per line.',
    );
  }
  const concurrency = req.concurrency ?? FLEET_DEFAULT_CONCURRENCY;
  const scan: FleetScan = {
    outcomes: targets.map((t, i) => ({ host: pendingHost(i, t.target), result: null })),
    targetErrors: errors,
    concurrency,
    timeoutMs: req.timeoutMs,
    startedAt: Date.now(),
    finished: null,
    cancelled: false,
    opened: new Map(),
  };
  // the last few scans are kept, finished or not (an older one is stopped)
  const { id: scanId, signal } = ctx.jobs.start('fleet', scan);
  void scanFleet(targets, {
    concurrency,
    timeoutMs: req.timeoutMs,
    signal,
    probe: probeAndDiagnose,
    onHostStart: (index, t) => ctx.sink.emit('fleet.event', { type: 'host-started', scanId, index, target: t.target }),
    onHostDone: (outcome, done) => {
      scan.outcomes[outcome.host.index] = outcome;
      ctx.sink.emit('fleet.event', { type: 'host-finished', scanId, host: outcome.host, done });
    },
  }).then(
    (result) => {
      scan.finished = result;
      scan.outcomes = result.outcomes;
      scan.cancelled = result.cancelled;
      ctx.jobs.finish(scanId);
      ctx.sink.emit('fleet.event', {
        type: 'finished',
        scanId,
        cancelled: result.cancelled,
        durationMs: result.durationMs,
      });
    },
    () => {
      // a bug in the probe: say the scan ended with what it has
      scan.cancelled = true;
      scan.finished = snapshot(scan, true);
      ctx.jobs.finish(scanId);
      ctx.sink.emit('fleet.event', {
        type: 'finished',
        scanId,
        cancelled: true,
        durationMs: Date.now() - scan.startedAt,
      });
    },
  );
  return { scanId, hosts: scan.outcomes.map((o) => o.host), targetErrors: errors, duplicates };
};

function snapshot(scan: FleetScan, cancelled: boolean): FleetScanResult {
  const now = Date.now();
  return {
    outcomes: scan.outcomes,
    startedAt: new Date(scan.startedAt).toISOString(),
    finishedAt: new Date(now).toISOString(),
    durationMs: now - scan.startedAt,
    cancelled,
  };
}

const cancel: Handler<'fleet.cancel'> = async (req, ctx) => {
  const scan = ctx.jobs.get<FleetScan>('fleet', req.scanId)?.data;
  if (!scan || scan.finished) return { cancelled: false };
  return { cancelled: ctx.jobs.cancel(req.scanId).cancelled };
};

const status: Handler<'fleet.status'> = async (req, ctx) => {
  const scan = scanOrThrow(ctx.jobs, req.scanId);
  return {
    hosts: scan.outcomes.map((o): FleetHost => o.host),
    finished: scan.finished !== null,
    cancelled: scan.cancelled,
  };
};

const open: Handler<'fleet.open'> = async (req, ctx) => {
  const scan = scanOrThrow(ctx.jobs, req.scanId);
  const outcome = scan.outcomes[req.index];
  if (!outcome) throw new CoreError('not-found', 'That scan has no such host.');
  const result: ProbeResult | null = outcome.result;
  if (!result) throw new CoreError('not-ready', `${outcome.host.target} has not been checked yet.`);
  // the same host opened twice is the same run, while the run store still holds it
  const known = scan.opened.get(req.index);
  if (known && ctx.runs.result(known)) return { runId: known, result };
  const runId = ctx.runs.adopt(result);
  scan.opened.set(req.index, runId);
  return { runId, result };
};

const report: Handler<'fleet.report'> = async (req, ctx) => {
  const scan = scanOrThrow(ctx.jobs, req.scanId);
  // a report of a running scan shows what is known so far, like a stopped one
  const result = scan.finished ?? snapshot(scan, true);
  const built = buildFleetReport(result, {
    concurrency: scan.concurrency,
    timeoutMs: scan.timeoutMs,
    targetErrors: scan.targetErrors,
    redact: req.redact,
  });
  return {
    filename: fleetFilename(built, req.format),
    mime: FLEET_MIME[req.format],
    content: renderFleetReport(built, req.format),
  };
};

export const fleetHandlers = {
  'fleet.start': start,
  'fleet.cancel': cancel,
  'fleet.status': status,
  'fleet.open': open,
  'fleet.report': report,
};
