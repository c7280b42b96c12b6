/**
 * Fleet targets: what was typed on the command line, pasted in the app or read from a file → the list of
 * hosts to probe, each once, plus every line that is not a target with its line number and the reason.
 *
 * Accepted: `host`, `host:port`, `[v6]`, `[v6]:port` (see parseTarget), IPv4 CIDR ranges up to /22
 * (`10.0.0.0/24`, `10.0.0.0/24:3390`), and in a file one per line with `#` comments and blank lines, or a
 * CSV inventory export with a `host` column (and optionally a `port` column). Pure: no DNS, no I/O.
 */
import net from 'node:net';
import type { TargetError } from '../../../shared/fleet';
import { FLEET_MAX_CIDR_PREFIX, FLEET_MAX_PREFIX_ADDRESSES, FLEET_MAX_TARGETS } from '../../../shared/fleetConstants';
import { DEFAULT_RDP_PORT, parseTarget } from '../parseTarget';
import { detectDelimiter, parseCsv } from './csv';

export interface FleetTarget {
  /** what the probe gets: host, host:port or [v6]:port (the port only when it is not 3389) */
  target: string;
  host: string;
  port: number;
}

export interface ParsedTargets {
  targets: FleetTarget[];
  errors: TargetError[];
  /** how many entries named a host already in the list */
  duplicates: number;
}

const TEXT_CUT = 200;
/** Column names an inventory export uses for the computer's name or address. */
const HOST_COLUMNS = ['host', 'hostname', 'computer', 'computername', 'name', 'address', 'ip', 'dnshostname'];

/** Collects targets from several sources in order, dropping duplicates (same host and port). */
export class TargetList {
  private readonly seen = new Set<string>();
  readonly targets: FleetTarget[] = [];
  readonly errors: TargetError[] = [];
  duplicates = 0;
  private full = false;

  /** One entry (a host or a CIDR range); a bad one becomes an error of `source` at `line`. */
  add(text: string, source: string, line: number): void {
    const entry = text.trim();
    const fail = (message: string) => this.errors.push({ source, line, text: entry.slice(0, TEXT_CUT), message });
    const expanded = expandEntry(entry);
    if (!expanded.ok) {
      fail(expanded.message);
      return;
    }
    for (const t of expanded.targets) {
      const key = `${t.host.toLowerCase()}|${t.port}`;
      if (this.seen.has(key)) {
        this.duplicates++;
        continue;
      }
      if (this.targets.length >= FLEET_MAX_TARGETS) {
        if (!this.full) fail(`the scan is limited to ${FLEET_MAX_TARGETS} hosts; this and what follows was left out`);
        this.full = true;
        return;
      }
      this.seen.add(key);
      this.targets.push(t);
    }
  }

  /** A whole file's (or pasted list's) text: a CSV with a host column, or one entry per line. */
  addText(text: string, source: string): void {
    const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
    const firstIndex = lines.findIndex((l) => stripComment(l).trim() !== '');
    const header = firstIndex === -1 ? null : csvHeader(lines[firstIndex] ?? '');
    if (header) {
      this.addCsv(text.replace(/^\uFEFF/, ''), source, header);
      return;
    }
    lines.forEach((raw, i) => {
      const entry = stripComment(raw).trim();
      if (entry) this.add(entry, source, i + 1);
    });
  }

  private addCsv(text: string, source: string, header: { hostCol: string; delimiter: string }): void {
    const { rows, error } = parseCsv(text, header.delimiter);
    const headIndex = rows.findIndex((r) => !isBlankOrComment(r.fields));
    const head = rows[headIndex];
    if (!head) return;
    const names = head.fields.map((f) => f.trim().toLowerCase());
    const hostIdx = names.indexOf(header.hostCol);
    const portIdx = names.indexOf('port');
    for (const row of rows.slice(headIndex + 1)) {
      if (isBlankOrComment(row.fields)) continue;
      const host = (row.fields[hostIdx] ?? '').trim();
      const port = portIdx === -1 ? '' : (row.fields[portIdx] ?? '').trim();
      if (!host) {
        this.errors.push({
          source,
          line: row.line,
          text: row.fields.join(',').slice(0, TEXT_CUT),
          message: `the "${head.fields[hostIdx]?.trim()}" column is empty on this row`,
        });
        continue;
      }
      if (port && !/^\d{1,5}$/.test(port)) {
        this.errors.push({
          source,
          line: row.line,
          text: host.slice(0, TEXT_CUT),
          message: `"${port}" is not a port number (1–65535)`,
        });
        continue;
      }
      const entry = port && !/:\d+$/.test(host) ? withPort(host, port) : host;
      this.add(entry, source, row.line);
    }
    if (error) this.errors.push({ source, line: error.line, text: '', message: error.message });
  }

  result(): ParsedTargets {
    return { targets: this.targets, errors: this.errors, duplicates: this.duplicates };
  }
}

