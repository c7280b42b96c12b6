/**
 * The diagnostic report: one troubleshooting session as a versioned document. The JSON export is exactly
 * `Report`; `docs/report.schema.json` is generated from this file (tests/unit/report/schemaFile.test.ts
 * keeps it current) and `docs/report-json.md` documents it.
 *
 * REPORT_SCHEMA_VERSION lives in reportConstants.ts (no zod there, for the report builders): bump it there.
 */
import { z } from 'zod';
import { ClientVerdictSchema } from './clientProfiles';
import { DecodeResultSchema } from './codes';
import {
  CredsspFactsSchema,
  FindingSchema,
  NegotiationFactsSchema,
  NlaCheckFactsSchema,
  RdpSecurityFactsSchema,
  StabilityFactsSchema,
  StepIdSchema,
  StepSummarySchema,
  TargetFactsSchema,
  TcpFactsSchema,
  TlsFactsSchema,
} from './probe';
import { REPORT_SCHEMA_VERSION } from './reportConstants';

export { REPORT_SCHEMA_VERSION };

export const ReportStepSchema = z.object({
  id: StepIdSchema,
  /** the human name shown in the app, e.g. "Server certificate" */
  label: z.string(),
  ...StepSummarySchema.shape,
});
export type ReportStep = z.infer<typeof ReportStepSchema>;

/** A fix applied from the app (or the CLI) and what came of it, from the audit log. */
export const ReportActionSchema = z.object({
  /** fix phase id from the catalogue, e.g. "xrdp-fix-key-permissions" */
  phaseId: z.string(),
  title: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  outcome: z.enum(['applied', 'verified', 'failed', 'rolled-back', 'skipped']),
  /** one human sentence: what happened */
  detail: z.string(),
  /** the fix job (audit log) this action belongs to */
  jobId: z.string().optional(),
  /** 'undo' when this action put back an earlier change */
  action: z.enum(['apply', 'undo']).optional(),
  /** the technician's account on the computer that ran the fix */
  who: z.string().optional(),
  /** how the host was reached, e.g. "root@10.0.0.5:22 (ssh)" */
  reachedAs: z.string().optional(),
  /** what changed, with the real values */
  changes: z
    .array(z.object({ target: z.string(), before: z.string().nullable(), after: z.string().nullable() }))
    .optional(),
});
export type ReportAction = z.infer<typeof ReportActionSchema>;

export const ReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  kind: z.literal('rdp-doctor-report'),
  tool: z.object({ name: z.literal('rdp-doctor'), version: z.string() }),
  /** when the report was produced (ISO 8601) */
  generatedAt: z.string(),
  /** true when user, host and domain names and addresses were replaced by placeholders */
  redacted: z.boolean(),
  /** who ran the session and from which machine (placeholders when redacted) */
  session: z.object({ ranBy: z.string(), machine: z.string() }),
  target: z.object({
    /** what was typed, e.g. "srv01:3389" */
    input: z.string(),
    host: z.string().nullable(),
    port: z.number().int().nullable(),
  }),
  probe: z.object({
    /** the ProbeResult schema version the facts below follow */
    resultSchemaVersion: z.number().int(),
    startedAt: z.string(),
    finishedAt: z.string(),
    durationMs: z.number(),
    /** true when the probe was cancelled or hit its overall deadline */
    aborted: z.boolean(),
  }),
  /** every probe step in run order, with its status, timing and one-line summary */
  steps: z.array(ReportStepSchema),
  /** the facts each step found, exactly as in the probe result (null when the step did not run) */
  facts: z.object({
    target: TargetFactsSchema.nullable(),
    tcp: TcpFactsSchema.nullable(),
    negotiation: NegotiationFactsSchema.nullable(),
    tls: TlsFactsSchema.nullable(),
    credssp: CredsspFactsSchema.nullable(),
    rdpSecurity: RdpSecurityFactsSchema.nullable(),
    stability: StabilityFactsSchema.nullable(),
    nlaCheck: NlaCheckFactsSchema.nullable(),
  }),
  /** which clients will connect (issue 21): one verdict per client profile, as in the probe result */
  clients: z.array(ClientVerdictSchema).optional(),
  /** what is wrong (and what is fine), most important first */
  findings: z.array(FindingSchema),
  /** the mstsc codes the user entered, decoded; null when none were entered */
  codes: DecodeResultSchema.nullable(),
  /** fixes applied from the app, in order */
  actions: z.array(ReportActionSchema),
});
export type Report = z.infer<typeof ReportSchema>;
