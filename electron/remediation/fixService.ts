/**
 * The one fix service: everything a door (the core's fix handlers, the CLI's inspect / fix / undo) does with
 * the remediation tier goes through here — connect (and trust a host key), inspect, suggest phases and plan,
 * the console script and its SHA-256, start / cancel a job, undo (with the earlier-job checks), verify again,
 * and what the audit log says is pending. The doors translate requests and print; the flow is written once.
 *
 * It owns no job list: the caller passes its `FixJobs` (the core's JobStore), so cancel and "which jobs are
 * running now" are one mechanism for the whole process. No import from core, cli, web, main or the renderer.
 */
import { createHash } from 'node:crypto';
import { FIX_PHASES, type HostKind } from '../../shared/findings';
import { planDigest } from '../../shared/planDigest';
import type { ProbeResult } from '../../shared/probe';
import type {
  AuditEntry,
  FixEvent,
  FixPlan,
  HostAccessResolved,
  Inspection,
  PhasePlan,
  SuppliedCertificate,
  SuppliedCertificateFacts,
} from '../../shared/remediation';
import { AuditLog, sameTarget } from './auditLog';
import { checkSupplied, planJob, suggestPhases } from './planJob';
import { remediationRegistry } from './registerAll';
import type { Registry } from './registry';
import { type JobOutcome, runJob } from './runJob';
import { KnownHosts } from './ssh/knownHosts';
import { readHostKey } from './ssh/sshDriver';
import { checkSuppliedCertificate, openSuppliedCertificate, type SuppliedPfx } from './suppliedCertificate';
import { type Driver, RemediationError, type SuppliedFacts } from './types';
import { undoJob } from './undoJob';
import { type ProbeFn, type Verified, verifyAgain } from './verifyJob';

/** The running fix and undo jobs of this process (the core's JobStore implements it). */
export interface FixJobs {
  start(opts: { cancellable: boolean; id?: string }): { jobId: string; signal: AbortSignal };
  finish(jobId: string): void;
  /** ids of the jobs running now (their pending audit lines are not "unfinished") */
  running(): string[];
  cancel(jobId: string): { cancelled: boolean; reason?: string };
}

export { type Driver, RemediationError } from './types';

export interface FixServiceOptions {
  /** default: every host kind's (registerAll.ts) */
  registry?: Registry;
  /** the app's data folder (audit log, SSH known hosts), asked for at each use */
  dataDir: () => string;
  jobs: FixJobs;
}

export interface HostKeyInfo {
  host: string;
  port: number;
  fingerprint: string;
  keyType: string;
  trusted: boolean;
  pinnedMismatch: boolean;
  /** the key trusted before, when the server now shows another */
  knownFingerprint: string | null;
}

export interface ConsoleScript {
  filename: string;
  content: string;
  sha256: string;
  /** the phases in it, in run order */
  phases: string[];
}

export interface StartRequest {
  target: string;
  hostKind: HostKind;
  access: HostAccessResolved;
  phases: readonly string[];
  /** the digest of the plan the technician approved; the plan made at start must match it */
  planDigest: string;
  /** that plan's phases, to name what differs when it no longer matches */
  approvedPlan?: readonly PhasePlan[];
  /** the probe the technician saw */
  before: ProbeResult | null;
  emit(event: FixEvent): void;
  /** an open connection to use (the caller closes it); otherwise the job opens its own */
  driver?: Driver;
  /** the caller's job id (the CLI's readable ids) */
  jobId?: string;
  /** a .pfx the technician supplied (bytes + password): opened and checked before anything starts */
  certificate?: SuppliedCertificate;
}

export interface UndoRequest {
  target: string;
  hostKind: HostKind;
  access: HostAccessResolved;
  /** the job to undo; default the newest with something left to undo */
  jobId?: string;
  force: boolean;
  emit(event: FixEvent): void;
  /** probe again after a clean undo (the app shows the host as it is now) */
  reprobe?: boolean;
  driver?: Driver;
  undoJobId?: string;
}

