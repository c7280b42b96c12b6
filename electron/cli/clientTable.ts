/**
 * `rdp-doctor probe`'s short "Which clients will connect" table (issue 21 part 2): one line per client profile,
 * the verdict coloured, the reason wrapped under it.
 */
import type pc from 'picocolors';
import type { ProbeResult } from '../../shared/probe';

export function formatClientTable(
  result: ProbeResult,
  o: { width: number; colors: ReturnType<typeof pc.createColors> },
  wrap: (text: string, width: number) => string[],
): string[] {
  const rows = result.clients?.profiles ?? [];
  if (rows.length === 0) return [];
  const c = o.colors;
  const lines = ['', c.bold('Which clients will connect')];
  for (const r of rows) {
    const word =
      r.willConnect === 'yes' ? c.green('yes    ') : r.willConnect === 'no' ? c.red('no     ') : c.yellow('unknown');
    lines.push(`  ${word} ${r.label}`);
    lines.push(...wrap(r.why, Math.max(20, o.width - 10)).map((l) => `          ${c.dim(l)}`));
  }
  return lines;
}
