/**
 * Electron's `report.save`: the save dialog and printToPDF, wired to the testable core in
 * electron/report/exportReport.ts. The PDF is printed by a hidden, sandboxed window with JavaScript off,
 * in its own in-memory session that cancels every request but the report's own data: URL.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, session } from 'electron';
import type { Handler } from '../core/core';
import { CoreError } from '../core/coreError';
import { ReportError } from '../report/errors';
import { type ExportFormat, exportReport, FORMAT_FILTERS } from '../report/exportReport';

const PDF_PARTITION = 'rdp-doctor-report-pdf';

async function chooseFile(suggestedName: string, format: ExportFormat): Promise<string | null> {
  const options: Electron.SaveDialogOptions = {
    title: 'Export report',
    defaultPath: path.join(app.getPath('documents'), suggestedName),
    filters: [FORMAT_FILTERS[format]],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  };
  const parent = BrowserWindow.getFocusedWindow();
  const answer = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return answer.canceled || !answer.filePath ? null : answer.filePath;
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
  try {
    return await exportReport(result, req.format, { redact: req.redact, codes: req.codes }, { chooseFile, htmlToPdf });
  } catch (err) {
    if (err instanceof ReportError) throw new CoreError(err.code, err.message);
    throw err;
  }
};
