/**
 * The one IPC contract. Every request (invoke → result) and every event stream that crosses between
 * the renderer and the cores is named here with its schemas. The Electron preload, the web-mode
 * WebSocket bridge and the core handlers are all typed from this map, and both ends validate at runtime.
 */
import { z } from 'zod';
import { EVENT_NAMES, IPC_EVENT, IPC_INVOKE, PRELOAD_KEY, REQUEST_NAMES } from './channels';
import { DecodeResultSchema } from './codes';
import {
  FLEET_MAX_CONCURRENCY,
  FLEET_TEXT_MAX,
  FleetEventSchema,
  FleetHostSchema,
  FleetReportFormatSchema,
  TargetErrorSchema,
} from './fleet';
import { ProbeEventSchema, ProbeOptionsSchema, ProbeResultSchema } from './probe';
import {
  AuditEntrySchema,
  FixEventSchema,
  FixPlanSchema,
  HostAccessSchema,
  HostKeyPromptSchema,
  HostKindSchema,
  InspectionSchema,
  PhasePlanSchema,
  SuppliedCertificateFactsSchema,
  SuppliedCertificateSchema,
} from './remediation';
import { SettingsPatchSchema, SettingsSchema } from './settings';

/** What every fix request names: the RDP target (as probed), its kind, and how to reach the host. */
const FixTargetSchema = z.object({
  /** the RDP target as the technician typed it (host, host:port, [v6]:port) */
  target: z.string().min(1).max(300),
  hostKind: HostKindSchema,
  access: HostAccessSchema,
});

