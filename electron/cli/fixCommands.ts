/**
 * `rdp-doctor inspect | fix | undo HOST …`: parsing and printing only; the work is electron/remediation's
 * (the same registry, runner and audit log as the app). Exit codes for fix and undo: 0 every phase ran and
 * the re-probe verified it (or nothing needed changing), 1 something failed or did not verify (undone where
 * it could be) or the technician said no, 2 bad input or the host could not be reached/authenticated
 * (nothing changed).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import pc from 'picocolors';
import type { UndoableJob } from '../../shared/auditRules';
import { planDigest } from '../../shared/planDigest';
import type { ProbeResult } from '../../shared/probe';
import {
  type FixEvent,
  type FixPlan,
  type Inspection,
  PFX_MAX_BYTES,
  UNDO_NOT_CANCELLABLE,
} from '../../shared/remediation';
import { ensureDataDir } from '../core/dataDir';
import { probeAndDiagnose } from '../core/probeAndDiagnose';
import { parseTarget } from '../probe/parseTarget';
import { AuditLog } from '../remediation/auditLog';
import { checkSupplied, planJob, suggestPhases } from '../remediation/planJob';
import { remediationRegistry } from '../remediation/registerAll';
import { runJob, undoJob } from '../remediation/runJob';
import { KnownHosts } from '../remediation/ssh/knownHosts';
import { readHostKey } from '../remediation/ssh/sshDriver';
import { openSuppliedCertificate, type SuppliedPfx } from '../remediation/suppliedCertificate';
import { type Driver, RemediationError } from '../remediation/types';
import { actionsFromAudit } from '../report/auditActions';
import { ReportError } from '../report/errors';
import { formatForPath } from '../report/reportFormat';
import { writeReportFile } from '../report/writeReportFile';
import {
  type AccessCliOptions,
  accessFromOptions,
  addAccessOptions,
  cliInput,
  type ResolvedAccess,
  StdinLines,
} from './hostAccess';
import { hostText } from './hostText';
import { EXIT_USAGE, UsageError } from './usage';

const EXIT_NOT_FIXED = 1;

/** Failures before anything changed that come from what was typed or the account: exit 2. */
const INPUT_CODES = new Set([
  'ssh-host-key-unknown',
  'ssh-host-key-mismatch',
  'ssh-auth-failed',
  'ssh-unreachable',
  'ssh-key-passphrase',
  'ssh-key-unreadable',
  'ssh-agent',
  'ssh-failed',
  'no-sudo',
  'sudo-password-needed',
  'sudo-password-wrong',
  'unknown-phase',
  'wrong-host-kind',
  'bad-target',
  'nothing-to-undo',
  'unsupported-transport',
  'unsupported-host-kind',
  'unsupported-script',
  // Windows: this computer cannot reach it, or WinRM / the account refused before anything changed
  'certificate-refused',
  'needs-certificate',
  'needs-connection',
  'needs-windows',
  'winrm-unreachable',
  'winrm-trusted-hosts',
  'winrm-access-denied',
  'not-elevated',
  'ps-too-old',
]);

interface FixCliOptions extends AccessCliOptions {
  phase?: string[];
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  report?: string;
  script?: string;
  out?: string;
  codes?: string;
  pfx?: string;
  pfxPasswordStdin?: boolean;
}

const out = (s: string) => process.stdout.write(s);
const err = (s: string) => process.stderr.write(s);

function targetOrUsage(host: string): string {
  const t = parseTarget(host);
  if (!t.ok) throw new UsageError(t.message);
  return host.trim();
}

/** RemediationError → exit code with its message on stderr. */
function failed(e: unknown): number {
  if (e instanceof RemediationError) {
    err(`rdp-doctor: ${hostText(e.message)}\n`);
    return INPUT_CODES.has(e.code) ? EXIT_USAGE : EXIT_NOT_FIXED;
  }
  throw e;
}

/**
 * --pfx FILE (+ --pfx-password-stdin, the next secret line): read, size-checked and checked for the target
 * before the host is reached. The password stays in the returned value, used once for this run.
 */
