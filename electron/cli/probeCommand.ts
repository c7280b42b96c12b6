// STUB (foundation): the probe command is built by the probe issue (3).
import type { Command } from 'commander';
import { UsageError } from './usage';

export function registerProbeCommand(program: Command): void {
  program
    .command('probe <host>')
    .description('Probe a Remote Desktop host (host, host:port or [IPv6]:port)')
    .action(() => {
      throw new UsageError('probe is not built yet.');
    });
}
