/**
 * The fix half's data model, shared by the renderer, the cores (electron/remediation) and every door
 * (Electron IPC, web mode, CLI). A fix job is: inspect the host (read-only) → plan phases with real values →
 * apply each phase (backup first) → verify by a fresh probe and re-inspection → undo from the backup.
 *
 * Secrets (SSH password, key passphrase, sudo password, WinRM password) travel only inside a `HostAccess`
 * request value: the core uses them once for that job and never echoes, logs, stores or reports them.
 */
import { z } from 'zod';
import { FindingSchema, ProbeResultSchema } from './probe';

export const HostKindSchema = z.enum(['windows', 'xrdp']);

const secret = z.string().max(1024);
/** "SHA256:" + 43 base64 characters, as OpenSSH prints a host key fingerprint */
export const SshFingerprintSchema = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'expected SHA256:… (43 base64 chars)');

export const SshAuthSchema = z.discriminatedUnion('method', [
  /** a private key file on this computer (path) or its text (pasted or picked in the UI) */
  z.object({
    method: z.literal('key'),
    identityFile: z.string().max(4096).optional(),
    privateKey: z
      .string()
      .max(64 * 1024)
      .optional(),
    passphrase: secret.optional(),
  }),
  z.object({ method: z.literal('agent') }),
  z.object({ method: z.literal('password'), password: secret }),
]);
export type SshAuth = z.infer<typeof SshAuthSchema>;

/** How the fix core reaches the host. `script` runs nothing: it produces the console hand-over script. */
export const HostAccessSchema = z.discriminatedUnion('via', [
  z.object({
    via: z.literal('ssh'),
    host: z.string().min(1).max(300),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1).max(256),
    auth: SshAuthSchema,
    /** pinned host key; without it the key must already be trusted in the app's known-hosts file */
    hostKey: SshFingerprintSchema.optional(),
    /** trust the key the server shows now (the technician confirmed the fingerprint on screen) */
    trustHostKey: SshFingerprintSchema.optional(),
    /**
     * the key trusted before that `trustHostKey` replaces: the technician confirmed the server was reinstalled
     * (old and new fingerprints shown). Only this exact old key is replaced; any other mismatch still stops.
     */
    replaceHostKey: SshFingerprintSchema.optional(),
    /** for `sudo -S` when `sudo -n` is not allowed; fed on stdin, never on a command line */
    sudoPassword: secret.optional(),
  }),
  z.object({
    via: z.literal('winrm'),
    computer: z.string().min(1).max(300),
    port: z.number().int().min(1).max(65535).optional(),
    useSsl: z.boolean().default(false),
    /** DOMAIN\name or name@domain; omitted = the technician's own Windows logon */
    user: z.string().max(256).optional(),
    password: secret.optional(),
  }),
  z.object({ via: z.literal('local') }),
  z.object({ via: z.literal('script'), format: z.enum(['sh', 'ps1']) }),
]);
export type HostAccess = z.input<typeof HostAccessSchema>;
export type HostAccessResolved = z.output<typeof HostAccessSchema>;

/** The largest .pfx the fix requests carry (a server certificate with its chain is a few KiB). */
export const PFX_MAX_BYTES = 100 * 1024;
/** Characters of PFX_MAX_BYTES in base64 (4 per 3 bytes, padded). */
export const PFX_MAX_BASE64 = Math.ceil(PFX_MAX_BYTES / 3) * 4;

/**
 * A certificate the technician supplies (issue 21): the .pfx file's bytes in base64 and its password, a secret
 * like the others (used once for this request, never echoed, logged, stored or reported). The core opens and
 * checks it (electron/remediation/pfxCheck.ts) before anything reaches the host.
 */