/** A job running in the background: its id at once, its outcome when it ends. */
export interface StartedJob {
  jobId: string;
  done: Promise<JobOutcome>;
}

export class FixService {
  private readonly registry: Registry;
  private readonly dataDir: () => string;
  private readonly jobs: FixJobs;
  /**
   * The .pfx opened for a request value, for as long as that value lives: a door that checks it first and then
   * plans and starts with the same value (the CLI) decrypts the PKCS#12 once, not three times. Keyed by the
   * value that already holds the password, so nothing secret is kept longer than the caller keeps it.
   */
  private readonly opened = new WeakMap<SuppliedCertificate, { target: string; pfx: SuppliedPfx }>();

  constructor(opts: FixServiceOptions) {
    this.registry = opts.registry ?? remediationRegistry({ dataDir: opts.dataDir });
    this.dataDir = opts.dataDir;
    this.jobs = opts.jobs;
  }

  audit(): AuditLog {
    return AuditLog.inDir(this.dataDir());
  }

  private knownHosts(): KnownHosts {
    return KnownHosts.inDir(this.dataDir());
  }

  /** The SSH server's host key, and whether it is the one trusted (or pinned) for it. */
  async hostKey(access: HostAccessResolved): Promise<HostKeyInfo> {
    if (access.via !== 'ssh')
      throw new RemediationError('unsupported', 'Host keys are an SSH matter; this access is not SSH.');
    const known = this.knownHosts();
    const key = await readHostKey(access, known);
    return {
      host: access.host,
      port: access.port,
      fingerprint: key.fingerprint,
      keyType: key.keyType,
      trusted: key.trusted,
      pinnedMismatch: key.pinnedMismatch,
      knownFingerprint: key.trusted ? null : known.lookup(access.host, access.port),
    };
  }

  /**
   * Opens the transport. `trustOnFirstUse` (the CLI's --trust-host-key): an SSH key not trusted yet is read
   * first, shown through `onTrust`, and exactly that key is trusted.
   */
  async connect(
    access: HostAccessResolved,
    opts: { trustOnFirstUse?: boolean; onTrust?(key: { fingerprint: string; keyType: string }): void } = {},
  ): Promise<Driver> {
    if (access.via === 'ssh' && opts.trustOnFirstUse) {
      const key = await readHostKey(access, this.knownHosts());
      if (!key.trusted) {
        opts.onTrust?.(key);
        access.trustHostKey = key.fingerprint;
      }
    }
    return this.registry.transport(access.via)(access, {});
  }

  /** Read-only look at the host, through `driver` or a connection of its own. */
  async inspect(target: string, hostKind: HostKind, via: HostAccessResolved | Driver): Promise<Inspection> {
    return this.withDriver(via, (driver) => this.registry.inspector(hostKind).inspect(driver, target));
  }

  /** Phase ids (run order) the findings call for; with an inspection, only those this host needs. */
  suggest(
    hostKind: HostKind,
    findingIds: readonly string[],
    inspection?: Inspection | null,
    supplied?: SuppliedFacts,
  ): string[] {
    return suggestPhases(this.registry, hostKind, findingIds, inspection, supplied);
  }

  /** A supplied .pfx's public facts and every reason it would be refused; reaches no host. */
  checkCertificate(
    certificate: SuppliedCertificate,
    target: string,
  ): { certificate: SuppliedCertificateFacts | null; problems: string[] } {
    return checkSuppliedCertificate(certificate, target);
  }

  /**
   * Opens and checks a supplied .pfx before any host is reached: a refusal (`certificate-refused`) names every
   * problem and nothing is sent. Its password stays inside the returned object.
   */
  openCertificate(certificate: SuppliedCertificate | undefined, target: string): SuppliedPfx | undefined {
    if (!certificate) return undefined;
    const seen = this.opened.get(certificate);
    if (seen?.target === target) return seen.pfx;
    const pfx = openSuppliedCertificate(certificate, target);
    this.opened.set(certificate, { target, pfx });
    return pfx;
  }

