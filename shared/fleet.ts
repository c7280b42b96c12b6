/**
 * The fleet scan's data model (issue 14): one line per host — its verdict, root-cause finding, certificate
 * expiry, TLS versions, NLA and OS build — plus the targets that could not be read. Shared by the CLI, the
 * core's `fleet.*` requests, the fleet report and the "Many computers" screen.
 */
import { z } from 'zod';
import { FLEET_REPORT_SCHEMA_VERSION } from './fleetConstants';
import { ProbeResultSchema, SeveritySchema, TlsVersionNameSchema } from './probe';

export {
  FLEET_DEFAULT_CONCURRENCY,
  FLEET_MAX_CIDR_PREFIX,
  FLEET_MAX_CONCURRENCY,
  FLEET_MAX_PREFIX_ADDRESSES,
  FLEET_MAX_TARGETS,
  FLEET_REPORT_SCHEMA_VERSION,
  FLEET_TEXT_MAX,
} from './fleetConstants';

/** A line or argument that is not a target, with where it was and why. */
export const TargetErrorSchema = z.object({
  /** "hosts.txt", "argument", "pasted list" */
  source: z.string(),
  /** 1-based line number (or argument position) */
  line: z.number().int(),
  /** the text as read, cut to 200 characters */
  text: z.string(),
  message: z.string(),
});
export type TargetError = z.infer<typeof TargetErrorSchema>;

/**
 * ok: no warning or error; warning: works, with warnings; error: a finding that stops connections;
 * stopped: the scan was cancelled while this host was being probed; pending: not probed (yet).
 */
export const FleetVerdictSchema = z.enum(['error', 'warning', 'ok', 'stopped', 'pending']);
export type FleetVerdict = z.infer<typeof FleetVerdictSchema>;

export const FleetNlaSchema = z.enum(['required', 'offered', 'not-offered', 'unknown']);
export type FleetNla = z.infer<typeof FleetNlaSchema>;

export const FleetHostSchema = z.object({
  /** position in the scan (the order targets were given) */
  index: z.number().int(),
  /** the target as probed: host, host:port or [v6]:port */
  target: z.string(),
  verdict: FleetVerdictSchema,
  /** the first error finding, else the first warning (findings come root cause first) */
  rootCause: z.object({ id: z.string(), title: z.string(), severity: SeveritySchema }).nullable(),
  /** every finding id, root cause first */
  findingIds: z.array(z.string()),
  errors: z.number().int(),
  warnings: z.number().int(),
  /** whole days until the certificate's notAfter (negative: expired that many days ago); null: no certificate */
  certDaysLeft: z.number().int().nullable(),
  certNotAfter: z.string().nullable(),
  /** the TLS versions the server completed a handshake with */
  tlsVersions: z.array(TlsVersionNameSchema),
  nla: FleetNlaSchema,
  /** Windows "major.minor.build" from the NTLM challenge, when the server showed it */
  osBuild: z.string().nullable(),
  /** the address the probe connected to */
  address: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type FleetHost = z.infer<typeof FleetHostSchema>;

/** A host with the probe's full result (what the JSON output and report carry). */
export const FleetHostWithResultSchema = FleetHostSchema.extend({ result: ProbeResultSchema.nullable() });
export type FleetHostWithResult = z.infer<typeof FleetHostWithResultSchema>;

/** "12 hosts: The certificate expires soon" */
export const FleetFindingCountSchema = z.object({
  id: z.string(),
  title: z.string(),
  severity: SeveritySchema,
  hosts: z.number().int(),
});
export type FleetFindingCount = z.infer<typeof FleetFindingCountSchema>;

export const FleetReportSchema = z.object({
  schemaVersion: z.literal(FLEET_REPORT_SCHEMA_VERSION),
  kind: z.literal('rdp-doctor-fleet-report'),
  tool: z.object({ name: z.literal('rdp-doctor'), version: z.string() }),
  generatedAt: z.string(),
  redacted: z.boolean(),
  session: z.object({ ranBy: z.string(), machine: z.string() }),
  scan: z.object({
    startedAt: z.string(),
    finishedAt: z.string(),
    durationMs: z.number(),
    /** true when the scan was stopped before every host was probed */
    cancelled: z.boolean(),
    concurrency: z.number().int(),
    timeoutMs: z.number().int(),
    total: z.number().int(),
    scanned: z.number().int(),
  }),
  totals: z.object({
    error: z.number().int(),
    warning: z.number().int(),
    ok: z.number().int(),
    notScanned: z.number().int(),
  }),
  /** per finding, how many hosts have it: errors first, then by count */
  counts: z.array(FleetFindingCountSchema),
  /** sorted: errors first, then warnings, then fine; within each by days to certificate expiry */
  hosts: z.array(FleetHostWithResultSchema),
  targetErrors: z.array(TargetErrorSchema),
});
export type FleetReport = z.infer<typeof FleetReportSchema>;

export const FleetReportFormatSchema = z.enum(['html', 'csv', 'json']);
export type FleetReportFormat = z.infer<typeof FleetReportFormatSchema>;

export const FleetEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('host-started'), scanId: z.string(), index: z.number().int(), target: z.string() }),
  z.object({ type: z.literal('host-finished'), scanId: z.string(), host: FleetHostSchema, done: z.number().int() }),
  z.object({
    type: z.literal('finished'),
    scanId: z.string(),
    cancelled: z.boolean(),
    durationMs: z.number(),
  }),
]);
export type FleetEvent = z.infer<typeof FleetEventSchema>;
