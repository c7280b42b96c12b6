// STUB (foundation): the Electron save dialog + PDF export is built by the report issue (7).
import type { Handler } from '../core/core';
import { CoreError } from '../core/core';

export const saveReport: Handler<'report.save'> = async () => {
  throw new CoreError('unsupported', 'Saving reports is not built yet.');
};
