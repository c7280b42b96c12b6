/**
 * The report model of one session: the finished probe result, who ran it from where, the codes the user
 * typed (decoded), the actions taken. The ProbeResult carries no password, so neither does the report;
 * `redact` also replaces names and addresses (see redactReport.ts).
 */
import os from 'node:os';
import type { ProbeResult } from '../../shared/probe';
import { STEP_IDS, STEP_LABELS } from '../../shared/probeConstants';
import type { Report, ReportAction } from '../../shared/report';
import { REPORT_SCHEMA_VERSION } from '../../shared/reportConstants';
import { decodeCodes } from '../diagnosis/decodeCodes';
import { redactReport } from './redactReport';

export interface BuildReportOptions {
  /** replace user, host and domain names and IP addresses by consistent placeholders */
  redact?: boolean;
  /** what the user typed as the mstsc codes, e.g. "0x904 0x7" */
  codes?: string;
  actions?: ReportAction[];
  /** defaults: now, os.userInfo().username, os.hostname() */
  now?: Date;
  ranBy?: string;
  machine?: string;
}

export function buildReport(result: ProbeResult, opts: BuildReportOptions = {}): Report {
  const codesText = opts.codes?.trim();
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'rdp-doctor-report',
    tool: { name: 'rdp-doctor', version: result.tool.version },
    generatedAt: (opts.now ?? new Date()).toISOString(),
    redacted: false,
    session: { ranBy: opts.ranBy ?? currentUser(), machine: opts.machine ?? os.hostname() },
    target: {
      input: result.input,
      host: result.target?.host ?? null,
      port: result.target?.port ?? null,
    },
    probe: {
      resultSchemaVersion: result.schemaVersion,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
      durationMs: result.durationMs,
      aborted: result.aborted,
    },
    steps: STEP_IDS.filter((id) => result.steps[id]).map((id) => {
      const s = result.steps[id];
      return {
        id,
        label: STEP_LABELS[id],
        status: s.status,
        durationMs: s.durationMs,
        summary: s.summary,
        ...(s.error ? { error: { ...s.error } } : {}),
      };
    }),
    facts: structuredClone({
      target: result.target,
      tcp: result.tcp,
      negotiation: result.negotiation,
      tls: result.tls,
      credssp: result.credssp,
      rdpSecurity: result.rdpSecurity,
      stability: result.stability,
      nlaCheck: result.nlaCheck,
    }),
    ...(result.clients?.profiles.length ? { clients: structuredClone(result.clients.profiles) } : {}),
    findings: structuredClone(result.findings),
    codes: codesText ? decodeCodes(codesText) : null,
    actions: structuredClone(opts.actions ?? []),
  };
  return opts.redact ? redactReport(report) : report;
}

/** os.userInfo() throws when the uid has no passwd entry (some containers). */
function currentUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
