import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/buildReport';
import { summarizeText } from '../../../electron/report/summarizeText';
import { localDateTime } from '../../../shared/localTime';
import { HOSTILE, hostileResult, THUMBPRINT, windowsResult, xrdpResult } from './fixtures';

describe('summarizeText', () => {
  it('is a few lines: target, who, verdict, findings, codes, thumbprint, steps', () => {
    const text = summarizeText(buildReport(windowsResult(), { codes: '0x904 0x7', ranBy: 'tech', machine: 'PC1' }));
    const lines = text.trimEnd().split('\n');
    // local time with its zone, not the raw ISO string
    expect(lines[0]).toBe(
      `RDP Doctor: srv01.corp.example:3389 — probed ${localDateTime('2026-06-01T10:00:00.000Z')} by tech on PC1`,
    );
    expect(lines[0]).not.toContain('2026-06-01T10');
    expect(localDateTime('2026-06-01T10:00:00.000Z')).toMatch(/^1 Jun 2026, \d\d:00:00 \S+/);
    expect(localDateTime('not a date')).toBe('not a date');
    expect(lines[1]).toBe('No blocking problem; 1 warning.');
    expect(lines).toContain('- [warning] The server certificate has expired');
    expect(text).toContain(`Certificate SHA-1 thumbprint ${THUMBPRINT}`);
    expect(text).toMatch(/mstsc codes 0x904 0x7: /);
    expect(text).not.toMatch(/Standard RDP Security/); // skipped steps are left out
    expect(lines.length).toBeLessThan(12);
  });

  it('says so when nothing is wrong, and keeps hostile text on its line', () => {
    expect(summarizeText(buildReport(xrdpResult()))).toContain('No problem found.');
    const text = summarizeText(buildReport(hostileResult()));
    expect(text).toContain(HOSTILE.replace(/\n/g, ' '));
    expect(text.split('\n').filter((l) => l.startsWith('# '))).toEqual([]);
  });
});
