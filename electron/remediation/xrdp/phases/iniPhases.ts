/**
 * xrdp-set-security-layer and xrdp-set-ssl-protocols: edit [Globals] of the xrdp.ini the running xrdp uses,
 * in place, only the lines that change; the old bytes are the backup. Only ever raises security:
 * security_layer=rdp → negotiate (TLS when the client can, which every current client can); TLS 1.0/1.1-only
 * → TLSv1.2, TLSv1.3. Never sets security_layer=rdp nor turns TLS off. Refused (plan and apply) unless the
 * port is the service's own xrdp, and xrdp.ini and the backup folder are root's alone (no symlink on the way).
 */
import type { Phase } from '../../types';
import { type XrdpFacts, xrdpFactsOf } from '../inspectXrdp';
import { basePlan, editGlobals, iniWriteProblem, refusedPlan, restoreIni, trustProblem } from './support';

const trusted = (f: XrdpFacts) => trustProblem(f) === null;

const RISK = ["Changes the server's security settings; takes effect when xrdp restarts (disconnects every session)."];

export const setSecurityLayer: Phase = {
  id: 'xrdp-set-security-layer',
  hostKind: 'xrdp',
  addresses: ['tls-unavailable'],
  risks: RISK,
  wanted: (inspection) => {
    const f = xrdpFactsOf(inspection);
    return trusted(f) && (f.globals.security_layer ?? '').toLowerCase() === 'rdp';
  },
  plan(inspection) {
    const f = xrdpFactsOf(inspection);
    const plan = basePlan(this.id, this.addresses, this.risks);
    const now = (f.globals.security_layer ?? '').toLowerCase();
    if (now !== 'rdp') return { ...plan, alreadyRight: true };
    const refused = iniWriteProblem(f);
    if (refused) return refusedPlan(plan, refused);
    return {
      ...plan,
      changes: [
        { target: `${f.iniPath} [Globals] security_layer`, before: f.globals.security_layer, after: 'negotiate' },
      ],
      commands: [`edit ${f.iniPath}: security_layer=negotiate (backup of the old bytes kept)`],
    };
  },
  async apply(ctx) {
    await editGlobals(ctx, xrdpFactsOf(ctx.inspection).iniPath, { security_layer: 'negotiate' });
  },
  async verify(ctx) {
    const layer = xrdpFactsOf(ctx.inspection).globals.security_layer;
    return layer?.toLowerCase() === 'rdp'
      ? { ok: false, message: 'security_layer is still rdp.' }
      : { ok: true, message: `security_layer=${layer}.` };
  },
  undo: (ctx, backup) => restoreIni(ctx, backup),
};

export const MODERN_PROTOCOLS = 'TLSv1.2, TLSv1.3';

export const setSslProtocols: Phase = {
  id: 'xrdp-set-ssl-protocols',
  hostKind: 'xrdp',
  addresses: ['tls-legacy-only'],
  risks: RISK,
  wanted: (inspection) => {
    const f = xrdpFactsOf(inspection);
    const p = f.globals.ssl_protocols;
    return trusted(f) && Boolean(p) && !/TLSv1\.[23]/i.test(p ?? '');
  },
  plan(inspection) {
    const f = xrdpFactsOf(inspection);
    const plan = basePlan(this.id, this.addresses, this.risks);
    const now = f.globals.ssl_protocols;
    // not set = xrdp's default, which includes TLS 1.2 and 1.3
    if (!now || /TLSv1\.[23]/i.test(now)) return { ...plan, alreadyRight: true };
    const refused = iniWriteProblem(f);
    if (refused) return refusedPlan(plan, refused);
    return {
      ...plan,
      changes: [{ target: `${f.iniPath} [Globals] ssl_protocols`, before: now, after: MODERN_PROTOCOLS }],
      commands: [`edit ${f.iniPath}: ssl_protocols=${MODERN_PROTOCOLS} (backup of the old bytes kept)`],
    };
  },
  async apply(ctx) {
    await editGlobals(ctx, xrdpFactsOf(ctx.inspection).iniPath, { ssl_protocols: MODERN_PROTOCOLS });
  },
  async verify(ctx) {
    const p = xrdpFactsOf(ctx.inspection).globals.ssl_protocols;
    return p && !/TLSv1\.[23]/i.test(p)
      ? { ok: false, message: `ssl_protocols is still ${p}.` }
      : { ok: true, message: `ssl_protocols=${p ?? '(default)'}.` };
  },
  undo: (ctx, backup) => restoreIni(ctx, backup),
};