export const SuppliedCertificateSchema = z.object({
  pfxBase64: z
    .string()
    .min(1, 'The .pfx file is empty.')
    .max(PFX_MAX_BASE64, `The .pfx file is larger than ${PFX_MAX_BYTES / 1024} KiB: that is not a server certificate.`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The .pfx must be sent as base64.'),
  password: secret,
  /** the file's name as chosen (for messages only) */
  fileName: z.string().max(255).optional(),
});
export type SuppliedCertificate = z.infer<typeof SuppliedCertificateSchema>;

/** The PUBLIC facts of a supplied certificate, checked: what the plan, the UI, the audit log and the report show. */
export const SuppliedCertificateFactsSchema = z.object({
  /** uppercase hex, as the probe's sha1Thumbprint (what Windows' SSLCertificateSHA1Hash holds) */
  sha1Thumbprint: z.string(),
  /** uppercase hex, as the probe's sha256Fingerprint */
  sha256Fingerprint: z.string(),
  subject: z.string(),
  issuer: z.string(),
  sans: z.array(z.string()),
  notBefore: z.string(),
  notAfter: z.string(),
  keyBits: z.number().int(),
  /** certificates that came with it (intermediate CAs), sent to clients after it */
  chainLength: z.number().int(),
  fileName: z.string().optional(),
});
export type SuppliedCertificateFacts = z.infer<typeof SuppliedCertificateFactsSchema>;

/** Where a fact was seen: on the wire (outside probe) or read on the host (inspection). */
export const SeenOnSchema = z.enum(['wire', 'host']);

/** A finding the inspection confirmed (or refuted) on the host, with host evidence. */
export const HostFindingSchema = FindingSchema.extend({ seenOn: SeenOnSchema });
export type HostFinding = z.infer<typeof HostFindingSchema>;

/** Read-only inspection of the host: facts by name (per host kind) and the host-confirmed findings. */
export const InspectionSchema = z.object({
  hostKind: HostKindSchema,
  /** "root@10.0.0.5:22 (ssh)", "this computer", "srv01 (WinRM HTTPS)" */
  reachedAs: z.string(),
  inspectedAt: z.string(),
  /** per host kind: xrdp version, ini values, key path, service manager…; Windows: listener, cert, key ACL… */
  facts: z.record(z.string(), z.unknown()),
  findings: z.array(HostFindingSchema),
  /** one line per fact worth showing ("key_file=/etc/xrdp/key.pem → /etc/ssl/private/ssl-cert-snakeoil.key") */
  summary: z.array(z.string()),
});
export type Inspection = z.infer<typeof InspectionSchema>;

/** One concrete change a phase will make, with the real values: "group ssl-cert: postgres → postgres,xrdp". */
export const PlannedChangeSchema = z.object({
  target: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export const PhasePlanSchema = z.object({
  /** a fix-phase id from the catalogue (shared/findings.ts) */
  phase: z.string(),
  title: z.string(),
  hostKind: HostKindSchema,
  /** finding ids it addresses */
  addresses: z.array(z.string()),
  /** "Disconnects every session", "Changes the server's security settings" */
  risks: z.array(z.string()),
  changes: z.array(PlannedChangeSchema),
  /** the exact commands it will run, for the technician to read */
  commands: z.array(z.string()),
  /** nothing to change: the host is already right for this phase */
  alreadyRight: z.boolean(),
});
export type PhasePlan = z.infer<typeof PhasePlanSchema>;

export const FixPlanSchema = z.object({
  target: z.string(),
  hostKind: HostKindSchema,
  phases: z.array(PhasePlanSchema),
});
export type FixPlan = z.infer<typeof FixPlanSchema>;

export const PhaseOutcomeSchema = z.enum([
  /** the phase recorded its backup and is about to change the host (on disk before the first change) */
  'pending',
  'applied',
  'already-right',
  'verified',
  'not-verified',
  'failed',
  'rolled-back',
]);
export type PhaseOutcome = z.infer<typeof PhaseOutcomeSchema>;

export const WrittenFileSchema = z.object({
  path: z.string(),
  before: z.string().nullable(),
  after: z.string(),
});
export type WrittenFile = z.infer<typeof WrittenFileSchema>;

/** One line of the audit log (JSONL in the app's data folder) and of the report's "Actions taken". */
export const AuditEntrySchema = z.object({
  jobId: z.string(),
  at: z.string(),
  /** the technician's OS account on this computer */
  who: z.string(),
  /** the RDP target */
  target: z.string(),
  reachedAs: z.string(),
  phase: z.string(),
  action: z.enum(['apply', 'undo']),
  /** for action 'undo': the job whose change this entry puts back */
  undoes: z.string().optional(),
  changes: z.array(PlannedChangeSchema),
  outcome: PhaseOutcomeSchema,
  message: z.string().optional(),
  /** what undo needs (old bytes, old group list, old ACL as SDDL…); never a secret */
  backup: z.unknown().optional(),
  /**
   * the files this phase wrote, with the SHA-256 of the bytes before (null: it did not exist) and of what it
   * wrote (never the bytes): undo compares the live file with them and asks before overwriting a later edit
   */
  written: z.array(WrittenFileSchema).optional(),
  /** the transport's identity of the host when the change was made (the SSH host key fingerprint) */
  hostKey: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const FixEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase-started'), jobId: z.string(), seq: z.number().int(), phase: z.string() }),
  z.object({
    type: z.literal('output'),
    jobId: z.string(),
    seq: z.number().int(),
    phase: z.string(),
    stream: z.enum(['stdout', 'stderr', 'info']),
    line: z.string(),
  }),
  z.object({
    type: z.literal('phase-finished'),
    jobId: z.string(),
    seq: z.number().int(),
    phase: z.string(),
    outcome: PhaseOutcomeSchema,
    message: z.string(),
  }),
  /** the verify re-probe after the phases, with the re-inspection */
  z.object({
    type: z.literal('verified'),
    jobId: z.string(),
    seq: z.number().int(),
    before: ProbeResultSchema.nullable(),
    after: ProbeResultSchema,
    inspection: InspectionSchema.nullable(),
    fixed: z.boolean(),
    message: z.string(),
  }),
  /** the verify step is waiting for the service to answer again ("Waiting for xrdp to come back…") */
  z.object({
    type: z.literal('verifying'),
    jobId: z.string(),
    seq: z.number().int(),
    message: z.string(),
  }),
  z.object({
    type: z.literal('finished'),
    jobId: z.string(),
    seq: z.number().int(),
    ok: z.boolean(),
    entries: z.array(AuditEntrySchema),
  }),
  z.object({
    type: z.literal('failed'),
    jobId: z.string(),
    seq: z.number().int(),
    error: z.object({
      code: z.string(),
      message: z.string(),
      /** one line per difference ("host-changed": what the plan says now against what was approved) */
      details: z.array(z.string()).optional(),
    }),
  }),
]);
export type FixEvent = z.infer<typeof FixEventSchema>;

/** What the SSH door shows before anything runs: the host key to trust, when it is not yet trusted. */
export const HostKeyPromptSchema = z.object({
  host: z.string(),
  port: z.number(),
  fingerprint: z.string(),
  keyType: z.string(),
});

/** Why an undo has no Cancel: said by `fix.cancel` and beside the disabled button (app) and on Ctrl-C (CLI). */
export const UNDO_NOT_CANCELLABLE =
  'An undo cannot be cancelled: stopping it halfway would leave the host half put back. It finishes on its own (at most 2 minutes).';
