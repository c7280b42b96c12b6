// Report handlers. `report.render` is filled by the report issue (7); `report.save` needs Electron's
// save dialog, so the Electron main process overrides it and web mode downloads `report.render` instead.
import { CoreError, type Handler } from '../core';

const render: Handler<'report.render'> = async () => {
  throw new CoreError('unsupported', 'Reports are not built yet.');
};

const save: Handler<'report.save'> = async () => {
  throw new CoreError('unsupported', 'Saving to a file is done by the browser in web mode: use the download.');
};

export const reportHandlers = { 'report.render': render, 'report.save': save };
