// STUB (foundation): built by the report issue (7). Writes the report of `result` to `file`, format
// chosen by extension (.html, .json, .md), atomically; throws UsageError for a bad extension or path.
import type { ProbeResult } from '../../shared/probe';
import { UsageError } from '../cli/usage';

export interface WriteReportOptions {
  redact?: boolean;
  codes?: string;
}

export async function writeReportFile(_file: string, _result: ProbeResult, _opts: WriteReportOptions = {}): Promise<void> {
  throw new UsageError('Reports are not built yet.');
}