  /** Validates phase ids for a host kind (unknown, wrong kind, advice only: a RemediationError). */
  resolve(hostKind: HostKind, phases: readonly string[], supplied?: SuppliedFacts): string[] {
    const resolved = this.registry.resolvePhases(hostKind, phases);
    // a phase that installs what the technician supplies needs it: refused before any host is reached
    if (supplied !== undefined || resolved.some((p) => p.needs)) checkSupplied(resolved, supplied);
    return resolved.map((p) => p.id);
  }

  /** The plan with real values from an inspection; changes nothing. */
  planFrom(
    target: string,
    hostKind: HostKind,
    inspection: Inspection,
    phases: readonly string[],
    supplied?: SuppliedFacts,
  ): FixPlan {
    return planJob(this.registry, hostKind, target, inspection, phases, supplied);
  }

  /** The plan's phases that change something: not already right, and not a restart (it only reloads the others). */
  toChange(plan: FixPlan): FixPlan['phases'] {
    return plan.phases.filter((p) => !p.alreadyRight && !this.registry.phase(p.phase)?.runsLast);
  }

  /**
   * Inspect, then plan the phases asked for (or those the findings from outside and from the host call for).
   * A console-script access cannot inspect: its plan is the phases' steps in words.
   */
  async plan(input: {
    target: string;
    hostKind: HostKind;
    access: HostAccessResolved;
    phases?: readonly string[];
    /** finding ids seen from outside (the probe) */
    findings: readonly string[];
    /** an open connection to inspect through (the caller closes it); otherwise one of its own */
    driver?: Driver;
    /** a .pfx the technician supplied: checked before the host is reached; its public facts plan */
    certificate?: SuppliedCertificate;
  }): Promise<{ plan: FixPlan; inspection: Inspection | null; certificate?: SuppliedCertificateFacts | null }> {
    const { target, hostKind } = input;
    const pfx = this.openCertificate(input.certificate, target);
    const supplied = pfx ? { certificate: pfx.facts } : undefined;
    if (input.access.via === 'script') {
      const ids = input.phases ? [...input.phases] : this.suggest(hostKind, input.findings);
      this.resolve(hostKind, ids);
      return { plan: this.stepsOnlyPlan(target, hostKind, ids), inspection: null };
    }
    const inspection = await this.inspect(target, hostKind, input.driver ?? input.access);
    const ids =
      input.phases ??
      this.suggest(hostKind, [...input.findings, ...inspection.findings.map((f) => f.id)], inspection, supplied);
    return {
      plan: this.planFrom(target, hostKind, inspection, ids, supplied),
      inspection,
      ...(input.certificate ? { certificate: pfx?.facts ?? null } : {}),
    };
  }

  /** The console hand-over script for these phases, and its SHA-256 (the technician checks it at the console). */
  script(target: string, hostKind: HostKind, phases: readonly string[], format?: 'sh' | 'ps1'): ConsoleScript {
    const ids = this.resolve(hostKind, phases);
    const writer = this.registry.scriptWriter(hostKind, format ?? (hostKind === 'xrdp' ? 'sh' : 'ps1'));
    const { filename, content } = writer.write(target, ids);
    return { filename, content, sha256: createHash('sha256').update(content, 'utf8').digest('hex'), phases: ids };
  }

  /**
   * Starts a fix job in the background: its id at once, events through `emit`. The phases are validated and
   * an approved plan is checked against its digest before anything starts.
   */
  async start(input: StartRequest): Promise<StartedJob> {
    const phases = this.registry.resolvePhases(input.hostKind, input.phases);
    // checked before the job starts: a refused .pfx never reaches the host; its password lives only in `pfx`
    const pfx = this.openCertificate(input.certificate, input.target);
    checkSupplied(phases, pfx ? { certificate: pfx.facts } : undefined);
    if (input.approvedPlan && (await planDigest(input.approvedPlan)) !== input.planDigest)
      throw new RemediationError('bad-request', 'The approved plan sent does not match its digest.');
    const { jobId, signal } = this.jobs.start({ cancellable: true, id: input.jobId });
    const done = runJob({
      approved: { digest: input.planDigest, ...(input.approvedPlan ? { phases: input.approvedPlan } : {}) },
      jobId,
      target: input.target,
      hostKind: input.hostKind,
      access: input.access,
      phases: input.phases,
      registry: this.registry,
      audit: this.audit(),
      signal,
      emit: input.emit,
      before: input.before,
      ...(input.driver ? { driver: input.driver } : {}),
      ...(pfx ? { supplied: { certificate: pfx } } : {}),
    }).finally(() => this.jobs.finish(jobId));
    return { jobId, done };
  }

