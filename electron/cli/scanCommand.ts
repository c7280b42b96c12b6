/**
 * `rdp-doctor scan TARGET… [--targets FILE]`: many hosts at once (issue 14). Argument parsing and printing
 * only: the targets parser, the scheduler and the fleet report are cores. Hosts are printed as they finish;
 * on a terminal a progress line (done / total, problems so far, time left) stays at the bottom. Ctrl-C stops
 * the scan and still writes what was found. Exit: 0 no host has an error finding, 1 one has, 2 bad usage,
 * 130 stopped by Ctrl-C (after writing the partial results).
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import type { FleetReport, TargetError } from '../../shared/fleet';
import { FLEET_MAX_CONCURRENCY } from '../../shared/fleetConstants';
import { probeAndDiagnose } from '../diagnosis/probeAndDiagnose';
import {
  defaultConcurrency,
  defaultWorkers,
  HOSTS_IN_FLIGHT_PER_THREAD,
  MAX_WORKERS,
} from '../probe/fleet/fleetSizing';
import { parseTargets } from '../probe/fleet/parseTargets';
import { ProbeWorkerPool } from '../probe/fleet/probeWorkerPool';
import { FLEET_STABILITY_SAMPLES, scanFleet } from '../probe/fleet/scanFleet';
import { ReportError } from '../report/errors';
import { buildFleetReport } from '../report/fleet/buildFleetReport';
import { countLine, hostReason, VERDICT_WORDS } from '../report/fleet/fleetText';
import { fleetFormatForPath, renderFleetReport } from '../report/fleet/renderFleetReport';
import { writeFileAtomic } from '../report/writeFileAtomic';
import { formatDuration, ScanProgress } from './scanProgress';
import { EXIT_FINDING_ERROR, EXIT_OK, UsageError } from './usage';

export const EXIT_INTERRUPTED = 130;
const DEFAULT_TIMEOUT_S = 10;
const MAX_TARGETS_FILE_BYTES = 10 * 1024 * 1024;

interface ScanCliOptions {
  targets: string[];
  concurrency?: string;
  workers?: string;
  timeout: string;
  stabilitySamples?: string;
  json?: boolean;
  csv?: boolean;
  report?: string;
  redact?: boolean;
  color?: boolean;
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan [targets...]')
    .description(
      'Check many Remote Desktop hosts at once: host, host:port, [IPv6]:port or an IPv4 range up to /22 (10.0.0.0/24)',
    )
    .option(
      '--targets <file>',
      'read targets from a file ("-" for standard input): one per line (# comments) or a CSV with a "host" column (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      '--concurrency <n>',
      `hosts probed at once (1–${FLEET_MAX_CONCURRENCY}; default ${HOSTS_IN_FLIGHT_PER_THREAD} per thread; never more than two connections to one host)`,
    )
    .option(
      '--workers <n>',
      `threads probing (0–${MAX_WORKERS}; default: one per core for large scans, none below a few hundred hosts)`,
    )
    .option('--timeout <seconds>', 'deadline for each host, in seconds (0.1–120)', String(DEFAULT_TIMEOUT_S))
    .option(
      '--stability-samples <n>',
      `extra connects per host to measure the path (0–20; default ${FLEET_STABILITY_SAMPLES}: the probe's own connections are measured)`,
    )
    .option('--json', 'print the fleet report as JSON (every host with its full probe result)')
    .option('--csv', 'print the fleet report as CSV (one row per host)')
    .option('--report <file>', 'also write the fleet report (.html, .csv or .json by extension)')
    .option('--redact', 'replace user, host and domain names and addresses with placeholders in what is written')
    .option('--no-color', 'no colours in the output')
    .action(async (args: string[], options: ScanCliOptions) => {
      const settings = checkOptions(options);
      const parsed = readTargets(args, options.targets);
      const workers = settings.workers ?? defaultWorkers(parsed.targets.length);
      const workerScript = workers > 0 ? scanWorkerScript() : null;
      if (settings.workers && !workerScript) {
        throw new UsageError('--workers needs the built CLI (npm run build): its worker script is missing');
      }
      // never more threads than hosts
      const threads = workerScript ? Math.max(1, Math.min(workers, parsed.targets.length)) : 0;
      const concurrency = settings.concurrency ?? defaultConcurrency(threads);
      // a scan on the main thread is over in seconds: no TurboFan, as for `probe` (cli/index.ts SHORT_RUNS)
      if (threads === 0) (await import('node:v8')).setFlagsFromString('--no-opt');
      const useColor = options.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      const c = pc.createColors(useColor);
      for (const err of parsed.errors) process.stderr.write(`${describeTargetError(err)}\n`);
      if (parsed.targets.length === 0) throw new UsageError('no targets to scan');

      const machine = settings.machine;
      // Human output goes to stdout; with --json/--csv stdout is the document and progress goes to stderr.
      const out = (s: string) => process.stdout.write(s);
      const progressStream = machine ? process.stderr : process.stdout;
      const progress = new ScanProgress(
        parsed.targets.length,
        (s) => progressStream.write(s),
        Boolean(progressStream.isTTY),
        c,
        machine ? 'status-only' : 'hosts',
      );

      const controller = new AbortController();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts > 1) process.exit(EXIT_INTERRUPTED);
        process.stderr.write('\nStopping: the hosts being checked are cancelled; what was found is written next.\n');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      if (!machine) {
        out(
          `${c.bold(`Scanning ${parsed.targets.length} host${parsed.targets.length === 1 ? '' : 's'}`)}${
            parsed.duplicates
              ? c.dim(` (${parsed.duplicates} duplicate${parsed.duplicates === 1 ? '' : 's'} left out)`)
              : ''
          }, ${concurrency} at a time${threads ? ` on ${threads} threads` : ''}\n`,
        );
      }
      progress.start();
      let scan: Awaited<ReturnType<typeof scanFleet>>;
      const pool = workerScript ? new ProbeWorkerPool(workerScript, threads) : null;
      try {
        scan = await scanFleet(parsed.targets, {
          concurrency,
          timeoutMs: settings.timeoutMs,
          ...(settings.stabilitySamples !== undefined ? { stabilitySamples: settings.stabilitySamples } : {}),
          signal: controller.signal,
          probe: pool ? pool.probe : probeAndDiagnose,
          onHostDone: (o, done) => progress.hostDone(o.host, done),
        });
      } finally {
        progress.stop();
        process.off('SIGINT', onSigint);
        await pool?.close();
      }

      // the scan's results are not used again here: the report takes them as they are
      const report = buildFleetReport(scan, {
        resultsHandedOver: true,
        concurrency,
        timeoutMs: settings.timeoutMs,
        targetErrors: parsed.errors,
        redact: options.redact === true,
      });
      // A report that cannot be written must not cost the results: they are printed first, then the error.
      let reportError: ReportError | null = null;
      if (options.report) {
        try {
          await writeFileAtomic(options.report, renderFleetReport(report, settings.reportFormat ?? 'html'));
        } catch (err) {
          if (!(err instanceof ReportError)) throw err;
          reportError = err;
        }
      }
      const written = options.report && !reportError ? options.report : undefined;
      if (options.json) out(renderFleetReport(report, 'json'));
      else if (options.csv) out(renderFleetReport(report, 'csv'));
      else out(summary(report, c, written));
      if (machine && written) process.stderr.write(`Report written to ${written}\n`);
      if (reportError) throw new UsageError(reportError.message);
      process.exitCode = scan.cancelled
        ? EXIT_INTERRUPTED
        : report.hosts.some((h) => h.verdict === 'error')
          ? EXIT_FINDING_ERROR
          : EXIT_OK;
    });
}

function checkOptions(options: ScanCliOptions) {
  if (options.json && options.csv) throw new UsageError('--json and --csv both print the report: choose one');
  let concurrency: number | undefined;
  if (options.concurrency !== undefined) {
    if (!/^\d+$/.test(options.concurrency)) {
      throw new UsageError(`--concurrency must be a whole number, got "${options.concurrency}"`);
    }
    concurrency = Number(options.concurrency);
    if (concurrency < 1 || concurrency > FLEET_MAX_CONCURRENCY) {
      throw new UsageError(`--concurrency must be between 1 and ${FLEET_MAX_CONCURRENCY}`);
    }
  }
  let workers: number | undefined;
  if (options.workers !== undefined) {
    if (!/^\d+$/.test(options.workers) || Number(options.workers) > MAX_WORKERS) {
      throw new UsageError(`--workers must be a whole number from 0 to ${MAX_WORKERS}, got "${options.workers}"`);
    }
    workers = Number(options.workers);
  }
  if (!/^\d+(\.\d+)?$/.test(options.timeout)) {
    throw new UsageError(`--timeout is in seconds (e.g. 10 or 2.5), got "${options.timeout}"`);
  }
  const timeoutMs = Math.round(Number(options.timeout) * 1000);
  if (timeoutMs < 100 || timeoutMs > 120_000) throw new UsageError('--timeout must be between 0.1 and 120 seconds');
  let stabilitySamples: number | undefined;
  if (options.stabilitySamples !== undefined) {
    if (!/^\d+$/.test(options.stabilitySamples) || Number(options.stabilitySamples) > 20) {
      throw new UsageError(
        `--stability-samples must be a whole number from 0 to 20, got "${options.stabilitySamples}"`,
      );
    }
    stabilitySamples = Number(options.stabilitySamples);
  }
  let reportFormat: ReturnType<typeof fleetFormatForPath> | null = null;
  if (options.report) {
    try {
      reportFormat = fleetFormatForPath(options.report);
    } catch (err) {
      if (err instanceof ReportError) throw new UsageError(err.message);
      throw err;
    }
    // say so before a long scan, not after it
    const folder = path.dirname(path.resolve(options.report));
    try {
      accessSync(folder, constants.W_OK);
    } catch {
      throw new UsageError(`--report ${options.report}: the folder ${folder} does not exist or cannot be written`);
    }
  }
  if (options.redact && !options.report && !options.json && !options.csv) {
    throw new UsageError('--redact shapes what is written: use it with --report FILE, --json or --csv');
  }
  return {
    concurrency,
    workers,
    timeoutMs,
    stabilitySamples,
    reportFormat,
    machine: Boolean(options.json || options.csv),
  };
}

/**
 * The built worker script (out/main/scanWorker.js) beside the CLI bundle or its chunks folder; null when
 * running from the sources (tests), where the scan stays on the main thread.
 */
