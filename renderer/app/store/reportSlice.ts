import type { StateCreator } from 'zustand/vanilla';
import { friendlyError } from '../logic/friendlyError';
import { buildSummary } from '../logic/summary';
import type { AppState, ReportSlice, StoreDeps } from './types';

/**
 * The report buttons of the findings screen. Electron saves through its own dialog (`report.save`);
 * web mode renders (`report.render`) and lets the browser download it. PDF in web mode is the HTML
 * report printed by the browser.
 */
export function createReportSlice(deps: StoreDeps): StateCreator<AppState, [], [], ReportSlice> {
  return (set, get) => ({
    appInfo: null,
    appInfoError: null,
    exportFormat: 'html',
    redact: false,
    exportBusy: false,
    reportMessage: null,

    loadAppInfo: async () => {
      try {
        const appInfo = await deps.api().invoke('app.info', {});
        set({ appInfo, appInfoError: null });
      } catch (err) {
        set({ appInfoError: friendlyError(err, 'Not connected') });
      }
    },
    setExportFormat: (exportFormat) => set({ exportFormat }),
    setRedact: (redact) => set({ redact }),

    exportReport: async () => {
      const { runId, result, exportFormat, redact, codesText, appInfo, exportBusy, fromFleet } = get();
      if (!runId || !result || exportBusy) return;
      // a host opened from the fleet list is judged without the codes typed for one computer
      const codes = codesText.trim() && !fromFleet ? codesText.trim().slice(0, 200) : undefined;
      set({ exportBusy: true, reportMessage: null });
      try {
        if (appInfo?.mode === 'electron') {
          const saved = await deps.api().invoke('report.save', { runId, format: exportFormat, redact, codes });
          set({
            // Cancelling the save dialog is the user's own choice: nothing to say.
            reportMessage: saved.saved
              ? { kind: 'info', text: `Report saved${saved.path ? ` to ${saved.path}` : ''}.` }
              : null,
          });
        } else {
          const format = exportFormat === 'pdf' ? 'html' : exportFormat;
          const report = await deps.api().invoke('report.render', { runId, format, redact, codes });
          if (exportFormat === 'pdf') {
            // "Print to PDF…": the browser's print dialog on the report, never an HTML file labelled PDF
            if (!deps.printHtml) throw new Error('This browser cannot print from here: export HTML and print it.');
            deps.printHtml(report.content);
            set({
              reportMessage: {
                kind: 'info',
                text: 'The print dialog opened: choose "Save as PDF" (or "Microsoft Print to PDF") as the printer.',
              },
            });
          } else {
            deps.download(report.filename, report.mime, report.content);
            set({ reportMessage: { kind: 'info', text: `Downloaded ${report.filename}.` } });
          }
        }
      } catch (err) {
        set({ reportMessage: { kind: 'error', text: friendlyError(err, 'The report could not be made') } });
      } finally {
        set({ exportBusy: false });
      }
    },

    copySummary: async () => {
      const { result, decode: typed, fromFleet } = get();
      if (!result) return;
      const decode = fromFleet ? null : typed;
      try {
        await deps.writeClipboard(buildSummary(result, decode));
        set({ reportMessage: { kind: 'info', text: 'Summary copied to the clipboard.' } });
      } catch (err) {
        set({ reportMessage: { kind: 'error', text: friendlyError(err, 'Could not copy the summary') } });
      }
    },
  });
}
