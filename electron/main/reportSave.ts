/**
 * Electron's `report.save`: the save dialog and printToPDF, wired to the testable core in
 * electron/report/exportReport.ts. The PDF is printed by a hidden, sandboxed window with JavaScript off,
 * in its own in-memory session that cancels every request but the report's own data: URL.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import { CoreError } from '../core/coreError';
import type { Handler } from '../core/handler';
import { ReportError } from '../report/errors';
import { type ExportFormat, exportReport, FORMAT_FILTERS } from '../report/exportReport';

const PDF_PARTITION = 'rdp-doctor-report-pdf';

/**
 * Test hook for the packaged smoke test (scripts/smoke-electron.cjs): when set, the report goes to this
 * file instead of asking with the save dialog (a native dialog cannot be clicked by Playwright). It only
 * chooses the file name; the write is the same atomic write the dialog path uses.
 */
export const TEST_SAVE_PATH_ENV = 'RDP_DOCTOR_TEST_SAVE_PATH';

/** The save dialog, opening in the last report folder (or Documents). */
export function fileChooser(startFolder: string) {
  return async (suggestedName: string, format: ExportFormat): Promise<string | null> => {
    const testPath = process.env[TEST_SAVE_PATH_ENV];
    if (testPath) return path.resolve(testPath);
    const options: Electron.SaveDialogOptions = {
      title: 'Export report',
      defaultPath: path.join(startFolder, suggestedName),
      filters: [FORMAT_FILTERS[format]],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    };
    const parent = BrowserWindow.getFocusedWindow();
    const answer = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    return answer.canceled || !answer.filePath ? null : answer.filePath;
  };
}

async function htmlToPdf(html: string): Promise<Uint8Array> {
  const ses = session.fromPartition(PDF_PARTITION);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
  const win = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, session: ses },
  });
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    return await win.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
  } finally {
    win.destroy();
  }
}

export const saveReport: Handler<'report.save'> = async (req, ctx) => {
  const result = ctx.runs.result(req.runId);
  if (!result) {
    throw new CoreError('not-found', 'There is no finished probe with that id: run the probe again, then export.');
  }
  const settings = ctx.settings();
  const startFolder = settings.get().lastReportFolder ?? app.getPath('documents');
  let saved: Awaited<ReturnType<typeof exportReport>>;
  try {
    saved = await exportReport(
      result,
      req.format,
      { redact: req.redact, codes: req.codes },
      { chooseFile: fileChooser(startFolder), htmlToPdf },
    );
  } catch (err) {
    if (err instanceof ReportError) throw new CoreError(err.code, err.message);
    throw err;
  }
  if (saved.path) {
    try {
      settings.update({ lastReportFolder: path.dirname(saved.path) });
    } catch {
      // The report is saved; failing to remember its folder must not turn that into an error.
    }
  }
  return saved;
};
