/**
 * What the user typed → host and port: `host`, `host:port`, `[v6addr]` or `[v6addr]:port`. Anything else is
 * refused with a sentence saying what is accepted. A bare IPv6 address is refused too: `fe80::1:3389` could
 * be an address or an address and a port, so brackets are required. Pure and shared, so the start screen and
 * the CLI refuse the same input ("300.1.1.1") with the same words before anything runs.
 */
import { HOST_INPUT_MAX } from './probeConstants';

/** Dotted-quad IPv4, each part 0–255 without a leading zero (as Node's net.isIPv4). */
export function isIPv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** IPv6 (RFC 4291 text forms, an embedded IPv4 tail and a %zone allowed), as Node's net.isIPv6. */
export function isIPv6(text: string): boolean {
  const zone = text.indexOf('%');
  const addr = zone === -1 ? text : text.slice(0, zone);
  if (zone !== -1 && !/^%[A-Za-z0-9_.-]+$/.test(text.slice(zone))) return false;
  let groups = addr.split(':');
  const last = groups[groups.length - 1] ?? '';
  if (last.includes('.')) {
    if (!isIPv4(last)) return false;
    groups = groups.slice(0, -1).concat(['0', '0']);
  }
  const text2 = groups.join(':');
  const doubles = text2.split('::').length - 1;
  if (doubles > 1) return false;
  const hex = /^[0-9A-Fa-f]{1,4}$/;
  if (doubles === 1) {
    const [head, tail] = text2.split('::') as [string, string];
    const h = head === '' ? [] : head.split(':');
    const t = tail === '' ? [] : tail.split(':');
    if (![...h, ...t].every((g) => hex.test(g))) return false;
    return h.length + t.length <= 7;
  }
  const all = text2.split(':');
  return all.length === 8 && all.every((g) => hex.test(g));
}

export const DEFAULT_RDP_PORT = 3389;

export type ParsedTarget = { ok: true; host: string; port: number } | { ok: false; message: string };

const LABEL = /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

function validHostname(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  const labels = (host.endsWith('.') ? host.slice(0, -1) : host).split('.');
  return labels.every((l) => LABEL.test(l));
}

export function parseTarget(input: string): ParsedTarget {
  const text = input.trim();
  const usage = 'use host, host:port, [IPv6] or [IPv6]:port (e.g. server01, 10.0.0.5:3390, [fe80::1]:3389)';
  if (text.length === 0) return { ok: false, message: `no host given: ${usage}` };
  if (text.length > HOST_INPUT_MAX)
    return { ok: false, message: `the host is longer than ${HOST_INPUT_MAX} characters` };
  if (text.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
    if (!m) return { ok: false, message: `"${text}" is not a valid bracketed IPv6 address: ${usage}` };
    const addr = m[1]!;
    if (!isIPv6(addr)) return { ok: false, message: `"${addr}" is not an IPv6 address` };
    if (m[2] === undefined) return { ok: true, host: addr, port: DEFAULT_RDP_PORT };
    const port = parsePort(m[2]);
    if (port === null) return { ok: false, message: `"${m[2]}" is not a port number (1–65535)` };
    return { ok: true, host: addr, port };
  }
  if (isIPv6(text)) {
    return { ok: false, message: `write IPv6 addresses in brackets, e.g. [${text}] or [${text}]:3389` };
  }
  const colon = text.lastIndexOf(':');
  let host = text;
  let port = DEFAULT_RDP_PORT;
  if (colon !== -1) {
    host = text.slice(0, colon);
    const parsed = parsePort(text.slice(colon + 1));
    if (parsed === null) return { ok: false, message: `"${text.slice(colon + 1)}" is not a port number (1–65535)` };
    port = parsed;
  }
  if (isIPv4(host)) return { ok: true, host, port };
  if (/^[\d.]+$/.test(host)) return { ok: false, message: `"${host}" is not a valid IPv4 address` };
  if (!validHostname(host)) return { ok: false, message: `"${host}" is not a valid host name: ${usage}` };
  return { ok: true, host: host.toLowerCase(), port };
}
