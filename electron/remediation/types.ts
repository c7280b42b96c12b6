/**
 * The remediation core's seams: drivers are transports, phases are the knowledge, inspectors read a host.
 *
 *   Driver    runs a repo script / one argv command on the host (values as arguments or stdin, never spliced),
 *             streams output lines, reads/writes files, honours an AbortSignal, closes. Knows nothing of xrdp
 *             or Windows. One per transport: ssh (electron/remediation/ssh), local PowerShell, WinRM…
 *   Inspector reads a host of one kind (read-only) → Inspection (facts + host-confirmed findings).
 *   Phase     one fix phase declared in shared/fixPhases (see below): plan(inspection) → PhasePlan with real
 *             values and `alreadyRight`; apply(ctx) → records a JSON backup (ctx.backup) BEFORE changing
 *             anything, streams output; verify(ctx) → compares the re-inspection with what it promised;
 *             undo(ctx, backup) restores exactly what the backup holds.
 *   Runner    (runJob.ts) inspect → plan → apply each phase → undo on failure/cancel → verify by re-probe +
 *             re-inspection → audit log (auditLog.ts). Host-kind agnostic.
 *
 * ## Adding a fix phase = one spec + one script (any host kind)
 * 1. The spec: one `FixPhaseSpec` entry in `shared/fixPhases/<kind>.ts` (shape and field meanings:
 *    shared/fixPhases/types.ts), placed where it should be offered and run (table order). Its words (title,
 *    summary, steps), `addresses` (the finding ids it fixes: the finding catalogue, the renderer, the CLI and the
 *    planner all offer it from these — never list it anywhere else), `risks`, the copyable `commands(ctx)`, the
 *    flags (`runsLast`, `selfContained`, `firstFor`), `script`, and the pure hooks over the inspection's facts
 *    (`facts`, `wanted`, `plan`, `input`, `verify`; no Node, no I/O: the renderer bundles this file).
 * 2. The script: `electron/remediation/<kind>/scripts/<script>` (POSIX sh for xrdp, .ps1 for Windows, 5.1),
 *    actions plan / apply / undo (and optionally verify): one JSON document in (the spec's `input` plus `action`
 *    and, for undo, `backup`), one JSON document out; run through `Driver.call(script, input)`. Its `plan`
 *    returns the backup (the real old values) without changing anything; `apply` is idempotent; `undo` checks
 *    every backup value before it changes anything.
 *    xrdp: `scripts/phase-<name>.sh` (found by a glob in xrdp/scripts.ts), starting with `set -eu`,
 *    `# @include phase-lib.sh` (input KEY=VALUE → in_KEY, `change`, `out_json`, `phase_done`, `phase_fail`) and
 *    the shared checks it needs (`# @include root-path-check.sh`, `xrdp-ini.sh`, `xrdp-ini-backup.sh` — whose
 *    `ini_set_phase KEY VALUE` is the whole of a one-key xrdp.ini phase —, `# @include-function xrdp_service
 *    xrdp-restart.sh` with `# @include xrdp-service-run.sh` to start/stop/restart xrdp judged by its listener…;
 *    the pieces are SH_INCLUDES in xrdp/scripts.ts); a file it will write is named in its plan's `writes`
 *    (path, SHA-256 before and after) so the audit log notes it before the apply. The console script includes it.
 * `scriptedPhase(spec)` (scriptedPhase.ts) makes the runnable Phase; the host kind's register.ts registers every
 * spec with a script, and the console hand-over carries the same scripts. An advice-only phase (shown, never
 * run) is a spec with `adviceOnly: true` and no script: one file. tests/unit/shared/fixPhaseDeclarations.test.ts
 * checks that the table, the scripts, the registry and every offer agree.
 *
 * ## Adding a host kind (e.g. `windows`)
 * 1. Write `electron/remediation/<kind>/register.ts` exporting `register<Kind>(registry: RemediationRegistry)`
 *    that calls `registry.addInspector(...)`, `registry.addPhase(...)` for each phase, `registry.addTransport(...)`
 *    for each transport it brings (`local`, `winrm`) and `registry.addScriptWriter(...)` for the console
 *    hand-over (`ps1`).
 * 2. Add ONE line to `electron/remediation/registerAll.ts` calling it.
 * Nothing in the runner, the handlers or the CLI changes: they look phases/inspectors/transports up by kind/id.
 */
