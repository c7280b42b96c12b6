// The app's export flow with a FAKE host (the save dialog and printToPDF need Electron); the real PDF path
// through Chromium is in tests/e2e/report-chromium.test.ts.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReportError } from '../../../electron/report/errors';
import { type ExportHost, exportReport, withExtension } from '../../../electron/report/exportReport';
import { THUMBPRINT, windowsResult } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-export-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function fakeHost(answer: string | null) {
  const calls = { suggested: [] as string[], printed: [] as string[] };
  const host: ExportHost = {
    chooseFile: async (name) => {
      calls.suggested.push(name);
      return answer;
    },
    htmlToPdf: async (html) => {
      calls.printed.push(html);
      return new TextEncoder().encode('%PDF-1.4 fake');
    },
  };
  return { host, calls };
}

describe('exportReport', () => {
  it('suggests a name, writes the chosen file, and answers its path', async () => {
    const { host, calls } = fakeHost(path.join(dir, 'ticket-4711.md'));
    const r = await exportReport(windowsResult(), 'md', {}, host);
    expect(r).toEqual({ saved: true, path: path.join(dir, 'ticket-4711.md') });
    expect(calls.suggested).toEqual(['rdp-doctor-srv01.corp.example-3389-20260601-1000.md']);
    expect(readFileSync(r.path!, 'utf8')).toContain(THUMBPRINT);
  });

  it('prints the HTML report for PDF', async () => {
    const { host, calls } = fakeHost(path.join(dir, 'r'));
    const r = await exportReport(windowsResult(), 'pdf', { redact: true }, host);
    expect(r.path).toBe(path.join(dir, 'r.pdf'));
    expect(calls.suggested).toEqual(['rdp-doctor-redacted-20260601-1000.pdf']);
    expect(calls.printed[0]).toMatch(/^<!DOCTYPE html>/);
    expect(calls.printed[0]).not.toContain('srv01');
    expect(readFileSync(r.path!, 'utf8')).toBe('%PDF-1.4 fake');
  });

  it('a cancelled dialog saves nothing', async () => {
    const { host } = fakeHost(null);
    expect(await exportReport(windowsResult(), 'html', {}, host)).toEqual({ saved: false, path: null });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an unwritable choice is a ReportError and leaves nothing', async () => {
    const { host } = fakeHost(path.join(dir, 'gone', 'r.json'));
    await expect(exportReport(windowsResult(), 'json', {}, host)).rejects.toBeInstanceOf(ReportError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('adds the extension only when the chosen name has none of the format', () => {
    expect(withExtension('/a/r', 'html')).toBe('/a/r.html');
    expect(withExtension('/a/r.HTM', 'html')).toBe('/a/r.HTM');
    expect(withExtension('/a/r.md', 'pdf')).toBe('/a/r.md.pdf');
  });
});