async function suppliedFromOptions(
  options: FixCliOptions,
  target: string,
  stdin: StdinLines,
): Promise<SuppliedPfx | undefined> {
  if (!options.pfx) {
    if (options.pfxPasswordStdin) throw new UsageError('--pfx-password-stdin goes with --pfx FILE');
    return undefined;
  }
  let size: number;
  try {
    size = statSync(options.pfx).size;
  } catch (e) {
    throw new UsageError(
      `--pfx ${options.pfx}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  if (size > PFX_MAX_BYTES)
    throw new UsageError(
      `--pfx ${options.pfx} is ${Math.ceil(size / 1024)} KiB, larger than ${PFX_MAX_BYTES / 1024} KiB: that is not a server certificate`,
    );
  const password = options.pfxPasswordStdin ? await stdin.next('--pfx-password-stdin') : '';
  return openSuppliedCertificate(
    {
      pfxBase64: readFileSync(options.pfx).toString('base64'),
      password,
      fileName: options.pfx.split(/[\\/]/).pop() ?? options.pfx,
    },
    target,
  );
}

function printCertificate(pfx: SuppliedPfx, c: ReturnType<typeof pc.createColors>): void {
  const f = pfx.facts;
  out(`${c.bold('Certificate to install')} ${f.fileName ? c.dim(`(${hostText(f.fileName)})`) : ''}
`);
  out(`  subject  ${hostText(f.subject)}
  issuer   ${hostText(f.issuer)}
`);
  out(`  names    ${hostText(f.sans.join(', ') || '(none)')}
  valid    ${f.notBefore} → ${f.notAfter}
`);
  out(`  SHA-1    ${f.sha1Thumbprint}
  SHA-256  ${f.sha256Fingerprint}
  key      RSA ${f.keyBits} bits
`);
}

/** Opens the transport; with --trust-host-key, shows the key first and trusts exactly that one. */
async function connect(resolved: ResolvedAccess, quiet: boolean): Promise<Driver> {
  const registry = remediationRegistry();
  const access = resolved.access;
  if (access.via === 'ssh' && resolved.trustOnFirstUse) {
    const key = await readHostKey(access, KnownHosts.inDir(ensureDataDir()));
    if (!key.trusted) {
      if (!quiet)
        err(`Trusting the SSH host key of ${access.host}:${access.port}: ${key.fingerprint} (${key.keyType})\n`);
      access.trustHostKey = key.fingerprint;
    }
  }
  return registry.transport(access.via)(access, {});
}

async function confirm(question: string, stdin: StdinLines): Promise<boolean> {
  let answer: string;
  if (process.stdin.isTTY && cliInput.stdin === process.stdin) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    answer = await new Promise<string>((resolve) => rl.question(question, resolve));
    rl.close();
  } else {
    err(question);
    answer = await stdin.next('the answer to the confirmation').catch(() => '');
    err('\n');
  }
  return /^y(es)?$/i.test(answer.trim());
}

function printInspection(ins: Inspection, c: ReturnType<typeof pc.createColors>): void {
  out(`${c.bold(`Inspected ${ins.reachedAs}`)} (${ins.hostKind}, read-only)\n`);
  for (const line of ins.summary) out(`  ${hostText(line)}\n`);
  if (!ins.findings.length) {
    out(`${c.green('✓')} No problem found on the host.\n`);
    return;
  }
  out(`${c.bold('Host-confirmed findings')}\n`);
  for (const f of ins.findings) {
    const icon = f.severity === 'error' ? c.red('✗') : f.severity === 'warning' ? c.yellow('!') : c.dim('i');
    out(`${icon} ${hostText(f.title)} ${c.dim(`[${hostText(f.id)}]`)}\n`);
    for (const ev of f.evidence) out(`    ${c.dim(hostText(ev))}\n`);
    if (f.fixPhases.xrdp.length || f.fixPhases.windows.length) {
      out(
        `    fix: rdp-doctor fix … --phase ${(ins.hostKind === 'xrdp' ? f.fixPhases.xrdp : f.fixPhases.windows).join(' --phase ')}\n`,
      );
    }
  }
}

function printPlan(plan: FixPlan, reachedAs: string, c: ReturnType<typeof pc.createColors>): void {
  out(`${c.bold(`Plan for ${plan.target}`)} (${plan.hostKind}, via ${reachedAs})\n`);
  plan.phases.forEach((p, i) => {
    const state = p.alreadyRight ? c.green(' — already right, nothing to change') : '';
    out(`${i + 1}. ${p.title} ${c.dim(`[${p.phase}]`)}${state}\n`);
    if (p.alreadyRight) return;
    for (const ch of p.changes)
      out(`     ${hostText(ch.target)}: ${hostText(ch.before ?? '(none)')} → ${hostText(ch.after ?? '(none)')}\n`);
    for (const cmd of p.commands) out(`     ${c.dim('$')} ${hostText(cmd)}\n`);
    for (const r of p.risks) out(`     ${c.yellow('risk:')} ${hostText(r)}\n`);
  });
}

function printEvent(e: FixEvent, c: ReturnType<typeof pc.createColors>): void {
  switch (e.type) {
    case 'phase-started':
      out(`${c.cyan('▶')} ${e.phase}\n`);
      break;
    case 'output':
      out(`  ${c.dim('│')} ${e.stream === 'stderr' ? c.yellow(hostText(e.line)) : hostText(e.line)}\n`);
      break;
    case 'phase-finished': {
      const ok = e.outcome === 'verified' || e.outcome === 'applied' || e.outcome === 'already-right';
      const icon = ok ? c.green('✓') : e.outcome === 'rolled-back' ? c.yellow('↺') : c.red('✗');
      out(`${icon} ${e.phase}: ${e.outcome}${e.message ? ` — ${hostText(e.message)}` : ''}\n`);
      break;
    }
    case 'verified':
      out(`${e.fixed ? c.green('✓ Verified') : c.red('✗ Not verified')}: ${hostText(e.message)}\n`);
      out(
        `  findings before: ${e.before ? e.before.findings.map((f) => f.id).join(', ') || 'none' : '(no probe before)'}\n`,
      );
      out(`  findings after:  ${e.after.findings.map((f) => f.id).join(', ') || 'none'}\n`);
      if (e.after.tls) {
        const v = e.after.tls.versions.map((x) => `${x.version} ${x.ok ? 'ok' : 'no'}`).join(', ');
        out(
          `  TLS after: ${v}${e.after.tls.certificate ? `; certificate ${hostText(e.after.tls.certificate.subject)}` : ''}\n`,
        );
      }
      break;
    case 'verifying':
      out(`${c.dim('…')} ${hostText(e.message)}\n`);
      break;
    case 'failed':
      err(`rdp-doctor: ${hostText(e.error.message)}\n`);
      for (const d of e.error.details ?? []) err(`  - ${hostText(d)}\n`);
      if (e.error.code === 'undo-conflict')
        err('Run the undo again with --force to put the backup back over these edits.\n');
      break;
    case 'finished':
      break;
  }
}

function colors(): ReturnType<typeof pc.createColors> {
  return pc.createColors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
}

/** "rdp-doctor undo TARGET --ssh user@host:port" from what the audit log recorded of how the host was reached. */
function undoCommand(job: UndoableJob): string {
  const ssh = /^(.+@.+:\d+) \(ssh\)$/.exec(job.reachedAs);
  return `rdp-doctor undo ${job.target}${ssh ? ` --ssh ${ssh[1]}` : ''} …`;
}

/** One line per fix cut short (or whose undo failed) in the audit log, newest first. */
function tellUnfinished(jobs: readonly UndoableJob[]): void {
  for (const j of jobs) {
    const what = j.failedUndo ? 'a fix whose undo did not finish' : 'an unfinished fix';
    err(
      `${what} from ${j.at} on ${hostText(j.target)} (${hostText(j.reachedAs)}) can be undone: ${hostText(undoCommand(j))}\n`,
    );
  }
}

async function inspectAction(host: string, options: AccessCliOptions & { json?: boolean }): Promise<void> {
  const target = targetOrUsage(host);
  const stdin = new StdinLines();
  const resolved = await accessFromOptions(options, stdin);
  let driver: Driver | null = null;
  try {
    driver = await connect(resolved, options.json === true);
    const ins = await remediationRegistry().inspector(resolved.hostKind).inspect(driver, target);
    if (options.json) out(`${JSON.stringify(ins, null, 2)}\n`);
    else printInspection(ins, colors());
    process.exitCode = ins.findings.some((f) => f.severity === 'error') ? EXIT_NOT_FIXED : 0;
  } catch (e) {
    process.exitCode = failed(e);
  } finally {
    await driver?.close();
  }
}

async function scriptAction(target: string, options: FixCliOptions): Promise<void> {
  const format = options.script;
  if (format !== 'sh' && format !== 'ps1')
    throw new UsageError(`--script must be sh (xrdp) or ps1 (Windows), got "${format}"`);
  const registry = remediationRegistry();
  const hostKind = options.hostKind === 'windows' || format === 'ps1' ? 'windows' : 'xrdp';
  let phases = options.phase ?? [];
  if (!phases.length) {
    const probe = await probeAndDiagnose({ target, stabilitySamples: 0 });
    phases = suggestPhases(
      registry,
      hostKind,
      probe.findings.map((f) => f.id),
    );
    if (!phases.length) {
      err(`The probe of ${target} found nothing a ${hostKind} fix phase addresses; name phases with --phase ID.\n`);
      process.exitCode = 0;
      return;
    }
  }
  try {
    const ids = registry.resolvePhases(hostKind, phases).map((p) => p.id);
    const { filename, content } = registry.scriptWriter(hostKind, format).write(target, ids);
    const sha = createHash('sha256').update(content, 'utf8').digest('hex');
    if (options.out) {
      writeFileSync(options.out, content, { mode: 0o755 });
      out(`Wrote ${options.out} (phases: ${ids.join(', ')})\nSHA-256 ${sha}\n`);
    } else {
      out(content);
      err(`# ${filename}  SHA-256 ${sha}\n`);
    }
    process.exitCode = 0;
  } catch (e) {
    process.exitCode = failed(e);
  }
}

