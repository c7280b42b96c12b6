/**
 * The report's version without its schema (issue 20): buildReport (which a fleet scan's report uses too)
 * imports it from here so building a report never loads zod; shared/report.ts re-exports it.
 *
 * Bump REPORT_SCHEMA_VERSION when a field is removed, renamed or changes meaning; adding an optional
 * field does not need a bump.
 */
export const REPORT_SCHEMA_VERSION = 1;
