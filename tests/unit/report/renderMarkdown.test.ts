import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../electron/diagnosis/diagnose';
import { buildReport } from '../../../electron/report/buildReport';
import { escapeMarkdown, markdownCode } from '../../../electron/report/markdownEscape';
import { renderMarkdown } from '../../../electron/report/renderMarkdown';
import type { ProbeResult } from '../../../shared/probe';
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
        return (
          !/[\r\n]/.test(out) &&
          !/[\\`*[\]<>|~]/.test(unescaped) &&
          !/^\s*(#{1,6}(\s|$)|>|[-+](\s|$)|=+\s*$|-+\s*$|\d{1,9}[.)](\s|$))/.test(out)
        );
      }),
    );
  });

  it('escapes only what Markdown needs: an address stays an address, a block marker is escaped', () => {
    expect(escapeMarkdown('127.77.0.12')).toBe('127.77.0.12');
    expect(escapeMarkdown('10.0.0.5:3389')).toBe('10.0.0.5:3389');
    expect(escapeMarkdown('-5 dB')).toBe('-5 dB');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
    expect(escapeMarkdown('---')).toBe('\\---');
  });

  it('shows the host kind, the fixes of that kind with their exact commands, and the code-first order', () => {
    const md = renderMarkdown(buildReport(windowsResult(), { codes: '0x904 0x7' }));
    expect(md).toMatch(/\| Host kind \| Windows: NTLM reports Windows version/);
    expect(md).not.toMatch(/Fix on xrdp/);
    expect(md).toContain('Commands for `win-regenerate-self-signed-cert`:');
    expect(md).toContain('```powershell');
    expect(md).toContain('Restart-Service -Name TermService -Force');
  });

  it('a CAPTURED xrdp that falls back to Standard RDP Security: its own verdict, the unreadable key first, only xrdp fixes', () => {
    const facts = JSON.parse(
      readFileSync(path.join(__dirname, '../../fixtures/probe/xrdp-unreadable-key.json'), 'utf8'),
    ) as ProbeResult;
    const md = renderMarkdown(buildReport({ ...facts, findings: diagnose(facts) }));
    expect(md).toContain('cannot prove its identity (Standard RDP Security only)');
    expect(md).toMatch(/Likely causes, most likely first:\n\n1\. xrdp cannot read its private key/);
    expect(md).toMatch(/\| Host kind \| xrdp \(Linux\): /);
    expect(md).not.toMatch(/Fix on Windows/);
    expect(md).toContain('```sh\n');
    expect(md).toContain('sudo adduser xrdp ssl-cert');
    // the address in the report is not mangled by escaping
    expect(md).toContain(facts.target?.host ?? '?');
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
