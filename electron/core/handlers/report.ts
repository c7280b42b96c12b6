// Report handlers. `report.render` renders the finished result of a run (HTML, JSON or Markdown) for the
// renderer to download (web mode) or hand to `report.save`; `report.save` needs Electron's save dialog, so
// the Electron main process overrides it (electron/main/reportSave.ts) and web mode refuses it here.
import { actionsFromAudit } from '../../report/auditActions';
import { renderResult } from '../../report/renderReport';
import { CoreError } from '../coreError';
import type { Handler } from '../handler';

const render: Handler<'report.render'> = async (req, ctx) => {
  const asked = ctx.runs.result(req.runId);
  if (!asked) {
    throw new CoreError('not-found', 'There is no finished probe with that id: run the probe again, then export.');
  }
  // After a fix, the report tells the host as the fix's re-probe saw it, with the actions taken since the
  // probe the technician started from.
  const result = ctx.runs.refreshed(asked) ?? asked;
  const actions = actionsFromAudit(ctx.fix.reportEntries(asked.input, asked.startedAt, req.jobId));
  return renderResult(result, req.format, { redact: req.redact, codes: req.codes, actions });
};

const save: Handler<'report.save'> = async () => {
  throw new CoreError('unsupported', 'Saving to a file is done by the browser in web mode: use the download.');
};

export const reportHandlers = { 'report.render': render, 'report.save': save };
