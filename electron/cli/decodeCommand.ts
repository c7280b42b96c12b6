// STUB (foundation): the decoder is built by the diagnosis issue (4).
import type { Command } from 'commander';
import { UsageError } from './usage';

export function registerDecodeCommand(program: Command): void {
  program
    .command('decode <codes...>')
    .description('Explain the codes mstsc showed, e.g. "decode 0x904 0x7"')
    .action(() => {
      throw new UsageError('decode is not built yet.');
    });
}
