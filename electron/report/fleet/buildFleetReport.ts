/**
 * The fleet report model: every host sorted by what will break first (errors, then warnings, then fine;
 * within each, fewest days to certificate expiry first), how many hosts have each finding, the targets that
 * could not be read. `redact` replaces names and addresses with the same placeholders as a single report
 * (redactReport.ts), shared across the fleet so host-3 is the same host in the table and in its details.
 */
import os from 'node:os';
import type {
  FleetFindingCount,
  FleetHost,
  FleetHostWithResult,
  FleetReport,
  FleetVerdict,
  TargetError,
} from '../../../shared/fleet';
import { FLEET_REPORT_SCHEMA_VERSION } from '../../../shared/fleetConstants';
import type { Severity } from '../../../shared/probe';
import { APP_VERSION } from '../../../shared/version';
import type { FleetScanResult } from '../../probe/fleet/scanFleet';
import { buildReport } from '../buildReport';
import { collectNames, Placeholders, REDACTED_SAMPLE, scrubDeep } from '../redactReport';

export interface BuildFleetReportOptions {
  concurrency: number;
  timeoutMs: number;
  targetErrors?: TargetError[];
  redact?: boolean;
  now?: Date;
  ranBy?: string;
  machine?: string;
  /**
   * The caller hands the probe results over and keeps no reference (the CLI, which prints and exits): they go
   * into the report as they are instead of copied (a structured clone per host was 0.2 ms of a scan's CPU).
   */
  resultsHandedOver?: boolean;
}

const VERDICT_RANK: Record<FleetVerdict, number> = { error: 0, warning: 1, ok: 2, stopped: 3, pending: 4 };
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then fine, then unfinished; within each by days to certificate expiry. */
export function compareHosts(a: FleetHost, b: FleetHost): number {
  return (
    VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
    (a.certDaysLeft ?? Number.POSITIVE_INFINITY) - (b.certDaysLeft ?? Number.POSITIVE_INFINITY) ||
    a.index - b.index
  );
}

/** Per finding id, the number of hosts that have it; errors first, then the most common. */
export function countFindings(hosts: readonly FleetHostWithResult[]): FleetFindingCount[] {
  const byId = new Map<string, FleetFindingCount>();
  for (const h of hosts) {
    if (!h.result || h.verdict === 'stopped' || h.verdict === 'pending') continue;
    for (const f of new Map(h.result.findings.map((x) => [x.id, x])).values()) {
      const c = byId.get(f.id) ?? { id: f.id, title: f.title, severity: f.severity, hosts: 0 };
      c.hosts++;
      byId.set(f.id, c);
    }
  }
  // ids are ASCII: compared by code unit, not localeCompare (whose first use loads ICU's collator, issue 20)
  return [...byId.values()].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      b.hosts - a.hosts ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export function buildFleetReport(scan: FleetScanResult, opts: BuildFleetReportOptions): FleetReport {
  const now = opts.now ?? new Date();
  const ranBy = opts.ranBy ?? currentUser();
  const machine = opts.machine ?? os.hostname();
  const hosts: FleetHostWithResult[] = scan.outcomes
    .map((o) => ({
      ...o.host,
      result: o.result ? (opts.resultsHandedOver ? o.result : structuredClone(o.result)) : null,
    }))
    .sort(compareHosts);
  const scanned = hosts.filter((h) => h.verdict !== 'pending' && h.verdict !== 'stopped').length;
  const report: FleetReport = {
    schemaVersion: FLEET_REPORT_SCHEMA_VERSION,
    kind: 'rdp-doctor-fleet-report',
    tool: { name: 'rdp-doctor', version: APP_VERSION },
    generatedAt: now.toISOString(),
    redacted: false,
    session: { ranBy, machine },
    scan: {
      startedAt: scan.startedAt,
      finishedAt: scan.finishedAt,
      durationMs: scan.durationMs,
      cancelled: scan.cancelled,
      concurrency: opts.concurrency,
      timeoutMs: opts.timeoutMs,
      total: hosts.length,
      scanned,
    },
    totals: {
      error: hosts.filter((h) => h.verdict === 'error').length,
      warning: hosts.filter((h) => h.verdict === 'warning').length,
      ok: hosts.filter((h) => h.verdict === 'ok').length,
      notScanned: hosts.length - scanned,
    },
    counts: countFindings(hosts),
    hosts,
    targetErrors: structuredClone(opts.targetErrors ?? []),
  };
  return opts.redact ? redactFleetReport(report, { now, ranBy, machine }) : report;
}

function redactFleetReport(report: FleetReport, session: { now: Date; ranBy: string; machine: string }): FleetReport {
  const p = new Placeholders();
  for (const h of report.hosts) {
    if (h.result) collectNames(buildReport(h.result, session), p);
    else p.addHostish(h.target.replace(/^\[(.*)\](?::\d+)?$/, '$1').replace(/:\d+$/, ''));
  }
  // every host's report above named the session too; this covers a scan where no host was probed
  p.add('user', report.session.ranBy);
  p.addHostish(report.session.machine);
  const targetErrors = report.targetErrors.map((e) => ({
    ...e,
    text: REDACTED_SAMPLE,
    message: hideText(e.message, e.text),
  }));
  const out = scrubDeep({ ...report, targetErrors: [] }, p, null) as FleetReport;
  out.targetErrors = targetErrors;
  out.redacted = true;
  for (const h of out.hosts) {
    if (h.result?.tls?.certificate) h.result.tls.certificate.pem = '';
    if (h.result?.negotiation?.notRdp) h.result.negotiation.notRdp.sample = REDACTED_SAMPLE;
  }
  return out;
}

/** A bad line's reason quotes the line (whole, or a part in double quotes): hide both. */
function hideText(message: string, text: string): string {
  const whole = text ? message.split(text).join(REDACTED_SAMPLE) : message;
  return whole.replace(/"[^"]*"/g, `"${REDACTED_SAMPLE}"`);
}

function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
