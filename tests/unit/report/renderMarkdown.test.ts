import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/buildReport';
import { escapeMarkdown, markdownCode } from '../../../electron/report/markdownEscape';
import { renderMarkdown } from '../../../electron/report/renderMarkdown';
import { expiredFinding, HOSTILE, hostileResult, THUMBPRINT, windowsResult } from './fixtures';

describe('renderMarkdown', () => {
  it('reads as a ticket comment: heading, verdict, findings, steps table, facts, actions', () => {
    const md = renderMarkdown(buildReport(windowsResult(), { codes: '0x904 0x7' }));
    const lines = md.split('\n');
    expect(lines[0]).toBe('# RDP Doctor report: srv01.corp.example:3389');
    expect(md).toContain('**No blocking problem; 1 warning.**');
    expect(md).toContain(`### WARNING: ${expiredFinding.title}`);
    expect(md).toContain('Finding id: `tls-cert-expired`');
    expect(md).toContain('Fix on Windows: Regenerate the self-signed Remote Desktop certificate');
    expect(md).toContain(`| SHA-1 thumbprint | ${THUMBPRINT} |`);
    expect(md).toContain('| Step | Result | Time | Summary |');
    expect(md).toContain('| TCP connection | passed | 4 ms | tcp fine |');
    expect(md).toContain('refused: HYBRID_REQUIRED_BY_SERVER (5)');
    expect(md).toContain('Entered: `0x904 0x7`');
    expect(md).toContain('No fixes were applied in this session.');
    // every table row has the same number of cells as its header
    let cells = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        cells = 0;
        continue;
      }
      const n = line.replace(/\\\|/g, '').split('|').length;
      if (cells === 0) cells = n;
      expect(n, line).toBe(cells);
    }
  });

  it('keeps hostile strings as text: no HTML, no link, no heading, no broken table', () => {
    const md = renderMarkdown(buildReport(hostileResult()));
    expect(md).not.toMatch(/(?<!\\)<script|(?<!\\)<img/);
    expect(md).not.toMatch(/(?<!\\)\[x(?<!\\)\]\(/);
    expect(md.split('\n').filter((l) => l.startsWith('# '))).toHaveLength(1);
    expect(md).toContain(escapeMarkdown(HOSTILE));
  });

  it('property: escaped text has no line break and no unescaped markup character', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const out = escapeMarkdown(s);
        const unescaped = out.replace(/\\[\\`*[\]<>|~_#>+=\-.)]/g, '');
        return !/[\r\n]/.test(out) && !/[\\`*[\]<>|~]/.test(unescaped) && !/^\s*([#>+=-]|\d+[.)])/.test(out);
      }),
    );
  });

  it('property: a code span holds any text, with pipes escaped for tables', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (s) => {
        const out = markdownCode(s);
        const fence = /^`+/.exec(out)![0];
        const inner = out.slice(fence.length, out.length - fence.length);
        return out.endsWith(fence) && !inner.includes(fence) && !/(?<!\\)\|/.test(inner) && !/[\r\n]/.test(out);
      }),
    );
  });
});
