import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildReport } from '../../../electron/report/buildReport';
import { ReportError } from '../../../electron/report/errors';
import { formatForPath, suggestedFilename } from '../../../electron/report/reportFormat';
import { writeFileAtomic } from '../../../electron/report/writeFileAtomic';
import { writeReportFile } from '../../../electron/report/writeReportFile';
import { ReportSchema } from '../../../shared/report';
import { THUMBPRINT, windowsResult } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-report-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function reportError(p: Promise<unknown>): Promise<ReportError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ReportError);
  return err as ReportError;
}

describe('writeReportFile', () => {
  it('picks the format from the extension', async () => {
    const result = windowsResult();
    for (const name of ['r.html', 'r.HTM', 'r.json', 'r.md', 'r.markdown']) {
      await writeReportFile(path.join(dir, name), result, { codes: '0x904 0x7' });
    }
    expect(readFileSync(path.join(dir, 'r.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(readFileSync(path.join(dir, 'r.HTM'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const json = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(ReportSchema.parse(json).codes?.input).toBe('0x904 0x7');
    expect(readFileSync(path.join(dir, 'r.md'), 'utf8')).toMatch(/^# RDP Doctor report/);
    expect(readFileSync(path.join(dir, 'r.markdown'), 'utf8')).toContain(THUMBPRINT);
    expect(readdirSync(dir).sort()).toEqual(['r.HTM', 'r.html', 'r.json', 'r.markdown', 'r.md']);
  });

  it('redacts on request', async () => {
    await writeReportFile(path.join(dir, 'r.json'), windowsResult(), { redact: true });
    const text = readFileSync(path.join(dir, 'r.json'), 'utf8');
    expect(JSON.parse(text).redacted).toBe(true);
    expect(text).not.toContain('srv01');
  });

  it('refuses an unknown extension with a clear error and writes nothing', async () => {
    for (const name of ['report.pdf', 'report.txt', 'report', 'report.html.bak']) {
      const err = await reportError(writeReportFile(path.join(dir, name), windowsResult()));
      expect(err.code).toBe('unknown-format');
      expect(err.message).toContain('.html, .json or .md');
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a path it cannot write, names it, and leaves nothing behind', async () => {
    const missing = path.join(dir, 'no-such-folder', 'r.html');
    let err = await reportError(writeReportFile(missing, windowsResult()));
    expect(err.code).toBe('unwritable');
    expect(err.message).toContain(missing);
    expect(err.message).toContain('the folder does not exist');

    writeFileSync(path.join(dir, 'a-file'), 'x');
    err = await reportError(writeReportFile(path.join(dir, 'a-file', 'r.md'), windowsResult()));
    expect(err.message).toContain('not a folder');

    mkdirSync(path.join(dir, 'folder.json'));
    err = await reportError(writeReportFile(path.join(dir, 'folder.json'), windowsResult()));
    expect(err.message).toContain('it is a folder');
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'folder.json']);
    expect(readdirSync(path.join(dir, 'folder.json'))).toEqual([]);
  });

  it('replaces an existing report whole', async () => {
    const file = path.join(dir, 'r.md');
    writeFileSync(file, 'old '.repeat(100_000));
    await writeReportFile(file, windowsResult());
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# RDP Doctor report/);
    expect(text).not.toContain('old ');
    expect(readdirSync(dir)).toEqual(['r.md']);
  });

  it('an interrupted write (a failing temp file) leaves the old file untouched and no temp file', async () => {
    const file = path.join(dir, 'r.json');
    writeFileSync(file, '{"old":true}');
    // A payload that is not writable data makes writeFile fail after the temp file was created.
    const err = await reportError(writeFileAtomic(file, 42 as unknown as string));
    expect(err.code).toBe('unwritable');
    expect(readFileSync(file, 'utf8')).toBe('{"old":true}');
    expect(readdirSync(dir)).toEqual(['r.json']);
  });
});

describe('report formats and names', () => {
  it('maps extensions case-insensitively', () => {
    expect(formatForPath('/x/Report.HTML')).toBe('html');
    expect(formatForPath('a.md')).toBe('md');
    expect(() => formatForPath('a.pdf')).toThrow(ReportError);
  });

  it('suggests a file name from the target and the probe time, without the target when redacted', () => {
    const plain = buildReport(windowsResult());
    expect(suggestedFilename(plain, 'html')).toBe('rdp-doctor-srv01.corp.example-3389-20260601-1000.html');
    expect(suggestedFilename(buildReport(windowsResult(), { redact: true }), 'pdf')).toBe(
      'rdp-doctor-redacted-20260601-1000.pdf',
    );
    const odd = buildReport({ ...windowsResult(), input: '[../../etc]:3389' });
    expect(suggestedFilename(odd, 'md')).toMatch(/^rdp-doctor-[a-z0-9.-]+-20260601-1000\.md$/);
    expect(suggestedFilename(odd, 'md')).not.toContain('/');
  });
});