function scanWorkerScript(): string | null {
  for (const file of [path.join(__dirname, 'scanWorker.js'), path.join(__dirname, '..', 'scanWorker.js')]) {
    if (existsSync(file)) return file;
  }
  return null;
}

/** Arguments must all be right (they were just typed); a file's bad lines are reported and skipped. */
function readTargets(args: string[], files: string[]) {
  const texts = files.map((file) => {
    if (file === '-') return { source: 'standard input', text: readStandardInput() };
    let size: number;
    try {
      size = statSync(file).size;
    } catch (err) {
      throw new UsageError(
        `--targets ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
      );
    }
    if (size > MAX_TARGETS_FILE_BYTES) throw new UsageError(`--targets ${file}: the file is larger than 10 MB`);
    try {
      return { source: file, text: readFileSync(file, 'utf8') };
    } catch (err) {
      throw new UsageError(`--targets ${file}: ${(err as Error).message}`);
    }
  });
  const parsed = parseTargets(args, texts);
  const badArgs = parsed.errors.filter((e) => e.source === 'argument');
  if (badArgs.length) throw new UsageError(badArgs.map((e) => `"${e.text}": ${e.message}`).join('\n'));
  if (args.length === 0 && files.length === 0) {
    throw new UsageError('name the hosts to scan: rdp-doctor scan HOST… or --targets FILE');
  }
  return parsed;
}

/** `--targets -`: the list piped in (read to its end). */
function readStandardInput(): string {
  let text: string;
  try {
    text = readFileSync(0, 'utf8');
  } catch (err) {
    throw new UsageError(`--targets -: standard input could not be read (${(err as Error).message})`);
  }
  if (text.length > MAX_TARGETS_FILE_BYTES) throw new UsageError('--targets -: standard input is larger than 10 MB');
  return text;
}

export function describeTargetError(e: TargetError): string {
  const quoted = e.text && !e.message.includes(e.text) ? `"${e.text}": ` : '';
  return `${e.source} line ${e.line}: ${quoted}${e.message} (skipped)`;
}

type Colors = ReturnType<typeof pc.createColors>;

const SHOW_HOSTS = 20;

function summary(report: FleetReport, c: Colors, reportFile?: string): string {
  const t = report.totals;
  const s = report.scan;
  const lines = [
    '',
    `${c.bold(`Checked ${s.scanned} of ${s.total} host${s.total === 1 ? '' : 's'}`)} in ${formatDuration(s.durationMs)}: ${c.red(
      `${t.error} with problems`,
    )}, ${c.yellow(`${t.warning} with warnings`)}, ${c.green(`${t.ok} fine`)}${t.notScanned ? `, ${t.notScanned} not checked` : ''}.`,
  ];
  if (s.cancelled) lines.push(c.yellow('The scan was stopped early: these are the hosts checked so far.'));
  if (report.counts.length) {
    lines.push('', c.bold('What was found'));
    for (const count of report.counts) {
      const paint = count.severity === 'error' ? c.red : count.severity === 'warning' ? c.yellow : c.cyan;
      lines.push(`  ${paint(countLine(count))}`);
    }
  }
  const worst = report.hosts.filter((h) => h.verdict === 'error' || h.verdict === 'warning');
  if (worst.length) {
    lines.push('', c.bold('Look at these first'));
    for (const h of worst.slice(0, SHOW_HOSTS)) {
      const paint = h.verdict === 'error' ? c.red : c.yellow;
      lines.push(`  ${paint(VERDICT_WORDS[h.verdict].padEnd(8))} ${h.target.padEnd(22)} ${hostReason(h)}`);
    }
    if (worst.length > SHOW_HOSTS) lines.push(c.dim(`  … and ${worst.length - SHOW_HOSTS} more (see --report)`));
  }
  if (report.targetErrors.length) {
    lines.push(
      '',
      c.yellow(`${report.targetErrors.length} target line(s) could not be read and were skipped (listed above).`),
    );
  }
  if (reportFile) lines.push('', `Report written to ${reportFile}`);
  lines.push('');
  return lines.join('\n');
}