  cancel(jobId: string): { cancelled: boolean; reason?: string } {
    return this.jobs.cancel(jobId);
  }

  /** The newest job on the target with something left to undo (or that job), or null. */
  lastUndoable(target: string, jobId?: string): { jobId: string; entries: AuditEntry[] } | null {
    return this.audit().lastUndoable(target, jobId);
  }

  /**
   * Starts an undo in the background (it cannot be cancelled). Refused at once when the audit log has nothing
   * left to undo on the target (or in that job); the host-key and later-edit checks run in the job.
   */
  undo(input: UndoRequest): StartedJob {
    if (!this.lastUndoable(input.target, input.jobId)) {
      throw new RemediationError(
        'nothing-to-undo',
        input.jobId
          ? `Job ${input.jobId} has no change left to undo on ${input.target}.`
          : `No fix on ${input.target} is left to undo.`,
      );
    }
    const { jobId } = this.jobs.start({ cancellable: false, id: input.undoJobId });
    const done = undoJob({
      force: input.force,
      jobId,
      target: input.target,
      hostKind: input.hostKind,
      access: input.access,
      undoJobId: input.jobId,
      registry: this.registry,
      audit: this.audit(),
      ...(input.reprobe ? { reprobe: {} } : {}),
      ...(input.driver ? { driver: input.driver } : {}),
      emit: input.emit,
    }).finally(() => this.jobs.finish(jobId));
    return { jobId, done };
  }

  /** "Check again": re-probe and re-inspect a finished job, its newest verdict recorded under its id. */
  verifyAgain(input: {
    jobId: string;
    target: string;
    hostKind: HostKind;
    access: HostAccessResolved;
    before: ProbeResult | null;
    probe?: ProbeFn;
  }): Promise<Verified> {
    return verifyAgain({
      ...input,
      registry: this.registry,
      audit: this.audit(),
      signal: AbortSignal.timeout(120_000),
    });
  }

  /** Fixes cut short (or whose undo failed), newest first, except the jobs running now in this process. */
  unfinished(target?: string) {
    return this.audit().unfinished(target, this.jobs.running());
  }

  history(target?: string): AuditEntry[] {
    return this.audit().entries(target);
  }

  /** The audit entries a report shows: one job (and its undo), or every fix on the target since `since`. */
  reportEntries(target: string, since: string, jobId?: string): AuditEntry[] {
    const all = this.audit().entries();
    if (jobId) return all.filter((e) => e.jobId === jobId || e.undoes === jobId);
    return all.filter((e) => sameTarget(e.target, target) && e.at >= since);
  }

  /** Without a connection (the console script) phases are planned from their steps in words. */
  private stepsOnlyPlan(target: string, hostKind: HostKind, ids: string[]): FixPlan {
    return {
      target,
      hostKind,
      phases: ids.map((id) => {
        const entry = FIX_PHASES[id];
        const phase = this.registry.phase(id);
        return {
          phase: id,
          title: entry?.title ?? id,
          hostKind,
          addresses: phase?.addresses ?? [],
          risks: phase?.risks ?? [],
          changes: [],
          commands: entry?.steps ?? [],
          alreadyRight: false,
        };
      }),
    };
  }

  private async withDriver<T>(via: HostAccessResolved | Driver, use: (driver: Driver) => Promise<T>): Promise<T> {
    if (!('via' in via)) return use(via);
    const driver = await this.registry.transport(via.via)(via, {});
    try {
      return await use(driver);
    } finally {
      await driver.close().catch(() => undefined);
    }
  }
}
