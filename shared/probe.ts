/**
 * The probe's data model: what every step finds, as zod schemas so that both sides of the IPC
 * boundary validate it and `docs/probe-result.schema.json` is generated from the same source.
 *
 * The JSON printed by `rdp-doctor probe --json` is exactly `ProbeResult`.
 */
import { z } from 'zod';
import { ClientsFactsSchema } from './clientProfiles';

import { HOST_INPUT_MAX, PROBE_RESULT_SCHEMA_VERSION, STEP_IDS, STEP_LABELS } from './probeConstants';

export { HOST_INPUT_MAX, PROBE_RESULT_SCHEMA_VERSION, STEP_IDS, STEP_LABELS };
export const StepIdSchema = z.enum(STEP_IDS);
export type StepId = z.infer<typeof StepIdSchema>;

export const StepStatusSchema = z.enum(['waiting', 'running', 'passed', 'warning', 'failed', 'skipped']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

/** An error as a value: a machine-readable code and one human sentence. */
export const StepErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
});
export type StepError = z.infer<typeof StepErrorSchema>;

// ---- target ---------------------------------------------------------------------------------
export const ResolvedAddressSchema = z.object({ address: z.string(), family: z.union([z.literal(4), z.literal(6)]) });
export const TargetFactsSchema = z.object({
  input: z.string(),
  host: z.string(),
  port: z.number().int(),
  /** true when the host was an IP literal or localhost, so DNS was skipped */
  dnsSkipped: z.boolean(),
  addresses: z.array(ResolvedAddressSchema),
  dnsMs: z.number().nullable(),
});
export type TargetFacts = z.infer<typeof TargetFactsSchema>;

// ---- tcp ------------------------------------------------------------------------------------
export const TcpAttemptSchema = z.object({
  address: z.string(),
  ok: z.boolean(),
  ms: z.number(),
  /** refused | timeout | unreachable | reset | error */
  errorCode: z.string().optional(),
  message: z.string().optional(),
});
export const TcpFactsSchema = z.object({
  address: z.string().nullable(),
  port: z.number().int(),
  connectMs: z.number().nullable(),
  attempts: z.array(TcpAttemptSchema),
});
export type TcpFacts = z.infer<typeof TcpFactsSchema>;

// ---- negotiation ----------------------------------------------------------------------------
/** MS-RDPBCGR 2.2.1.1.1 requestedProtocols, by name. */
export const ProtocolNameSchema = z.enum(['rdp', 'tls', 'hybrid', 'hybridEx', 'rdstls']);
export type ProtocolName = z.infer<typeof ProtocolNameSchema>;

export const NegotiationOutcomeSchema = z.enum([
  'selected', // RDP_NEG_RSP: the server picked `selected`
  'failure', // RDP_NEG_FAILURE with `failureCode`
  'legacy', // an X.224 Connection Confirm without RDP_NEG data: a pre-RDP-5 server, Standard RDP implied
  'not-rdp', // something other than RDP answered
  'no-response', // TCP accepted, nothing came back before the deadline
  'closed', // the server closed/reset without answering
  'error', // anything else (connect failed, hostile reply...)
]);
export const NegotiationAttemptSchema = z.object({
  requested: ProtocolNameSchema,
  outcome: NegotiationOutcomeSchema,
  selected: ProtocolNameSchema.nullable().optional(),
  selectedRaw: z.number().int().optional(),
  /** RDP_NEG_RSP flags by spec name, e.g. EXTENDED_CLIENT_DATA_SUPPORTED */
  flags: z.array(z.string()).optional(),
  flagsRaw: z.number().int().optional(),
  failureCode: z.number().int().optional(),
  /** e.g. HYBRID_REQUIRED_BY_SERVER */
  failureName: z.string().optional(),
  error: StepErrorSchema.optional(),
  ms: z.number(),
  /** true when the first connection for this request was cut before the answer and this is its one retry */
  retried: z.boolean().optional(),
});
export type NegotiationAttempt = z.infer<typeof NegotiationAttemptSchema>;

