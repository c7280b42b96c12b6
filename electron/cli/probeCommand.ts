/**
 * `rdp-doctor probe HOST[:PORT]`: argument parsing and printing only; the probe and the diagnosis are the
 * same cores the app uses (probeAndDiagnose). Human output is a live table (one line per step as it
 * finishes, coloured on a TTY) followed by the findings; `--json` prints exactly one ProbeResult document.
 * Exit: 0 no error finding, 1 an error finding, 2 bad usage or input.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import type { ProbeOptions, ProbeResult, StepEvent, StepStatus } from '../../shared/probe';
import { STEP_LABELS } from '../../shared/probe';
import { parseTarget } from '../probe/parseTarget';
import { probeAndDiagnose } from '../probe/probeAndDiagnose';
import { ReportError } from '../report/errors';
import { formatForPath } from '../report/reportFormat';
import { writeReportFile } from '../report/writeReportFile';
import { EXIT_FINDING_ERROR, EXIT_OK, UsageError } from './usage';

interface ProbeCliOptions {
  json?: boolean;
  timeout?: string;
  report?: string;
  user?: string;
  passwordStdin?: boolean;
  color?: boolean;
}

export function registerProbeCommand(program: Command): void {
  program
    .command('probe <host>')
    .description('Probe a Remote Desktop host (host, host:port or [IPv6]:port) and explain what is wrong')
    .option('--json', 'print the whole result as one JSON document (schema: docs/probe-result.schema.json)')
    .option('--timeout <ms>', 'overall deadline in milliseconds (100–120000)', '10000')
    .option('--report <file>', 'also write a report (.html, .md or .json by extension)')
    .option('--user <user>', 'check this account with NLA (needs --password-stdin)')
    .option('--password-stdin', 'read the password for --user from the first line of standard input')
    .option('--no-color', 'no colours in the output')
    .action(async (host: string, options: ProbeCliOptions) => {
      // an unknown report extension is bad usage: say so before probing, not after
      if (options.report) reportFormatOrUsage(options.report);
      const probeOptions = await toProbeOptions(host, options);
      const useColor = options.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      const printer = options.json ? null : new LiveTable(useColor);
      printer?.header(probeOptions.target);
      const result = await probeAndDiagnose(probeOptions, { onStep: (e) => printer?.step(e) });
      if (options.report) {
        try {
          await writeReportFile(options.report, result, {});
        } catch (err) {
          if (err instanceof ReportError) throw new UsageError(err.message);
          throw err;
        }
      }
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printer?.footer(result, options.report);
      process.exitCode = result.findings.some((f) => f.severity === 'error') ? EXIT_FINDING_ERROR : EXIT_OK;
    });
}

function reportFormatOrUsage(file: string): void {
  try {
    formatForPath(file);
  } catch (err) {
    if (err instanceof ReportError) throw new UsageError(err.message);
    throw err;
  }
}

async function toProbeOptions(host: string, options: ProbeCliOptions): Promise<ProbeOptions> {
  const parsed = parseTarget(host);
  if (!parsed.ok) throw new UsageError(parsed.message);
  const timeoutText = options.timeout ?? '10000';
  if (!/^\d+$/.test(timeoutText))
    throw new UsageError(`--timeout must be a number of milliseconds, got "${timeoutText}"`);
  const timeoutMs = Number(timeoutText);
  if (timeoutMs < 100 || timeoutMs > 120_000) throw new UsageError('--timeout must be between 100 and 120000 ms');
  const out: ProbeOptions = { target: host.trim(), timeoutMs };
  if (options.user !== undefined || options.passwordStdin) {
    if (!options.user) throw new UsageError('--password-stdin needs --user');
    if (!options.passwordStdin) {
      throw new UsageError('--user needs --password-stdin (the password is never taken from the command line)');
    }
    if (options.user.length > 256) throw new UsageError('--user is longer than 256 characters');
    const password = await readPasswordLine(process.stdin);
    if (password.length > 256) throw new UsageError('the password on standard input is longer than 256 characters');
    out.credentials = { user: options.user, password };
  }
  return out;
}

/** The first line of `stream` (without its line ending); at most 4 KiB are read. */
export function readPasswordLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (value: string | Error) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      (stream as NodeJS.ReadStream).pause?.();
      if (value instanceof Error) reject(value);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      text += chunk.toString();
      const nl = text.search(/\r?\n/);
      if (nl !== -1) done(text.slice(0, nl));
      else if (text.length > 4096) done(new UsageError('no line ending in the first 4 KiB of standard input'));
    };
    const onEnd = () => done(text.length ? text : new UsageError('--password-stdin: standard input was empty'));
    const onError = (err: Error) => done(new UsageError(`--password-stdin: ${err.message}`));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    (stream as NodeJS.ReadStream).resume?.();
  });
}

const ICON: Record<StepStatus, string> = {
  waiting: '·',
  running: '…',
  passed: '✓',
  warning: '!',
  failed: '✗',
  skipped: '-',
};

/** One line per step as it finishes; padded columns so the table reads as one. */
export class LiveTable {
  private readonly c: ReturnType<typeof pc.createColors>;
  constructor(
    useColor: boolean,
    private readonly write: (s: string) => void = (s) => process.stdout.write(s),
  ) {
    this.c = pc.createColors(useColor);
  }

  header(target: string): void {
    this.write(`${this.c.bold(`Probing ${target}`)}\n`);
  }

  step(e: StepEvent): void {
    if (e.status === 'running' || e.status === 'waiting') return;
    const paint = { passed: this.c.green, warning: this.c.yellow, failed: this.c.red, skipped: this.c.dim }[e.status];
    const label = STEP_LABELS[e.step].padEnd(24);
    const ms = e.durationMs === null ? ''.padStart(9) : `${Math.round(e.durationMs)} ms`.padStart(9);
    this.write(
      `${paint(ICON[e.status])} ${label}${this.c.dim(ms)}  ${e.status === 'skipped' ? this.c.dim(e.summary) : e.summary}\n`,
    );
  }

  footer(result: ProbeResult, reportFile?: string): void {
    const c = this.c;
    const lines: string[] = [''];
    if (result.aborted)
      lines.push(c.yellow(`The probe stopped early after ${result.durationMs} ms (deadline or cancel).`));
    if (result.findings.length === 0) {
      lines.push(c.green('No problems found.'));
    } else {
      lines.push(c.bold('Findings'));
      for (const f of result.findings) {
        const sev =
          f.severity === 'error'
            ? c.red('error  ')
            : f.severity === 'warning'
              ? c.yellow('warning')
              : c.cyan('info   ');
        lines.push(`  ${sev} ${c.bold(f.title)}`);
        if (f.detail) lines.push(`          ${f.detail}`);
      }
    }
    if (reportFile) lines.push('', `Report written to ${reportFile}`);
    lines.push(c.dim(`Done in ${result.durationMs} ms.`), '');
    this.write(lines.join('\n'));
  }
}
