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
import {
  bindForTarget as bindOf,
  describeBind,
  type XrdpBind,
  xrdpBinds,
} from '../../../../shared/fixPhases/xrdpFacts';
import { parseTarget } from '../../../probe/parseTarget';
import { RemediationError } from '../../types';

export { describeBind, type XrdpBind, xrdpBinds };

/**
 * The bind entry the target reaches (shared/fixPhases/xrdpFacts.ts); a target that does not parse is a clear
 * error here.
 */
export function bindForTarget(portValue: string | null | undefined, target: string): XrdpBind | null {
  const t = parseTarget(target);
  if (!t.ok) throw new RemediationError('bad-target', t.message);
  return bindOf(portValue, target);
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
