/**
 * The fleet scan's limits and report version without its schemas (issue 20): the scan command, the targets
 * parser and the fleet report import these from here so a scan never loads zod or builds the schemas;
 * shared/fleet.ts re-exports them for everyone else.
 */

/** Biggest CIDR range accepted: a /22 is 1024 addresses, a site's worth of hosts without a sweep of a /16. */
export const FLEET_MAX_PREFIX_ADDRESSES = 1024;
export const FLEET_MAX_CIDR_PREFIX = 22;
/** Biggest scan, all sources together (four /22s). */
export const FLEET_MAX_TARGETS = 4096;
/** A help-desk PC: 16 hosts at once is a few dozen sockets, quick on a LAN and gentle on a VPN. */
export const FLEET_DEFAULT_CONCURRENCY = 16;
export const FLEET_MAX_CONCURRENCY = 256;
/** Pasted or imported target text (fits one web-mode frame of 64 KiB with room to spare). */
export const FLEET_TEXT_MAX = 60_000;

export const FLEET_REPORT_SCHEMA_VERSION = 1;