async function fixAction(host: string, options: FixCliOptions): Promise<void> {
  const target = targetOrUsage(host);
  if (options.report) {
    try {
      formatForPath(options.report);
    } catch (e) {
      if (e instanceof ReportError) throw new UsageError(e.message);
      throw e;
    }
  }
  if (options.script !== undefined) {
    if (options.pfx) throw new UsageError('--pfx cannot go into a console script (it would hold the private key)');
    return scriptAction(target, options);
  }
  if (options.out) throw new UsageError('--out goes with --script sh');
  const registry = remediationRegistry();
  const stdin = new StdinLines();
  const resolved = await accessFromOptions(options, stdin);
  let pfx: SuppliedPfx | undefined;
  const supplied = () => (pfx ? { certificate: pfx.facts } : undefined);
  try {
    pfx = await suppliedFromOptions(options, target, stdin);
    if (options.phase?.length) checkSupplied(registry.resolvePhases(resolved.hostKind, options.phase), supplied());
  } catch (e) {
    process.exitCode = failed(e);
    return;
  }
  const c = colors();
  const quiet = options.json === true;
  const unfinished = AuditLog.inDir(ensureDataDir()).unfinished();
  tellUnfinished(unfinished);
  const here = unfinished.find((j) => j.target.trim().toLowerCase() === target.toLowerCase());
  if (here && !options.dryRun) {
    // a new fix on top would back up the half-changed state as "the original": undo the unfinished one first
    if (!options.yes && !(await confirm(`Undo that unfinished fix on ${target} first? [y/N] `, stdin))) {
      err(`Nothing was changed. Undo it first: ${undoCommand(here)}\n`);
      process.exitCode = EXIT_NOT_FIXED;
      return;
    }
    const undone = await runUndo(target, here.jobId, resolved, { json: quiet, force: false }, c);
    if (!undone) {
      process.exitCode = EXIT_NOT_FIXED;
      return;
    }
  }
  let driver: Driver | null = null;
  try {
    driver = await connect(resolved, quiet);
    const before: ProbeResult = await probeAndDiagnose({ target, stabilitySamples: 0 });
    const inspection = await registry.inspector(resolved.hostKind).inspect(driver, target);
    const ids =
      options.phase ??
      suggestPhases(
        registry,
        resolved.hostKind,
        [...before.findings, ...inspection.findings].map((f) => f.id),
        inspection,
        supplied(),
      );
    const plan = planJob(registry, resolved.hostKind, target, inspection, ids, supplied());
    if (!quiet) {
      printInspection(inspection, c);
      if (pfx) printCertificate(pfx, c);
      if (!ids.length)
        out('Nothing to fix: neither the probe nor the inspection found a problem a fix phase addresses.\n');
      else printPlan(plan, driver.reachedAs, c);
    }
    const toChange = plan.phases.filter((p) => !p.alreadyRight && !remediationRegistry().phase(p.phase)?.runsLast);
    if (options.dryRun || !ids.length || !toChange.length) {
      if (quiet)
        out(
          `${JSON.stringify({ target, dryRun: options.dryRun === true, inspection, plan, ...(pfx ? { certificate: pfx.facts } : {}) }, null, 2)}\n`,
        );
      else if (ids.length && !toChange.length) out(c.green('Everything is already right: nothing was changed.\n'));
      else if (options.dryRun) out('Dry run: nothing was changed.\n');
      process.exitCode = 0;
      return;
    }
    if (!options.yes && !(await confirm('Apply these changes? [y/N] ', stdin))) {
      err('Nothing was changed.\n');
      process.exitCode = EXIT_NOT_FIXED;
      return;
    }
    // the plan just shown is the one approved: a host that changed since stops the job before any change
    const approved = { digest: await planDigest(plan.phases), phases: plan.phases };
    const events: FixEvent[] = [];
    const audit = AuditLog.inDir(ensureDataDir());
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) {
        err('\nAlready cancelling: what was changed is being put back; that cannot be interrupted.\n');
        return;
      }
      err('\nCancelling: stopping the running command, then undoing what was changed…\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    const outcome = await runJob({
      jobId: `${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${Math.random().toString(36).slice(2, 8)}`,
      target,
      hostKind: resolved.hostKind,
      access: resolved.access,
      phases: ids,
      registry,
      audit,
      signal: controller.signal,
      driver,
      before,
      approved,
      ...(pfx ? { supplied: { certificate: pfx } } : {}),
      emit: (e) => {
        events.push(e);
        if (!quiet) printEvent(e, c);
        else if (e.type === 'failed') printEvent(e, c);
      },
    }).finally(() => process.off('SIGINT', onSigint));
    if (options.report) {
      await writeReportFile(options.report, outcome.after ?? before, {
        codes: options.codes,
        actions: actionsFromAudit(outcome.entries),
      });
      if (!quiet) out(`Report: ${options.report}\n`);
    }
    if (quiet) out(`${JSON.stringify({ target, ok: outcome.ok, plan, events }, null, 2)}\n`);
    else {
      out(`Audit log: ${audit.file}\n`);
      if (!outcome.ok)
        err(
          `Not fixed. ${outcome.entries.some((e) => e.outcome === 'rolled-back') ? 'What was changed has been put back.' : `Undo with: rdp-doctor undo ${target} --ssh …`}\n`,
        );
    }
    const failedEvent = events.find((e) => e.type === 'failed');
    process.exitCode = outcome.ok
      ? 0
      : failedEvent?.type === 'failed' && INPUT_CODES.has(failedEvent.error.code) && !outcome.entries.length
        ? EXIT_USAGE
        : EXIT_NOT_FIXED;
  } catch (e) {
    process.exitCode = failed(e);
  } finally {
    await driver?.close();
  }
}