import type { HostKind } from '../../shared/findings';
import type { SuppliedPhaseFacts } from '../../shared/fixPhases/types';
import type { ProbeResult } from '../../shared/probe';
import type { HostAccessResolved, Inspection, PhasePlan, SuppliedCertificateFacts } from '../../shared/remediation';

export type OutputStream = 'stdout' | 'stderr' | 'info';

/** JSON-serialisable value (backups cross the audit log). */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface RunOptions {
  /** data for the process's standard input (e.g. a file's new bytes); never a secret of ours unless the driver adds it */
  stdin?: string | Buffer;
  /** run with administrator rights (sudo over SSH, elevated PowerShell); the driver decides how */
  elevated?: boolean;
  /** stops the command; the driver closes the channel / kills the process and rejects with AbortError */
  signal?: AbortSignal;
  /** each complete output line as it arrives */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Options of Driver.call: a run's options, plus secrets that reach the script on stdin only. */
export interface CallOptions extends Omit<RunOptions, 'stdin'> {
  /** values the script needs that must never be on a command line or in a log (sent on standard input) */
  secrets?: Record<string, string>;
}

/** A transport to one host. Implementations: SshDriver (xrdp), local/WinRM PowerShell (windows). */
export interface Driver {
  /** "root@10.0.0.5:22 (ssh)", "this computer" — shown in the UI, the audit log and the report */
  readonly reachedAs: string;
  /**
   * The host's identity as this transport saw it (the SSH host key fingerprint), when it has one: recorded
   * with each change so an undo can tell when it would act on another machine.
   */
  readonly hostKey?: string;
  /**
   * Runs a script file kept in the repo (name relative to that host kind's scripts folder, e.g.
   * "xrdp-inspect.sh") with positional arguments. Arguments are data: the driver quotes them with its one
   * quoting function (or passes them as -ArgumentList / JSON), never splices them into script text.
   */
  runScript(name: string, args: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /**
   * Runs a repo script with an action and its input as DATA and returns the one JSON object it answers with
   * (a phase script's plan / apply / undo). PowerShell: the input as JSON on stdin, `param()` in the script.
   * SSH: KEY=VALUE arguments read by ssh/scripts/phase-lib.sh (ssh/shCall.ts). A script that answers
   * `{ok:false, error:{code, message}}` — or nothing — rejects with a RemediationError.
   */
  call(script: string, input: Record<string, Json>, opts?: CallOptions): Promise<Record<string, unknown>>;
  /** Runs one command given as argv (each element quoted as data). */
  run(argv: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /** A file's bytes, or null when it does not exist. Elevated when the plain user cannot read it. */
  readFile(path: string, opts?: { elevated?: boolean; signal?: AbortSignal }): Promise<Buffer | null>;
  /** Replaces a file's bytes (keeping owner and mode when it exists; `mode` for a new file). */
  writeFile(
    path: string,
    data: Buffer,
    opts?: { elevated?: boolean; mode?: number; signal?: AbortSignal },
  ): Promise<void>;
  close(): Promise<void>;
}

/** Opens a driver for a HostAccess (one per `via`). Throws a RemediationError with a clear code on failure. */
export type TransportFactory = (access: HostAccessResolved, opts: { signal?: AbortSignal }) => Promise<Driver>;

export interface Inspector {
  hostKind: HostKind;
  /** read-only; `target` is the RDP target as typed (host[:port]) */
  inspect(driver: Driver, target: string, signal?: AbortSignal): Promise<Inspection>;
}

/**
 * A certificate the technician supplied, opened and checked (SuppliedPfx in suppliedCertificate.ts). The secret
 * half goes to a script's stdin and nowhere else: never an argument, a log line, a backup or an audit entry.
 */
export interface SuppliedCertificateMaterial {
  readonly facts: SuppliedCertificateFacts;
  /** the .pfx bytes and its password (Windows imports the file as it is) */
  secretPfx(): { pfx: Buffer; password: string };
  /** the private key (unencrypted PEM) and the certificate then its chain (PEM), for hosts that read PEM files */
  secretPem(): { keyPem: string; chainPem: string };
}

/** What a job was given besides the phase ids (issue 21): material a phase cannot find on the host. */
export interface Supplied {
  certificate?: SuppliedCertificateMaterial;
}

/** The public side of `Supplied`: what plans are made from (and so what the plan digest covers). */
export type SuppliedFacts = SuppliedPhaseFacts;

export interface PhaseContext {
  /** the job this phase runs in (names its backups on the host) */
  jobId: string;
  driver: Driver;
  /** the inspection the plan was made from (facts per host kind) */
  inspection: Inspection;
  plan: PhasePlan;
  target: string;
  signal: AbortSignal;
  log(line: string, stream?: OutputStream): void;
  /** Records what undo needs. Call BEFORE the first change (and again when it grows); never a secret. */
  backup(value: Json): void;
  /** what the technician supplied for this job (a .pfx): only for a phase that `needs` it; absent on undo */
  supplied?: Supplied;
}

export interface VerifyContext {
  driver: Driver;
  target: string;
  plan: PhasePlan;
  /** the fresh inspection after every phase ran */
  inspection: Inspection;
  /** the fresh probe after every phase ran (null when the target could not be probed) */
  probe: ProbeResult | null;
  signal: AbortSignal;
}

export interface PhaseVerdict {
  ok: boolean;
  message: string;
}

export interface Phase {
  /** a fix-phase id from the catalogue (shared/findings.ts FIX_PHASES) */
  id: string;
  hostKind: HostKind;
  /** finding ids it addresses */
  addresses: string[];
  /** plain-language risks ("Disconnects every session") */
  risks: string[];
  /**
   * Takes effect for the others (restarts the service): runs after them and, when a job is undone, runs its
   * `undo` after every other phase's undo (so the service reloads what was put back).
   */
  runsLast?: boolean;
  /** takes effect by itself (starts the service): choosing it alone does not bring the `runsLast` phases */
  selfContained?: boolean;
  /**
   * Whether this host needs the phase at all, given the inspection and the findings (outside and host): lets
   * the planner pick one of several phases addressing the same finding (fix the key's permissions OR make a new
   * certificate). Absent = needed whenever it addresses a finding.
   */
  wanted?(inspection: Inspection, findingIds: readonly string[]): boolean;
  /**
   * Needs material the technician supplies (a certificate from a .pfx): suggested only when it is supplied (and
   * then in place of the phases addressing the same findings); refused without it.
   */
  needs?: 'certificate';
  /** exact changes with the host's real values; changes nothing */
  plan(inspection: Inspection, target: string, supplied?: SuppliedFacts): PhasePlan;
  apply(ctx: PhaseContext): Promise<void>;
  verify(ctx: VerifyContext): Promise<PhaseVerdict>;
  undo(ctx: PhaseContext, backup: Json): Promise<void>;
}

/** Writes the console hand-over script for a plan (sh for xrdp, ps1 for Windows). */
export interface ScriptWriter {
  hostKind: HostKind;
  format: 'sh' | 'ps1';
  write(target: string, phases: readonly string[]): { filename: string; content: string };
}

export interface RemediationRegistry {
  addInspector(inspector: Inspector): void;
  addPhase(phase: Phase): void;
  addTransport(via: HostAccessResolved['via'], factory: TransportFactory): void;
  addScriptWriter(writer: ScriptWriter): void;
}

/** An expected failure with a machine-readable code ("ssh-unreachable", "ssh-host-key-mismatch", "no-sudo"…). */
export class RemediationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RemediationError';
  }
}

export function abortError(): Error {
  const err = new Error('Cancelled.');
  err.name = 'AbortError';
  return err;
}

export function isAbortError(err: unknown): boolean {
  return (err as Error | undefined)?.name === 'AbortError';
}
