/**
 * A report that cannot be produced for a reason the user can fix: an unknown format or a path that cannot
 * be written. The CLI maps it to exit 2; the core maps it to an ApiError with the same code.
 */
export type ReportErrorCode = 'unknown-format' | 'unwritable';

export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}
