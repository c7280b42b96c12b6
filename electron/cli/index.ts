/**
 * `rdp-doctor`: argument parsing and printing only; the work is done by the same cores as the app.
 * Exit codes: 0 fine, 1 a finding is an error, 2 bad usage or input.
 *
 * Start-up loads only what the command typed uses (issue 20): each command's module, and with it the cores,
 * schemas and libraries it needs, is imported when that command is named, so `--version` alone loads nothing
 * (not even commander), and `decode` never compiles the probe's schemas. Help without a command, an unknown command or
 * a mistyped one load every command (commander lists them and suggests the nearest).
 */
import type { Command } from 'commander';
import { APP_VERSION } from '../../shared/version';
import { EXIT_USAGE, UsageError } from './usage';

type Register = (program: Command) => void;

/** Each command (by name) → its module's register function, loaded on demand. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  probe: () => import('./probeCommand').then((m) => m.registerProbeCommand),
  scan: () => import('./scanCommand').then((m) => m.registerScanCommand),
  decode: () => import('./decodeCommand').then((m) => m.registerDecodeCommand),
  web: () => import('./webCommand').then((m) => m.registerWebCommand),
  inspect: () => import('./hostFixCommand').then((m) => m.registerHostFixCommands),
  fix: () => import('./hostFixCommand').then((m) => m.registerHostFixCommands),
  undo: () => import('./hostFixCommand').then((m) => m.registerHostFixCommands),
};
/** The order `--help` lists them in. */
const ALL = ['probe', 'scan', 'decode', 'web', 'fix'];

/**
 * `probe` runs for a fraction of a second: V8's optimising compiler (TurboFan) is switched off for it, as for a
 * scan small enough for the main thread (scanCommand.ts). Their time goes to Node's socket, TLS and stream code,
 * which only warms up; TurboFan's background compiles of it cost more CPU than they save (a 100-host scan: 11 %
 * less CPU without them; a /22 on worker threads: 12 % more, so large scans keep it; issue 20). Baseline-compiled
 * code (Sparkplug) still runs. `web` and the fix commands keep the default.
 */
const SHORT_RUNS = new Set(['probe']);

/**
 * The command an argument list names: its first word that is not an option. null when there is none
 * (`--version`); '*' when the word is not a command (commander then says so, with every command known).
 */
export function commandNamed(argv: readonly string[]): string | null {
  const word = argv.find((a) => !a.startsWith('-'));
  // no arguments at all: commander prints the help with every command
  if (word === undefined) return argv.length === 0 || argv.some((a) => a === '-h' || a === '--help') ? '*' : null;
  if (word === 'help') return '*';
  return Object.hasOwn(COMMANDS, word) ? word : '*';
}

/** The program with the commands `argv` needs (all of them when `argv` is not given). */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const { Command } = await import('commander');
  const program = new Command();
  program
    .name('rdp-doctor')
    .description('Diagnose Remote Desktop connection failures: probe a host, explain what is wrong, and how to fix it.')
    .version(APP_VERSION, '-v, --version')
    .showHelpAfterError('(run "rdp-doctor --help" for usage)')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  const named = argv ? commandNamed(argv) : '*';
  if (named !== null && SHORT_RUNS.has(named)) (await import('node:v8')).setFlagsFromString('--no-opt');
  const wanted = named === null ? [] : named === '*' ? ALL : [named];
  const registers = await Promise.all(wanted.map((name) => (COMMANDS[name] as () => Promise<Register>)()));
  for (const register of registers) register(program);
  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // what commander would print for it, without loading commander
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    process.stdout.write(`${APP_VERSION}\n`);
    return 0;
  }
  const { CommanderError } = await import('commander');
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return 0;
      }
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`rdp-doctor: ${err.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`rdp-doctor: internal error: ${(err as Error)?.stack ?? err}\n`);
    return 70;
  }
}
