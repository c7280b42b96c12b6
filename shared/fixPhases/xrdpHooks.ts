/**
 * The pure hooks of the xrdp phases that run as scripts (issue 19): facts → wanted / plan / script input /
 * verify. Each phase's script (electron/remediation/xrdp/scripts/phase-*.sh) re-checks on the host what these
 * decide from the inspection (root-only paths, the service's own xrdp, only ssl-cert), right before it acts.
 * ./xrdp.ts spreads these into its entries (the words, addresses and risks live there).
 */
import { parseTarget } from '../target';
import { certNamesFor } from './certNames';
import type { FixPhaseSpec, SpecPlan } from './types';
import {
  bindForTarget,
  describeBind,
  iniWriteProblem,
  keyStrategy,
  keyUsable,
  lostPidFile,
  stripControl,
  trustProblem,
  type XrdpFacts,
  xrdpFactsOf,
} from './xrdpFacts';

/** What a runnable xrdp entry of ./xrdp.ts adds to its words: its script and the hooks over XrdpFacts. */
export type XrdpHooks = Pick<
  FixPhaseSpec<XrdpFacts>,
  'script' | 'undoIsApply' | 'facts' | 'wanted' | 'plan' | 'input' | 'verify'
>;

const plan = (p: Partial<SpecPlan>): SpecPlan => ({ changes: [], commands: [], alreadyRight: false, ...p });

function serviceCommand(manager: XrdpFacts['serviceManager'], verb: string): string {
  return manager === 'systemd' ? `systemctl ${verb} xrdp` : `/etc/init.d/xrdp ${verb}`;
}

/** The service input of the restart / start scripts: the manager and the bind the target reaches. */
function serviceInput(f: XrdpFacts, target: string) {
  const bind = bindForTarget(f.globals.port, target) ?? { address: '*', port: 3389 };
  return { manager: f.serviceManager, address: bind.address, port: bind.port };
}

/** Why the restart / start cannot be judged on this host, or null. */
function serviceProblem(f: XrdpFacts, target: string, verb: string): string | null {
  if (f.serviceManager === 'none')
    return `xrdp is run neither by systemd nor by an init script on this host, so RDP Doctor cannot ${verb} it: do it the way this host runs xrdp.`;
  if (!bindForTarget(f.globals.port, target))
    return `${stripControl(f.iniPath)} does not make xrdp listen on ${target} (port=${stripControl(f.globals.port ?? '')}): ${verb}ing xrdp would not make ${target} answer. Connect to the port xrdp uses, or change port= first.`;
  return null;
}

export const KEY_PERMISSIONS_HOOKS: XrdpHooks = {
  script: 'phase-fix-key-permissions.sh',
  facts: xrdpFactsOf,
  wanted: (f) => trustProblem(f) === null && keyUsable(f) && f.keyReadable === false,
  plan(f) {
    if (f.keyReadable === true && f.key.exists && trustProblem(f) === null) return plan({ alreadyRight: true });
    const s = keyStrategy(f);
    if (s.kind === 'join-group')
      return plan({
        changes: [
          {
            target: `members of group ${s.group}`,
            before: s.members.join(',') || '(none)',
            after: [...s.members, s.user].join(','),
          },
        ],
        commands: [`usermod -a -G ${s.group} ${s.user}`],
      });
    if (s.kind === 'chgrp') {
      const path = stripControl(s.path);
      return plan({
        changes: [
          {
            target: path,
            before: `${s.oldOwner}:${s.oldGroup} ${s.oldMode}`,
            after: `${s.oldOwner}:${s.group} ${s.newMode}`,
          },
        ],
        commands: [`chgrp ${s.group} ${path}`, `chmod ${s.newMode} ${path}`],
      });
    }
    return plan({ refused: s.why });
  },
  input: (f) => ({ user: f.xrdpUser ?? '', key: f.key.real ?? f.key.path }),
  verify: (f) =>
    f.keyReadable
      ? { ok: true, message: `${f.xrdpUser} can read ${stripControl(f.key.path)} now.` }
      : { ok: false, message: `${f.xrdpUser} still cannot read ${stripControl(f.key.path)}.` },
};

/** Whether the service runs (asked of the service manager by the inspection) and starts at boot. */
function serviceOf(f: XrdpFacts): { running: boolean; enabled: boolean | null } {
  return {
    running: f.service?.running ?? (f.listener.pid !== null && f.listenerIsService),
    enabled: f.service?.enabled ?? null,
  };
}

