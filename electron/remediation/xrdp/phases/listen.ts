/**
 * Where xrdp listens, read the way xrdp reads its [Globals] `port=` (xrdp_listen.c, xrdp_listen_pp): one or
 * more space-separated entries, each
 *   3389                       all addresses (0.0.0.0, or :: when IPv6 is there)
 *   tcp://.:3389               127.0.0.1          tcp://:3389     0.0.0.0
 *   tcp://192.0.2.1:3389       that IPv4 address
 *   tcp6://.:3389              ::1                tcp6://:3389    ::
 *   tcp6://{fc00::1}:3389      that IPv6 address (in braces)
 *   unix://…, vsock://…        not TCP (no RDP client reaches them over the network)
 * An absent port= means 3389 on all addresses. The restart and start phases wait for xrdp on the entry the
 * target names, so another xrdp (or anything else) on the same port at another address does not count.
 */
import { isIP } from 'node:net';
import { parseTarget } from '../../../probe/parseTarget';
import { RemediationError } from '../../types';

export interface XrdpBind {
  /** the address xrdp binds, or "*" for all addresses */
  address: string;
  port: number;
}

const ANY = new Set(['*', '0.0.0.0', '::']);

export function xrdpBinds(portValue: string | null | undefined): XrdpBind[] {
  const value = (portValue ?? '').trim();
  if (!value) return [{ address: '*', port: 3389 }];
  const out: XrdpBind[] = [];
  for (const entry of value.split(/\s+/)) {
    const m =
      /^(\d+)$/.exec(entry) ??
      /^tcp:\/\/(\.|[0-9.]*):(\d+)$/.exec(entry) ??
      /^tcp6:\/\/(\.|\{[0-9A-Fa-f:.]*\}|):(\d+)$/.exec(entry);
    if (!m) continue;
    const six = entry.startsWith('tcp6://');
    const raw = m.length === 2 ? '' : (m[1] as string);
    const port = Number(m[m.length - 1]);
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    let address: string;
    if (m.length === 2) address = '*';
    else if (raw === '.') address = six ? '::1' : '127.0.0.1';
    else if (raw === '') address = six ? '::' : '0.0.0.0';
    else address = raw.replace(/^\{|\}$/g, '');
    out.push({ address: ANY.has(address) ? '*' : address, port });
  }
  return out;
}

/**
 * The bind entry the target reaches: same port, and the target's address when it is an IP literal (a name is
 * taken as naming the host). Null when xrdp.ini binds nothing the target reaches.
 */
export function bindForTarget(portValue: string | null | undefined, target: string): XrdpBind | null {
  const t = parseTarget(target);
  if (!t.ok) throw new RemediationError('bad-target', t.message);
  const binds = xrdpBinds(portValue).filter((b) => b.port === t.port);
  const ip = isIP(t.host) ? t.host : null;
  return (
    binds.find((b) => ip !== null && b.address === ip) ??
    binds.find((b) => b.address === '*') ??
    binds.find((b) => ip === null && b.address !== '*') ??
    null
  );
}

export function describeBind(b: XrdpBind): string {
  const host = b.address === '*' ? '*' : b.address.includes(':') ? `[${b.address}]` : b.address;
  return `${host}:${b.port}`;
}

/** The bind the target reaches, or a clear refusal naming what xrdp.ini binds instead. */
export function mustBindForTarget(portValue: string | null | undefined, target: string, iniPath: string): XrdpBind {
  const bind = bindForTarget(portValue, target);
  if (bind) return bind;
  const binds = xrdpBinds(portValue);
  throw new RemediationError(
    'port-mismatch',
    `${iniPath} makes xrdp listen on ${binds.map(describeBind).join(', ') || 'no TCP port'} (port=${portValue ?? ''}), not on ${target}: restarting or starting xrdp would not make ${target} answer. Connect to the port xrdp uses, or change port= first.`,
  );
}
