/**
 * `rdp-doctor decode 0x904 0x7`: explain the codes mstsc showed. Printing only; the decoder is
 * electron/diagnosis/decodeCodes.ts, the same one the app's first screen uses.
 * Exit: 0 every code explained, 1 a code is not in Microsoft's lists (unknown), 2 not a code at all.
 */
import type { Command } from 'commander';
import pc from 'picocolors';
import type { DecodeResult } from '../../shared/codes';
import { FINDING_CATALOGUE, isFindingId } from '../../shared/findings';
import { decodeCodes } from '../diagnosis/decodeCodes';
import { EXIT_FINDING_ERROR, EXIT_OK, UsageError } from './usage';

interface DecodeOptions {
  json?: boolean;
  color?: boolean;
}

export function registerDecodeCommand(program: Command): void {
  program
    .command('decode <codes...>')
    .description(
      'Explain the codes mstsc showed, e.g. "decode 0x904 0x7" or "decode \'Code: 0x904, Extended Error Code: 0x7\'"',
    )
    .option('--json', 'print the decoded result as one JSON document')
    .option('--no-color', 'no colours in the output')
    .action((codes: string[], options: DecodeOptions) => {
      const result = decodeCodes(codes.join(' '));
      if (!result.ok) throw new UsageError(result.error ?? 'could not read the codes.');
      const useColor = options.color !== false && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatDecode(result, useColor));
      // Exit 1 when a code is not in Microsoft's lists: the explanation is incomplete (as probe exits 1 on
      // an error finding); 0 when every code was explained; 2 for input that is not a code at all.
      process.exitCode = result.codes.some((c) => !c.known) ? EXIT_FINDING_ERROR : EXIT_OK;
    });
}

/** The human text: the summary, one line per code, then the findings that usually cause it. */
export function formatDecode(result: DecodeResult, useColor = false): string {
  const c = pc.createColors(useColor);
  const lines: string[] = [result.summary, ''];
  for (const code of result.codes) {
    const label =
      code.table === 'disconnectReason'
        ? 'Code'
        : code.table === 'extendedDisconnectReason'
          ? 'Extended code'
          : 'Set Error Info';
    const name = code.known ? c.bold(code.name ?? '') : c.yellow('unknown');
    lines.push(`  ${label} ${c.cyan(code.hex)} (${code.value}) ${name}`);
    // an unknown code's meaning ("… is not in Microsoft's list") is already in the summary: say it once
    if (code.known || !result.summary.includes(code.hex)) lines.push(`    ${code.meaning}`);
  }
  if (result.relatedFindings.length > 0) {
    lines.push('', 'Usually caused by (run "rdp-doctor probe HOST" to see which applies):');
    for (const id of result.relatedFindings) {
      const title = isFindingId(id) ? FINDING_CATALOGUE[id].title : '';
      lines.push(`  - ${c.bold(id)}${title ? `: ${title}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