/** Targets from positional arguments and texts (files, a pasted list), in that order. */
export function parseTargets(
  args: readonly string[],
  texts: ReadonlyArray<{ source: string; text: string }> = [],
): ParsedTargets {
  const list = new TargetList();
  args.forEach((a, i) => {
    list.add(a, 'argument', i + 1);
  });
  for (const t of texts) list.addText(t.text, t.source);
  return list.result();
}

function isBlankOrComment(fields: string[]): boolean {
  return fields.every((f) => f.trim() === '') || (fields[0]?.trim().startsWith('#') ?? false);
}

function withPort(host: string, port: string): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A `#` starts a comment at the start of a line or after a space (so `#` inside nothing else is cut). */
function stripComment(line: string): string {
  const m = /(^|\s)#/.exec(line);
  return m ? line.slice(0, m.index) : line;
}

/** The header line of a CSV inventory: has a comma or semicolon and a host-like column name. */
function csvHeader(line: string): { hostCol: string; delimiter: string } | null {
  if (!/[,;\t]/.test(line)) return null;
  const delimiter = detectDelimiter(line);
  const { rows } = parseCsv(line, delimiter);
  const names = (rows[0]?.fields ?? []).map((f) => f.trim().toLowerCase());
  const hostCol = HOST_COLUMNS.find((c) => names.includes(c));
  return hostCol ? { hostCol, delimiter } : null;
}

type Expanded = { ok: true; targets: FleetTarget[] } | { ok: false; message: string };

/** One entry → its targets: a host, or every address of a CIDR range. */
export function expandEntry(entry: string): Expanded {
  if (entry.includes('/')) return expandCidr(entry);
  const parsed = parseTarget(entry);
  if (!parsed.ok) return parsed;
  return { ok: true, targets: [toTarget(parsed.host, parsed.port)] };
}

export function toTarget(host: string, port: number): FleetTarget {
  const h = net.isIPv6(host) ? `[${canonicalV6(host)}]` : host;
  return {
    target: port === DEFAULT_RDP_PORT ? h : `${h}:${port}`,
    host: net.isIPv6(host) ? canonicalV6(host) : host,
    port,
  };
}

/** "0:0::1" and "::1" are one host. */
function canonicalV6(addr: string): string {
  try {
    return new URL(`http://[${addr}]/`).hostname.slice(1, -1);
  } catch {
    return addr.toLowerCase();
  }
}

function expandCidr(entry: string): Expanded {
  const m = /^([^/\s]+)\/(\d{1,3})(?::(\d{1,5}))?$/.exec(entry);
  if (!m) {
    if (/^\[.*\/.*\]/.test(entry) || (entry.includes(':') && net.isIPv6(entry.split('/')[0] ?? ''))) {
      return { ok: false, message: 'IPv6 ranges are not scanned (too many addresses): list the addresses instead' };
    }
    return {
      ok: false,
      message: `"${entry}" is not a range: write it as address/prefix, e.g. 10.0.0.0/24 or 10.0.0.0/24:3390`,
    };
  }
  const [, addr = '', prefixText = '', portText] = m;
  if (net.isIPv6(addr)) {
    return { ok: false, message: 'IPv6 ranges are not scanned (too many addresses): list the addresses instead' };
  }
  if (!net.isIPv4(addr)) return { ok: false, message: `"${addr}" is not an IPv4 address` };
  const prefix = Number(prefixText);
  if (prefix > 32) return { ok: false, message: `/${prefix} is not an IPv4 prefix (0–32)` };
  if (prefix < FLEET_MAX_CIDR_PREFIX) {
    const count = 2 ** (32 - prefix);
    return {
      ok: false,
      message: `${addr}/${prefix} is ${count.toLocaleString('en-US')} addresses; ranges are limited to /${FLEET_MAX_CIDR_PREFIX} (${FLEET_MAX_PREFIX_ADDRESSES} addresses) so a scan stays a check of your hosts, not a sweep of a network: split it or list the hosts`,
    };
  }
  let port = DEFAULT_RDP_PORT;
  if (portText !== undefined) {
    const p = Number(portText);
    if (!(p >= 1 && p <= 65535)) return { ok: false, message: `"${portText}" is not a port number (1–65535)` };
    port = p;
  }
  const base = ipv4ToInt(addr);
  const size = 2 ** (32 - prefix);
  const network = Math.floor(base / size) * size;
  // /31 and /32 have no network or broadcast address (RFC 3021); larger ranges leave both out.
  const first = prefix >= 31 ? network : network + 1;
  const last = prefix >= 31 ? network + size - 1 : network + size - 2;
  const targets: FleetTarget[] = [];
  for (let n = first; n <= last; n++) targets.push(toTarget(intToIpv4(n), port));
  return { ok: true, targets };
}

function ipv4ToInt(addr: string): number {
  return addr.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