/** Runs one undo with its output; true when everything was put back. Ctrl-C says the undo cannot be cancelled. */
async function runUndo(
  target: string,
  jobId: string,
  resolved: ResolvedAccess,
  options: { json?: boolean; force?: boolean },
  c: ReturnType<typeof pc.createColors>,
): Promise<boolean> {
  const audit = AuditLog.inDir(ensureDataDir());
  const onSigint = () => err(`\n${UNDO_NOT_CANCELLABLE}\n`);
  process.on('SIGINT', onSigint);
  let driver: Driver | null = null;
  try {
    driver = await connect(resolved, options.json === true);
    const events: FixEvent[] = [];
    const outcome = await undoJob({
      jobId: `undo-${Date.now().toString(36)}`,
      target,
      hostKind: resolved.hostKind,
      access: resolved.access,
      undoJobId: jobId,
      registry: remediationRegistry(),
      audit,
      driver,
      force: options.force === true,
      emit: (e) => {
        events.push(e);
        if (!options.json || e.type === 'failed') printEvent(e, c);
      },
    });
    if (options.json) out(`${JSON.stringify({ target, ok: outcome.ok, undid: jobId, events }, null, 2)}\n`);
    else
      out(
        outcome.ok
          ? c.green(`Undone: job ${jobId} is put back.\n`)
          : c.red('Undo did not complete: see above. What was not put back is still to undo.\n'),
      );
    return outcome.ok;
  } finally {
    process.off('SIGINT', onSigint);
    await driver?.close();
  }
}

