/**
 * `rdp-doctor probe HOST[:PORT]`: argument parsing and printing only; the probe and the diagnosis are the
 * same cores the app uses (probeAndDiagnose). Human output is a live table (one line per step as it
 * finishes, coloured on a TTY) followed by the findings; `--json` prints exactly one ProbeResult document.
 * Exit: 0 no error finding, 1 an error finding, 2 bad usage or input.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import type { DecodeResult } from '../../shared/codes';
import type { HostKind } from '../../shared/findings';
import type { ProbeOptions, ProbeResult, StepEvent, StepId, StepStatus } from '../../shared/probe';
import { STEP_IDS, STEP_LABELS } from '../../shared/probeConstants';
import { decodeCodes } from '../diagnosis/decodeCodes';
import { probeAndDiagnose } from '../diagnosis/probeAndDiagnose';
import { parseTarget } from '../probe/parseTarget';
import { ReportError } from '../report/errors';
import { formatForPath } from '../report/reportFormat';
import { formatFindings } from './findingsText';
import { hostText } from './hostText';
import { EXIT_FINDING_ERROR, EXIT_OK, UsageError } from './usage';

interface ProbeCliOptions {
  json?: boolean;
  fixes?: boolean;
  hostKind?: string;
  timeout?: string;
  report?: string;
  user?: string;
  passwordStdin?: boolean;
  color?: boolean;
  redact?: boolean;
  codes?: string;
}

export function registerProbeCommand(program: Command): void {
  program
    .command('probe <host>')
    .description('Probe a Remote Desktop host (host, host:port or [IPv6]:port) and explain what is wrong')
    .option('--json', 'print the whole result as one JSON document (schema: docs/probe-result.schema.json)')
    .option('--timeout <ms>', 'overall deadline in milliseconds (100–120000)', '10000')
    .option('--report <file>', 'also write a report (.html, .md or .json by extension)')
    .option('--redact', 'in the report, replace user, host and domain names and addresses with placeholders')
    .option(
      '--codes <codes>',
      'the codes mstsc showed, e.g. "0x904 0x7": findings that explain them come first (and go in the report)',
    )
    .option('--fixes', 'print the exact commands of each fix, filled in with what the probe learned')
    .option('--host-kind <kind>', 'windows, xrdp or unknown: override the guess of which fixes apply')
    .option('--user <user>', 'check this account with NLA (needs --password-stdin)')
    .option('--password-stdin', 'read the password for --user from the first line of standard input')
    .option('--no-color', 'no colours in the output')
    .action(async (host: string, options: ProbeCliOptions) => {
      // an unknown report extension is bad usage: say so before probing, not after
      if (options.report) reportFormatOrUsage(options.report);
      const decoded = options.codes !== undefined ? codesOrUsage(options.codes) : null;
      if (!options.report && options.redact) {
        throw new UsageError('--redact shapes the report: use it with --report FILE');
      }
      const kindOverride = hostKindOrUsage(options.hostKind);
      const probeOptions = await toProbeOptions(host, options);
      const useColor = options.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      const printer = options.json ? null : new LiveTable(useColor, undefined, useColor, process.stdout.columns || 100);
      printer?.header(probeOptions.target);
      const result = await probeAndDiagnose(probeOptions, { onStep: (e) => printer?.step(e) });
      if (options.report) {
        // the report's builder and renderers load only when a report is asked for (start-up, issue 20)
        const { writeReportFile } = await import('../report/writeReportFile');
        try {
          await writeReportFile(options.report, result, { redact: options.redact === true, codes: options.codes });
        } catch (err) {
          if (err instanceof ReportError) throw new UsageError(err.message);
          throw err;
        }
      }
      if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printer?.footer(result, options.report, { decoded, fixes: options.fixes === true, hostKind: kindOverride });
      process.exitCode = result.findings.some((f) => f.severity === 'error') ? EXIT_FINDING_ERROR : EXIT_OK;
    });
}

function codesOrUsage(text: string): DecodeResult {
  const decoded = decodeCodes(text);
  if (!decoded.ok) throw new UsageError(`--codes: ${decoded.error ?? 'not a code mstsc shows'}`);
  return decoded;
}

function hostKindOrUsage(text: string | undefined): HostKind | 'unknown' | null {
  if (text === undefined) return null;
  if (text === 'windows' || text === 'xrdp' || text === 'unknown') return text;
  throw new UsageError(`--host-kind must be windows, xrdp or unknown, got "${text}"`);
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

/**
 * The step table. On a colour TTY it is live: every step has its row from the start (waiting, running, then its
 * verdict) and rows are redrawn in place. Elsewhere (pipes, logs, --no-color) one line is appended per step as it
 * finishes, so the output reads top to bottom without escape codes.
 */