export const ReportFormatSchema = z.enum(['html', 'json', 'md']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const requests = {
  /** who am I talking to */
  'app.info': {
    req: z.object({}),
    res: z.object({
      name: z.string(),
      version: z.string(),
      mode: z.enum(['electron', 'web']),
      platform: z.string(),
    }),
  },
  /** starts a probe at once and returns its run id; progress arrives as `probe.event` */
  'probe.start': {
    req: ProbeOptionsSchema,
    res: z.object({ runId: z.string() }),
  },
  'probe.cancel': {
    req: z.object({ runId: z.string().max(100) }),
    res: z.object({ cancelled: z.boolean() }),
  },
  /** the finished result of a run, kept in memory by the core */
  'probe.result': {
    req: z.object({ runId: z.string().max(100) }),
    res: z.object({ result: ProbeResultSchema.nullable() }),
  },
  /** decode what mstsc showed, e.g. "0x904 0x7" */
  'codes.decode': {
    req: z.object({ text: z.string().max(200) }),
    res: DecodeResultSchema,
  },
  /** render the diagnostic report of a finished run */
  'report.render': {
    req: z.object({
      runId: z.string().max(100),
      format: ReportFormatSchema,
      redact: z.boolean().default(false),
      codes: z.string().max(200).optional(),
      /** the fix job whose actions the report shows; default: fixes on that target since the probe started */
      jobId: z.string().max(100).optional(),
    }),
    res: z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  },
  /** Electron only: save dialog + atomic write (HTML/JSON/MD, or PDF via printToPDF) */
  'report.save': {
    req: z.object({
      runId: z.string().max(100),
      format: z.enum(['html', 'json', 'md', 'pdf']),
      redact: z.boolean().default(false),
      codes: z.string().max(200).optional(),
    }),
    res: z.object({ saved: z.boolean(), path: z.string().nullable() }),
  },
  /** what the app remembers (recent hosts, host kind per host, last report folder), from the data folder */
  'settings.get': {
    req: z.object({}),
    res: SettingsSchema,
  },
  /** one validated change, written atomically; an invalid host is refused, never remembered */
  'settings.update': {
    req: SettingsPatchSchema,
    res: SettingsSchema,
  },
  /** the host key an SSH server shows, and whether it is already trusted (asked before inspect over SSH) */
  'fix.hostKey': {
    req: z.object({ access: HostAccessSchema }),
    res: z.object({
      key: HostKeyPromptSchema,
      trusted: z.boolean(),
      pinnedMismatch: z.boolean(),
      /**
       * the fingerprint trusted before for this host:port (known-hosts) when the server now shows another
       * key: the UI stops instead of offering "Trust this key". Optional so older cores still validate.
       */
      knownFingerprint: z.string().nullable().optional(),
    }),
  },
  /** read-only inspection of the host; turns outside findings into host-confirmed ones */
  'fix.inspect': {
    req: FixTargetSchema.extend({ runId: z.string().max(100).optional() }),
    res: z.object({ inspection: InspectionSchema }),
  },
  /** the phases for these findings (or these phase ids), planned with the host's real values; changes nothing */
  'fix.plan': {
    req: FixTargetSchema.extend({
      runId: z.string().max(100).optional(),
      phases: z.array(z.string().max(100)).max(20).optional(),
      /** a .pfx to install (issue 21): checked before anything reaches the host; brings the phase that installs it */
      certificate: SuppliedCertificateSchema.optional(),
    }),
    res: z.object({
      plan: FixPlanSchema,
      inspection: InspectionSchema.nullable(),
      /** the supplied certificate's public facts, when one was sent */
      certificate: SuppliedCertificateFactsSchema.nullable().optional(),
    }),
  },
  /**
   * Opens a chosen .pfx with its password and checks it for this target (private key, names the host,
   * server authentication, valid now, RSA ≥ 2048 bits); nothing reaches the host. `problems` says in words why
   * it would be refused (empty: it may be installed); `certificate` holds its public facts when it opened.
   */
  'fix.checkCertificate': {
    req: z.object({ target: z.string().min(1).max(300), certificate: SuppliedCertificateSchema }),
    res: z.object({ certificate: SuppliedCertificateFactsSchema.nullable(), problems: z.array(z.string()) }),
  },
  /** the console hand-over script for a plan (.sh for xrdp, .ps1 for Windows) and its SHA-256 */
  'fix.script': {
    req: z.object({
      target: z.string().min(1).max(300),
      hostKind: HostKindSchema,
      phases: z.array(z.string().max(100)).min(1).max(20),
    }),
    res: z.object({ filename: z.string(), content: z.string(), sha256: z.string() }),
  },
  /** applies the phases at once in the background; progress arrives as `fix.event` */
  'fix.start': {
    req: FixTargetSchema.extend({
      runId: z.string().max(100).optional(),
      phases: z.array(z.string().max(100)).min(1).max(20),
      /** what mstsc showed, for the verify table ("0x904 0x7") */
      codes: z.string().max(200).optional(),
      /**
       * SHA-256 (hex) of the approved plans of these phases (shared/planDigest.ts): the core plans again at
       * start and stops with `host-changed`, before any change, when its plan has another digest
       */
      planDigest: z.string().regex(/^[0-9a-f]{64}$/, 'expected the SHA-256 of the approved plan'),
      /** the approved phase plans, to name what changed when the digest differs */
      approvedPlan: z.array(PhasePlanSchema).max(20).optional(),
      /** the .pfx the plan was made with (its password used once, for this job only) */
      certificate: SuppliedCertificateSchema.optional(),
    }),
    res: z.object({ jobId: z.string() }),
  },
  /** a fix job can be cancelled (it stops and rolls back); an undo cannot: `reason` says why */
  'fix.cancel': {
    req: z.object({ jobId: z.string().max(100) }),
    res: z.object({ cancelled: z.boolean(), reason: z.string().optional() }),
  },
  /**
   * undoes a job's applied phases from its backup (the last job on that target when no id is given); stops
   * with `undo-conflict` when a file was edited after the fix or the host key differs, unless `force`
   */
  'fix.undo': {
    req: FixTargetSchema.extend({ jobId: z.string().max(100).optional(), force: z.boolean().default(false) }),
    res: z.object({ jobId: z.string() }),
  },
  /**
   * "Check again": verifies a finished fix job in place (waits for the RDP port, re-probe, re-inspection,
   * each phase's verdict), recorded under that job so its report shows the newest verdict
   */
  'fix.verifyAgain': {
    req: FixTargetSchema.extend({ jobId: z.string().max(100), runId: z.string().max(100).optional() }),
    res: z.object({
      before: ProbeResultSchema.nullable(),
      after: ProbeResultSchema,
      inspection: InspectionSchema.nullable(),
      fixed: z.boolean(),
      message: z.string(),
    }),
  },
  /** fixes cut short (crash, window closed, SSH dropped) or with a failed undo: to offer their undo at start */
  'fix.pending': {
    req: z.object({ target: z.string().max(300).optional() }),
    res: z.object({
      jobs: z.array(
        z.object({
          jobId: z.string(),
          target: z.string(),
          at: z.string(),
          reachedAs: z.string(),
          phases: z.array(z.string()),
          failedUndo: z.boolean(),
        }),
      ),
    }),
  },
  /** the audit log's entries, newest last (for one target, or all) */
  'fix.history': {
    req: z.object({ target: z.string().max(300).optional() }),
    res: z.object({ entries: z.array(AuditEntrySchema) }),
  },
  /** parses a pasted or imported target list and starts scanning it; progress arrives as `fleet.event` */
  'fleet.start': {
    req: z.object({
      /** one target per line (# comments), or a CSV with a host column; CIDR ranges up to /22 */
      text: z.string().max(FLEET_TEXT_MAX),
      /** the imported file's name, for the messages about its bad lines */
      source: z.string().max(200).default('pasted list'),
      concurrency: z.number().int().min(1).max(FLEET_MAX_CONCURRENCY).optional(),
      /** each host's deadline */
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    }),
    res: z.object({
      scanId: z.string(),
      /** every host, in the order given, before any is probed */
      hosts: z.array(FleetHostSchema),
      targetErrors: z.array(TargetErrorSchema),
      duplicates: z.number().int(),
    }),
  },
  'fleet.cancel': {
    req: z.object({ scanId: z.string().max(100) }),
    res: z.object({ cancelled: z.boolean() }),
  },
  /** every host's line so far (after a reconnect, or to check a lost event) */
  'fleet.status': {
    req: z.object({ scanId: z.string().max(100) }),
    res: z.object({ hosts: z.array(FleetHostSchema), finished: z.boolean(), cancelled: z.boolean() }),
  },
  /** makes one host's finished probe a run, so the findings screen, its report and the fix wizard work on it */
  'fleet.open': {
    req: z.object({ scanId: z.string().max(100), index: z.number().int().min(0) }),
    res: z.object({ runId: z.string(), result: ProbeResultSchema }),
  },
  /** the fleet report of a scan (finished or stopped) as HTML, CSV or JSON */
  'fleet.report': {
    req: z.object({ scanId: z.string().max(100), format: FleetReportFormatSchema, redact: z.boolean().default(false) }),
    res: z.object({ filename: z.string(), mime: z.string(), content: z.string() }),
  },
} as const;

export const events = {
  'probe.event': ProbeEventSchema,
  'fix.event': FixEventSchema,
  'fleet.event': FleetEventSchema,
} as const;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestOf<K extends RequestName> = z.input<Requests[K]['req']>;
export type ParsedRequestOf<K extends RequestName> = z.output<Requests[K]['req']>;
export type ResponseOf<K extends RequestName> = z.output<Requests[K]['res']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventOf<K extends EventName> = z.output<Events[K]>;

// The name lists in channels.ts must match the maps above exactly (both directions).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _requestNamesMatch: Same<(typeof REQUEST_NAMES)[number], RequestName> = true;
const _eventNamesMatch: Same<(typeof EVENT_NAMES)[number], EventName> = true;
void _requestNamesMatch;
void _eventNamesMatch;

export { EVENT_NAMES, IPC_EVENT, IPC_INVOKE, PRELOAD_KEY, REQUEST_NAMES };

export function isRequestName(x: unknown): x is RequestName {
  return typeof x === 'string' && Object.hasOwn(requests, x);
}

/** A failed request travels as this value, never as a stack trace. */
export const ApiErrorSchema = z.object({ code: z.string(), message: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** What the renderer sees, whichever transport carries it. */
export interface RdpDoctorApi {
  invoke<K extends RequestName>(name: K, req: RequestOf<K>): Promise<ResponseOf<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventOf<K>) => void): () => void;
}

/** Thrown on the renderer side when a request fails; carries the core's code. */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Web-mode wire frames (JSON over the WebSocket). */
export const WireClientFrameSchema = z.object({
  kind: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  name: z.string().max(64),
  payload: z.unknown(),
});
export type WireClientFrame = z.infer<typeof WireClientFrameSchema>;
export type WireServerFrame =
  | { kind: 'result'; id: number; ok: true; value: unknown }
  | { kind: 'result'; id: number; ok: false; error: ApiError }
  | { kind: 'event'; name: EventName; payload: unknown }
  | { kind: 'error'; error: ApiError };