async function undoAction(
  host: string,
  options: AccessCliOptions & { yes?: boolean; json?: boolean; force?: boolean },
): Promise<void> {
  const target = targetOrUsage(host);
  const audit = AuditLog.inDir(ensureDataDir());
  tellUnfinished(audit.unfinished());
  const last = audit.lastUndoable(target);
  if (!last) {
    err(`rdp-doctor: no fix on ${target} is left to undo (audit log ${audit.file}).\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const stdin = new StdinLines();
  const resolved = await accessFromOptions(options, stdin);
  const c = colors();
  const cut = audit.unfinished(target).find((j) => j.jobId === last.jobId);
  if (!options.json) {
    const label = cut
      ? cut.failedUndo
        ? `Undo job ${last.jobId} on ${target} (its earlier undo did not finish)`
        : `Undo job ${last.jobId} on ${target} (an unfinished fix: it was cut short)`
      : `Undo job ${last.jobId} on ${target}`;
    out(`${c.bold(label)}\n`);
    for (const e of last.entries) {
      out(`  ${e.phase} (${e.at}, by ${e.who})\n`);
      for (const ch of e.changes) out(`     ${ch.target}: ${ch.after ?? '(none)'} → ${ch.before ?? '(none)'}\n`);
    }
  }
  if (!options.yes && !(await confirm('Put these back? [y/N] ', stdin))) {
    err('Nothing was changed.\n');
    process.exitCode = EXIT_NOT_FIXED;
    return;
  }
  try {
    process.exitCode = (await runUndo(target, last.jobId, resolved, options, c)) ? 0 : EXIT_NOT_FIXED;
  } catch (e) {
    process.exitCode = failed(e);
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerFixCommands(program: Command): void {
  addAccessOptions(
    program
      .command('inspect <host>')
      .description(
        'Read-only look at the RDP host (xrdp over SSH): its configuration, key, certificate, service and log',
      ),
  )
    .option('--json', 'print the inspection as one JSON document')
    .action(inspectAction);
  addAccessOptions(
    program
      .command('fix <host>')
      .description('Fix what the probe and the inspection found, verify by probing again (asks first unless --yes)'),
  )
    .option('--phase <id>', 'run this fix phase (repeatable); default: the phases the findings call for', collect)
    .option('--dry-run', 'print the plan, change nothing')
    .option('--yes', 'do not ask before changing anything')
    .option('--json', 'print one JSON document (plan and events) instead of the live output')
    .option('--report <file>', 'write a report with the "Actions taken" (.html, .md or .json)')
    .option('--codes <codes>', 'in the report, the codes mstsc showed, e.g. "0x904 0x7"')
    .option('--script <format>', 'write a console script instead (sh for xrdp) — runs nothing on the host')
    .option('--out <file>', 'with --script: write the script to this file')
    .option('--pfx <file>', `install the certificate in this .pfx (at most ${PFX_MAX_BYTES / 1024} KiB), checked first`)
    .option('--pfx-password-stdin', "read the .pfx's password from standard input (the next secret line)")
    .action(fixAction);
  addAccessOptions(
    program.command('undo <host>').description('Put back what the last fix on this host changed (from the audit log)'),
  )
    .option('--yes', 'do not ask first')
    .option('--json', 'print one JSON document')
    .option('--force', 'put the backup back even over edits made after the fix, or through another host key')
    .action(undoAction);
}