export const START_SERVICE_HOOKS: XrdpHooks = {
  script: 'phase-start-service.sh',
  facts: xrdpFactsOf,
  // not when something else holds the port (rdp-port-foreign-listener): xrdp could not bind it
  wanted: (f) => !serviceOf(f).running && !f.listener.foreign,
  plan(f, target) {
    const svc = serviceOf(f);
    const bind = bindForTarget(f.globals.port, target);
    const where = bind ? describeBind(bind) : target;
    if (svc.running) return plan({ alreadyRight: true });
    const refused =
      serviceProblem(f, target, 'start') ??
      (f.listener.foreign || (f.listener.pid !== null && !f.listenerIsService)
        ? `Something other than the xrdp service listens on ${target} (pid ${f.listener.pid}): xrdp could not bind it, so starting it would fail. Find out what it is first.`
        : null);
    if (refused) return plan({ refused });
    const enableCmd = f.serviceManager === 'systemd' ? 'systemctl enable xrdp' : '/usr/sbin/update-rc.d xrdp enable';
    return plan({
      changes: [
        { target: 'xrdp service', before: 'stopped', after: `running, listening on ${where}` },
        {
          target: 'xrdp starts at boot',
          before: svc.enabled === null ? '(checked before starting)' : svc.enabled ? 'yes' : 'no',
          after: 'yes',
        },
      ],
      commands: [
        `${enableCmd}   # only when it does not start at boot`,
        serviceCommand(f.serviceManager, 'start'),
        `wait until /usr/sbin/xrdp listens on ${where} (at most 30 s)`,
      ],
    });
  },
  input: serviceInput,
  verify(f) {
    if (f.listener.pid === null) return { ok: false, message: 'Nothing listens on the RDP port after the start.' };
    if (!f.listenerIsService)
      return { ok: false, message: `Something other than the xrdp service listens (pid ${f.listener.pid}).` };
    return { ok: true, message: `xrdp is running and listening (pid ${f.listener.pid}).` };
  },
};

export const RESTART_HOOKS: XrdpHooks = {
  script: 'phase-restart.sh',
  facts: xrdpFactsOf,
  plan(f, target) {
    const refused =
      serviceProblem(f, target, 'restart') ??
      (f.listener.pid !== null && !f.listenerIsService && !lostPidFile(f)
        ? `The xrdp listening on ${target} (pid ${f.listener.pid}, ${stripControl(f.iniPath)}) was not started by the xrdp service, so restarting the service would not reload it. Restart that xrdp yourself.`
        : null);
    if (refused) return plan({ refused });
    const where = describeBind(bindForTarget(f.globals.port, target) ?? { address: '*', port: 3389 });
    return plan({
      changes: [
        {
          target: 'xrdp service',
          before: f.listener.pid ? `running (pid ${f.listener.pid})` : 'not listening',
          after: `restarted: listening on ${where} with a new pid`,
        },
      ],
      commands: [
        serviceCommand(f.serviceManager, 'restart'),
        `wait until /usr/sbin/xrdp listens on ${where} with a new pid (at most 30 s)`,
      ],
      notes: lostPidFile(f)
        ? [
            `/run/xrdp/xrdp.pid names no running xrdp, yet the packaged /usr/sbin/xrdp (pid ${f.listener.pid}) listens: Debian's init script lost its pid file; restarting the service puts it back.`,
          ]
        : [],
    });
  },
  input: serviceInput,
  verify(f) {
    if (f.listener.pid === null) return { ok: false, message: 'Nothing listens on the RDP port after the restart.' };
    if (!f.listenerIsService)
      return { ok: false, message: `Something other than the xrdp service listens (pid ${f.listener.pid}).` };
    return { ok: true, message: `xrdp is listening again (pid ${f.listener.pid}).` };
  },
};

const trusted = (f: XrdpFacts) => trustProblem(f) === null;

export const MODERN_PROTOCOLS = 'TLSv1.2, TLSv1.3';

export const SECURITY_LAYER_HOOKS: XrdpHooks = {
  script: 'phase-set-security-layer.sh',
  facts: xrdpFactsOf,
  wanted: (f) => trusted(f) && (f.globals.security_layer ?? '').toLowerCase() === 'rdp',
  plan(f) {
    const now = (f.globals.security_layer ?? '').toLowerCase();
    if (now !== 'rdp') return plan({ alreadyRight: true });
    const refused = iniWriteProblem(f);
    if (refused) return plan({ refused });
    return plan({
      changes: [
        { target: `${f.iniPath} [Globals] security_layer`, before: f.globals.security_layer, after: 'negotiate' },
      ],
      commands: [`edit ${f.iniPath}: security_layer=negotiate (backup of the old bytes kept)`],
    });
  },
  input: (f) => ({ ini: f.iniPath }),
  verify(f) {
    const layer = f.globals.security_layer;
    return layer?.toLowerCase() === 'rdp'
      ? { ok: false, message: 'security_layer is still rdp.' }
      : { ok: true, message: `security_layer=${layer}.` };
  },
};