export const NotRdpSchema = z.object({
  /** ssh | http | tls | smtp-like | unknown */
  kind: z.string(),
  /** the first bytes, printable characters only, at most 80 */
  sample: z.string(),
});
export const NegotiationFactsSchema = z.object({
  attempts: z.array(NegotiationAttemptSchema),
  /** per protocol: true = the server selected it when asked, false = it refused or picked another, null = unknown */
  supports: z.record(ProtocolNameSchema, z.boolean().nullable()),
  notRdp: NotRdpSchema.nullable(),
});
export type NegotiationFacts = z.infer<typeof NegotiationFactsSchema>;

// ---- tls ------------------------------------------------------------------------------------
export const TlsVersionNameSchema = z.enum(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
export type TlsVersionName = z.infer<typeof TlsVersionNameSchema>;
export const TlsFailureKindSchema = z.enum([
  'protocol_version', // the server sent a protocol_version alert: the version is off
  'handshake_failure', // no shared cipher etc.
  'internal_error', // server-side failure, e.g. unusable private key
  'alert', // another alert, see `alert`
  'reset', // ECONNRESET during the handshake
  'closed', // closed without an alert
  'timeout',
  'client_refused', // our own OpenSSL refused (e.g. version unsupported locally)
  'error',
]);
/**
 * How sure a version's verdict is (issue 22): `offered` / `not-offered` are settled answers from the server;
 * `unknown` means the connection that was to tell was cut by the path (and its one retry too), so nothing is
 * concluded — never read it as "not offered".
 */
export const TlsVersionStatusSchema = z.enum(['offered', 'not-offered', 'unknown']);
export type TlsVersionStatus = z.infer<typeof TlsVersionStatusSchema>;
export const TlsVersionResultSchema = z.object({
  version: TlsVersionNameSchema,
  ok: z.boolean(),
  /** absent in results from before issue 22: read `ok` then */
  status: TlsVersionStatusSchema.optional(),
  /** true when the first connection for this version was cut and this is the answer of its one retry */
  retried: z.boolean().optional(),
  /** with status `unknown`: why it could not be settled */
  unknownReason: z.string().optional(),
  /** true when the connection that gave this verdict was cut (reset or EOF inside the handshake), retry included */
  cut: z.boolean().optional(),
  negotiatedVersion: z.string().optional(),
  cipher: z.string().optional(),
  failure: z.object({ kind: TlsFailureKindSchema, alert: z.string().optional(), message: z.string() }).optional(),
  ms: z.number(),
});
export type TlsVersionResult = z.infer<typeof TlsVersionResultSchema>;

export const CertificateFactsSchema = z.object({
  subject: z.string(),
  subjectCN: z.string().nullable(),
  issuer: z.string(),
  issuerCN: z.string().nullable(),
  sans: z.array(z.string()),
  notBefore: z.string(), // ISO 8601
  notAfter: z.string(), // ISO 8601
  selfSigned: z.boolean(),
  keyType: z.string(), // rsa | ec | ...
  keyBits: z.number().int().nullable(),
  signatureAlgorithm: z.string(),
  /** uppercase hex, no separators: what Windows shows and stores in SSLCertificateSHA1Hash */
  sha1Thumbprint: z.string(),
  sha256Fingerprint: z.string(),
  /** EKU OIDs */
  ekus: z.array(z.string()),
  hasServerAuth: z.boolean(),
  hasRemoteDesktopAuth: z.boolean(),
  trusted: z.boolean(),
  trustError: z.string().optional(),
  /** whether the certificate names the host that was typed */
  nameMatches: z.boolean(),
  serialNumber: z.string(),
  pem: z.string(),
});
export type CertificateFacts = z.infer<typeof CertificateFactsSchema>;

export const TlsFactsSchema = z.object({
  /** the negotiated protocol the TLS upgrade followed */
  via: ProtocolNameSchema.nullable(),
  versions: z.array(TlsVersionResultSchema),
  certificate: CertificateFactsSchema.nullable(),
});
export type TlsFacts = z.infer<typeof TlsFactsSchema>;

// ---- credssp --------------------------------------------------------------------------------
export const NtlmInfoSchema = z.object({
  targetName: z.string().nullable(),
  netbiosComputer: z.string().nullable(),
  netbiosDomain: z.string().nullable(),
  dnsComputer: z.string().nullable(),
  dnsDomain: z.string().nullable(),
  dnsTree: z.string().nullable(),
  /** "major.minor.build" */
  productVersion: z.string().nullable(),
  serverTime: z.string().nullable(), // ISO 8601
  /** server clock minus our clock, in ms */
  clockSkewMs: z.number().nullable(),
  negotiateFlags: z.number().int(),
});
export type NtlmInfo = z.infer<typeof NtlmInfoSchema>;
export const CredsspFactsSchema = z.object({
  /** the TSRequest version the server answered with */
  tsRequestVersion: z.number().int().nullable(),
  ntlm: NtlmInfoSchema.nullable(),
});
export type CredsspFacts = z.infer<typeof CredsspFactsSchema>;

// ---- standard rdp security ------------------------------------------------------------------
export const RdpSecurityFactsSchema = z.object({
  /** MS-RDPBCGR 2.2.1.4.3 encryptionLevel by name, e.g. ENCRYPTION_LEVEL_CLIENT_COMPATIBLE */
  encryptionLevel: z.string(),
  /** e.g. ["128BIT_ENCRYPTION_FLAG"] */
  encryptionMethods: z.array(z.string()),
  /** proprietary | x509 | none */
  serverCertType: z.string(),
  rsaKeyBits: z.number().int().nullable(),
  /** server's earliest/requested RDP version from SC_CORE, e.g. "RDP 5.0+" */
  rdpVersion: z.string().nullable(),
});
export type RdpSecurityFacts = z.infer<typeof RdpSecurityFactsSchema>;

// ---- the path: every connection as a sample (issue 22) --------------------------------------
/** Where in the protocol a connection was cut: each is a point where the server should have answered. */
export const CutPhaseSchema = z.enum(['negotiation', 'tls', 'credssp', 'mcs']);
export type CutPhase = z.infer<typeof CutPhaseSchema>;
export const ConnectionCutSchema = z.object({
  /** the probe step whose connection it was */
  step: StepIdSchema,
  phase: CutPhaseSchema,
  /** ECONNRESET, or an EOF (FIN) */
  how: z.enum(['reset', 'closed']),
  /** bytes the server had sent on that connection before it ended (0: cut before its first answer) */
  bytesReceived: z.number().int().min(0),
});
export type ConnectionCut = z.infer<typeof ConnectionCutSchema>;
export const PathFactsSchema = z.object({
  /** TCP connections the probe opened (each one a sample of the path) */
  connections: z.number().int().min(0),
  cuts: z.array(ConnectionCutSchema),
  /** per phase, connections on which the server answered as expected there */
  passed: z.record(CutPhaseSchema, z.number().int().min(0)),
});
export type PathFacts = z.infer<typeof PathFactsSchema>;

// ---- stability ------------------------------------------------------------------------------
export const StabilityFactsSchema = z.object({
  attempts: z.number().int(),
  failures: z.number().int(),
  minMs: z.number().nullable(),
  medianMs: z.number().nullable(),
  maxMs: z.number().nullable(),
  samplesMs: z.array(z.number()),
  /** the connections of the whole probe as samples of the path, up to this step (issue 22) */
  path: PathFactsSchema.optional(),
});
export type StabilityFacts = z.infer<typeof StabilityFactsSchema>;

// ---- nla credential check -------------------------------------------------------------------
export const NlaCheckFactsSchema = z.object({
  outcome: z.enum(['accepted', 'rejected', 'not-run', 'error']),
  /** the account as typed (never the password) */
  user: z.string(),
  /** NTSTATUS from TSRequest.errorCode (CredSSP v3+), hex "0xC000006D" */
  ntStatus: z.string().nullable(),
  ntStatusName: z.string().nullable(),
  /** one human sentence: why */
  reason: z.string(),
  credsspVersion: z.number().int().nullable(),
});
export type NlaCheckFacts = z.infer<typeof NlaCheckFactsSchema>;

// ---- findings -------------------------------------------------------------------------------
export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;
export const FindingSchema = z.object({
  id: z.string(),
  severity: SeveritySchema,
  title: z.string(),
  /** plain-language cause quoting this probe's evidence */
  detail: z.string(),
  evidence: z.array(z.string()),
  /** mstsc codes it explains, e.g. "0x904/0x7" */
  explainsCodes: z.array(z.string()),
  /** fix phase ids from the catalogue, per host kind */
  fixPhases: z.object({ windows: z.array(z.string()), xrdp: z.array(z.string()) }),
});
export type Finding = z.infer<typeof FindingSchema>;

// ---- the whole result -----------------------------------------------------------------------
export const StepSummarySchema = z.object({
  status: StepStatusSchema,
  durationMs: z.number().nullable(),
  /** one line for the live table */
  summary: z.string(),
  error: StepErrorSchema.optional(),
});
export type StepSummary = z.infer<typeof StepSummarySchema>;

export const ProbeResultSchema = z.object({
  schemaVersion: z.literal(PROBE_RESULT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('rdp-doctor'), version: z.string() }),
  input: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  /** true when the probe was cancelled or hit its overall deadline */
  aborted: z.boolean(),
  steps: z.record(StepIdSchema, StepSummarySchema),
  target: TargetFactsSchema.nullable(),
  tcp: TcpFactsSchema.nullable(),
  negotiation: NegotiationFactsSchema.nullable(),
  tls: TlsFactsSchema.nullable(),
  credssp: CredsspFactsSchema.nullable(),
  rdpSecurity: RdpSecurityFactsSchema.nullable(),
  stability: StabilityFactsSchema.nullable(),
  nlaCheck: NlaCheckFactsSchema.nullable(),
  /** how many TCP connections the probe opened to the server (what its connection log shows) */
  connections: z.number().int().min(0).optional(),
  /** every connection of the probe as a sample of the path: where some were cut (issue 22) */
  path: PathFactsSchema.optional(),
  /** which clients will connect (issue 21): the extra handshakes made and one verdict per client profile */
  clients: ClientsFactsSchema.optional(),
  findings: z.array(FindingSchema),
});
export type ProbeResult = z.infer<typeof ProbeResultSchema>;

