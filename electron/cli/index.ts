/**
 * `rdp-doctor`: argument parsing and printing only; the work is done by the same cores as the app.
 * Exit codes: 0 fine, 1 a finding is an error, 2 bad usage or input.
 */
import { Command, CommanderError } from 'commander';
import { APP_VERSION } from '../../shared/version';
import { registerDecodeCommand } from './decodeCommand';
import { registerFixCommands } from './fixCommands';
import { registerProbeCommand } from './probeCommand';
import { registerScanCommand } from './scanCommand';
import { EXIT_USAGE, UsageError } from './usage';
import { registerWebCommand } from './webCommand';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('rdp-doctor')
    .description('Diagnose Remote Desktop connection failures: probe a host, explain what is wrong, and how to fix it.')
    .version(APP_VERSION, '-v, --version')
    .showHelpAfterError('(run "rdp-doctor --help" for usage)')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str) });
  registerProbeCommand(program);
  registerScanCommand(program);
  registerDecodeCommand(program);
  registerWebCommand(program);
  registerFixCommands(program);
  for (const cmd of program.commands) cmd.exitOverride().showHelpAfterError();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
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

// Run when executed directly (bin/rdp-doctor.cjs requires this file and calls main).
