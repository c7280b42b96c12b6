// Report handlers. `report.render` renders the finished result of a run (HTML, JSON or Markdown) for the
// renderer to download (web mode) or hand to `report.save`; `report.save` needs Electron's save dialog, so
// the Electron main process overrides it (electron/main/reportSave.ts) and web mode refuses it here.
import { renderResult } from '../../report/renderReport';
import type { Handler } from '../core';
import { CoreError } from '../coreError';

const render: Handler<'report.render'> = async (req, ctx) => {
  const result = ctx.runs.result(req.runId);
  if (!result) {
    throw new CoreError('not-found', 'There is no finished probe with that id: run the probe again, then export.');
  }
  return renderResult(result, req.format, { redact: req.redact, codes: req.codes });
};

const save: Handler<'report.save'> = async () => {
  throw new CoreError('unsupported', 'Saving to a file is done by the browser in web mode: use the download.');
};

export const reportHandlers = { 'report.render': render, 'report.save': save };