export class LiveTable {
  private readonly c: ReturnType<typeof pc.createColors>;
  private readonly rows = new Map<StepId, StepEvent>();
  private readonly finished = new Map<StepId, StepEvent>();
  private printed = 0;
  private drawn = false;

  constructor(
    useColor: boolean,
    private readonly write: (s: string) => void = (s) => process.stdout.write(s),
    private readonly redraw = false,
    private readonly columns = 100,
  ) {
    this.c = pc.createColors(useColor);
  }

  header(target: string): void {
    this.write(`${this.c.bold(`Probing ${target}`)}\n`);
    if (!this.redraw) return;
    for (const step of STEP_IDS) this.rows.set(step, { step, status: 'waiting', durationMs: null, summary: '' });
    this.draw();
  }

  step(e: StepEvent): void {
    if (this.redraw) {
      this.rows.set(e.step, e);
      this.draw();
      return;
    }
    if (e.status === 'running' || e.status === 'waiting') return;
    // Appended lines come in the steps' fixed order, not in completion order: a step is printed once it and
    // every step before it have finished.
    this.finished.set(e.step, e);
    while (this.printed < STEP_IDS.length) {
      const next = this.finished.get(STEP_IDS[this.printed] as StepId);
      if (!next) break;
      this.write(`${this.line(next)}\n`);
      this.printed++;
    }
  }

  private draw(): void {
    const up = this.drawn ? `\x1b[${this.rows.size}A` : '';
    this.drawn = true;
    this.write(up + [...this.rows.values()].map((e) => `\r\x1b[2K${this.line(e)}\n`).join(''));
  }

  private line(e: StepEvent): string {
    const c = this.c;
    const paint = {
      waiting: c.dim,
      running: c.cyan,
      passed: c.green,
      warning: c.yellow,
      failed: c.red,
      skipped: c.dim,
    }[e.status];
    const label = STEP_LABELS[e.step].padEnd(24);
    const ms = e.durationMs === null ? ''.padStart(9) : `${Math.round(e.durationMs)} ms`.padStart(9);
    // a step's summary quotes the server (its certificate's names, its banner): control characters made visible
    const summary = hostText(e.summary);
    const text =
      e.status === 'waiting'
        ? 'waiting'
        : e.status === 'running'
          ? `running…${summary ? ` (${summary})` : ''}`
          : summary;
    // keep each row on one terminal line so that redrawing in place stays aligned
    const room = this.redraw ? Math.max(10, this.columns - 2 - 24 - 9 - 2 - 1) : Number.POSITIVE_INFINITY;
    const fitted = text.length > room ? `${text.slice(0, room - 1)}…` : text;
    const quiet = e.status === 'skipped' || e.status === 'waiting' || e.status === 'running';
    return `${paint(ICON[e.status])} ${label}${c.dim(ms)}  ${quiet ? c.dim(fitted) : fitted}`;
  }

  footer(
    result: ProbeResult,
    reportFile?: string,
    opts: { decoded?: DecodeResult | null; fixes?: boolean; hostKind?: HostKind | 'unknown' | null } = {},
  ): void {
    const c = this.c;
    const lines: string[] = [''];
    if (result.aborted)
      lines.push(c.yellow(`The probe stopped early after ${result.durationMs} ms (deadline or cancel).`));
    lines.push(
      ...formatFindings(result, {
        decoded: opts.decoded ?? null,
        fixes: opts.fixes === true,
        hostKind: opts.hostKind ?? null,
        width: Math.max(40, this.columns - 10),
        colors: c,
      }),
    );
    if (reportFile) lines.push('', `Report written to ${reportFile}`);
    lines.push(c.dim(`Done in ${result.durationMs} ms.`), '');
    this.write(lines.join('\n'));
  }
}

export { wrapWords } from './findingsText';
