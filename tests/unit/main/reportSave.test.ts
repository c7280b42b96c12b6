// electron/main/reportSave.ts with FAKE Electron (dialog, app, session, BrowserWindow): the dialog opens
// in the last report folder, the report is written for real (temp folder), the folder is remembered,
// a cancelled dialog writes nothing, PDF goes through the hidden sandboxed window, and the smoke-test
// hook replaces only the dialog.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CoreContext } from '../../../electron/core/core';
import { SettingsStore } from '../../../electron/core/settings';
import { windowsResult } from '../report/fixtures';
import { FakeBrowserWindow, fakeSession } from './fakeElectron';

const documents = mkdtempSync(path.join(tmpdir(), 'rdpdoc-docs-'));
const showSaveDialog = vi.fn(async (_opts: { defaultPath: string }) => ({ canceled: true, filePath: '' }));
const pdfSession = fakeSession();
vi.mock('electron', () => ({
  app: { getPath: (name: string) => (name === 'documents' ? documents : '/nonexistent') },
  BrowserWindow: FakeBrowserWindow,
  dialog: { showSaveDialog: (opts: { defaultPath: string }) => showSaveDialog(opts) },
  session: { fromPartition: () => pdfSession },
}));

const { saveReport, TEST_SAVE_PATH_ENV } = await import('../../../electron/main/reportSave');

function context(dataDir: string, hasResult = true): CoreContext {
  const settings = new SettingsStore(dataDir);
  return {
    sink: { emit: () => {} },
    mode: 'electron',
    runs: { result: () => (hasResult ? windowsResult() : null) } as unknown as CoreContext['runs'],
    // not used by report.save
    jobs: {} as CoreContext['jobs'],
    fix: {} as CoreContext['fix'],
    settings: () => settings,
  };
}

afterEach(() => {
  delete process.env[TEST_SAVE_PATH_ENV];
  showSaveDialog.mockReset();
});

describe('report.save (fake Electron dialog, real files)', () => {
  it('opens in Documents first, writes the chosen file, and remembers its folder for next time', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-data-'));
    const target = path.join(mkdtempSync(path.join(tmpdir(), 'rdpdoc-out-')), 'ticket-4711.html');
    showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const ctx = context(dataDir);
    const answer = await saveReport({ runId: 'r1', format: 'html', redact: false }, ctx);
    expect(answer).toEqual({ saved: true, path: target });
    expect(path.dirname(showSaveDialog.mock.calls[0]?.[0].defaultPath ?? '')).toBe(documents);
    expect(readFileSync(target, 'utf8')).toMatch(/^<!doctype html>/i);
    expect(ctx.settings().get().lastReportFolder).toBe(path.dirname(target));

    showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    await saveReport({ runId: 'r1', format: 'md', redact: false }, ctx);
    expect(path.dirname(showSaveDialog.mock.calls[1]?.[0].defaultPath ?? '')).toBe(path.dirname(target));
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-out-'));
    showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    const ctx = context(mkdtempSync(path.join(tmpdir(), 'rdpdoc-data-')));
    expect(await saveReport({ runId: 'r1', format: 'json', redact: false }, ctx)).toEqual({ saved: false, path: null });
    expect(readdirSync(dir)).toEqual([]);
    expect(ctx.settings().get().lastReportFolder).toBeNull();
  });

  it('prints a PDF in a hidden, sandboxed window without JavaScript, whose session loads only data:', async () => {
    process.env[TEST_SAVE_PATH_ENV] = path.join(mkdtempSync(path.join(tmpdir(), 'rdpdoc-out-')), 'r.pdf');
    FakeBrowserWindow.instances.length = 0;
    const ctx = context(mkdtempSync(path.join(tmpdir(), 'rdpdoc-data-')));
    const answer = await saveReport({ runId: 'r1', format: 'pdf', redact: true }, ctx);
    expect(answer.saved).toBe(true);
    expect(readFileSync(answer.path ?? '', 'utf8')).toBe('%PDF-1.7 fake');
    const win = FakeBrowserWindow.instances[0];
    expect(win?.options).toMatchObject({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    expect(win?.loaded[0]).toMatch(/^data:text\/html;charset=utf-8;base64,/);
    expect(win?.destroyed).toBe(true);
    const cancelled = (url: string) =>
      new Promise<boolean>((resolve) => pdfSession.beforeRequest?.({ url }, (r) => resolve(r.cancel)));
    expect(await cancelled('data:text/html,x')).toBe(false);
    expect(await cancelled('https://tracker.example/pixel.png')).toBe(true);
  });

  it('the test hook replaces only the dialog: the dialog is never shown, the write is the real one', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rdpdoc-out-')), 'smoke.json');
    process.env[TEST_SAVE_PATH_ENV] = file;
    const ctx = context(mkdtempSync(path.join(tmpdir(), 'rdpdoc-data-')));
    expect(await saveReport({ runId: 'r1', format: 'json', redact: false }, ctx)).toEqual({ saved: true, path: file });
    expect(showSaveDialog).not.toHaveBeenCalled();
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(1);
  });

  it('names the problem when the run does not exist', async () => {
    const ctx = context(mkdtempSync(path.join(tmpdir(), 'rdpdoc-data-')), false);
    await expect(saveReport({ runId: 'gone', format: 'html', redact: false }, ctx)).rejects.toMatchObject({
      code: 'not-found',
    });
    expect(existsSync(documents)).toBe(true);
  });
});