const modern = (p: string | null | undefined) => /TLSv1\.[23]/i.test(p ?? '');

export const SSL_PROTOCOLS_HOOKS: XrdpHooks = {
  script: 'phase-set-ssl-protocols.sh',
  facts: xrdpFactsOf,
  wanted: (f) => trusted(f) && Boolean(f.globals.ssl_protocols) && !modern(f.globals.ssl_protocols),
  plan(f) {
    const now = f.globals.ssl_protocols;
    // not set = xrdp's default, which includes TLS 1.2 and 1.3
    if (!now || modern(now)) return plan({ alreadyRight: true });
    const refused = iniWriteProblem(f);
    if (refused) return plan({ refused });
    return plan({
      changes: [{ target: `${f.iniPath} [Globals] ssl_protocols`, before: now, after: MODERN_PROTOCOLS }],
      commands: [`edit ${f.iniPath}: ssl_protocols=${MODERN_PROTOCOLS} (backup of the old bytes kept)`],
    });
  },
  input: (f) => ({ ini: f.iniPath }),
  verify(f) {
    const p = f.globals.ssl_protocols;
    return p && !modern(p)
      ? { ok: false, message: `ssl_protocols is still ${p}.` }
      : { ok: true, message: `ssl_protocols=${p ?? '(default)'}.` };
  },
};

function dirOf(p: string): string {
  return p.slice(0, p.lastIndexOf('/')) || '/';
}

const certGroup = (f: XrdpFacts) => f.userPrimaryGroup ?? f.xrdpUser ?? 'xrdp';

export const REGENERATE_CERT_HOOKS: XrdpHooks = {
  script: 'phase-regenerate-cert.sh',
  facts: xrdpFactsOf,
  // a new certificate when the key itself is missing or broken, or the certificate is what is wrong — not
  // when only its permissions are (xrdp-fix-key-permissions does that without changing the certificate)
  wanted(f, findingIds) {
    if (findingIds.some((id) => id.startsWith('tls-cert-'))) return true;
    return !f.key.exists || f.keyValid === false || (f.keyMatchesCert === false && f.cert.exists);
  },
  plan(f, target) {
    const names = certNamesFor(target, f.certSubject, f.certSan);
    const { cn, san } = names;
    const dir = dirOf(f.iniPath);
    const notes = names.rejected.length
      ? [`Not carried over from the old certificate: ${names.rejected.join('; ')}.`]
      : [];
    const refused = iniWriteProblem(f);
    if (refused) return plan({ refused, notes });
    return plan({
      changes: [
        {
          target: `${dir}/rdp-doctor-<time>.key`,
          before: null,
          after: `new RSA 2048 key, root:${certGroup(f)} 0640`,
        },
        {
          target: `${dir}/rdp-doctor-<time>.crt`,
          before: null,
          after: `self-signed, CN=${cn}, subjectAltName ${names.sans.join(' ')}, 825 days`,
        },
        {
          target: `${f.iniPath} [Globals] certificate`,
          before: f.globals.certificate ?? '',
          after: `${dir}/rdp-doctor-<time>.crt`,
        },
        {
          target: `${f.iniPath} [Globals] key_file`,
          before: f.globals.key_file ?? '',
          after: `${dir}/rdp-doctor-<time>.key`,
        },
      ],
      notes,
      commands: [
        `openssl req -x509 -newkey rsa:2048 -sha256 -days 825 -nodes -subj /CN=${cn} -addext subjectAltName=${san} -addext extendedKeyUsage=serverAuth`,
        `edit ${f.iniPath}: certificate=, key_file= (backup of the old bytes kept)`,
      ],
    });
  },
  input(f, target) {
    const { cn, san } = certNamesFor(target, f.certSubject, f.certSan);
    return { ini: f.iniPath, cn, san, group: certGroup(f) };
  },
  verify(f, probe) {
    const t = probe ? parseTarget(probe.input) : null;
    const host = t?.ok ? t.host.toLowerCase() : '';
    const served = probe?.tls?.certificate;
    if (!f.keyReadable) return { ok: false, message: `xrdp cannot read the new key ${stripControl(f.key.path)}.` };
    if (probe && !served?.sans.some((n) => n.toLowerCase() === host))
      return {
        ok: false,
        message: `The server still presents ${served ? `${served.subject} (names: ${served.sans.join(', ') || 'none'})` : 'no certificate'}.`,
      };
    return { ok: true, message: `xrdp presents the new certificate for ${served?.sans.join(', ') ?? host}.` };
  },
};