// ---- requests and events --------------------------------------------------------------------
export const ProbeOptionsSchema = z.object({
  /** host, host:port, [v6]:port */
  target: z.string().min(1).max(HOST_INPUT_MAX),
  /** overall deadline in ms */
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** optional NLA credential check; the password is used once and dropped */
  credentials: z.object({ user: z.string().min(1).max(256), password: z.string().max(256) }).optional(),
  /** extra connects for the stability step, on top of the connect times of the probe's own connections */
  stabilitySamples: z.number().int().min(0).max(20).default(2),
});
export type ProbeOptions = z.input<typeof ProbeOptionsSchema>;
export type ProbeOptionsResolved = z.output<typeof ProbeOptionsSchema>;

/** Per-step facts carried by a step-finished event (the key named by `step`). */
export const StepFactsSchema = z
  .object({
    target: TargetFactsSchema,
    tcp: TcpFactsSchema,
    negotiation: NegotiationFactsSchema,
    tls: TlsFactsSchema,
    certificate: CertificateFactsSchema,
    credssp: CredsspFactsSchema,
    rdpSecurity: RdpSecurityFactsSchema,
    stability: StabilityFactsSchema,
    nlaCheck: NlaCheckFactsSchema,
  })
  .partial();
export type StepFacts = z.infer<typeof StepFactsSchema>;

export const ProbeEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('step'),
    runId: z.string(),
    step: StepIdSchema,
    status: StepStatusSchema,
    durationMs: z.number().nullable(),
    summary: z.string(),
    error: StepErrorSchema.optional(),
    facts: StepFactsSchema.optional(),
  }),
  z.object({ type: z.literal('finished'), runId: z.string(), result: ProbeResultSchema }),
  z.object({ type: z.literal('failed'), runId: z.string(), error: StepErrorSchema }),
]);
export type ProbeEvent = z.infer<typeof ProbeEventSchema>;
/** What a probe step reports while running (the runner adds runId). */
export type StepEvent = Omit<Extract<ProbeEvent, { type: 'step' }>, 'runId' | 'type'>;
