/**
 * The xrdp session-layer phases (issue 21): start xrdp-sesman, let the Xorg wrapper start Xorg for any user, and
 * advice for what RDP Doctor never does unasked (install a package, free disk space, log a user out, add a
 * polkit rule). Specs in the shape of ./types.ts; the runnable ones have their script in
 * electron/remediation/xrdp/scripts/. The facts are the xrdp inspection's `session` member
 * (electron/remediation/xrdp/sessionLayer.ts), read here through a structural view (shared/ imports no
 * electron code).
 */
import type { FixCommands } from '../fixCommands';
import type { FixPhaseSpec, SpecPlan } from './types';

const sh = (lines: string[]): FixCommands => ({ shell: 'sh', lines });

/** What these phases read of the inspection's session facts. */
export interface SessionView {
  sesman: {
    manager: 'systemd' | 'init' | 'none';
    running: boolean;
    enabled: boolean | null;
    startDisabled: boolean;
    address: string;
    port: string;
    listening: boolean | null;
  };
  xwrapper: { exists: boolean; allowedUsers: string | null; line: string | null };
}

const sessionView = (facts: Record<string, unknown>): SessionView | null =>
  (facts.session as SessionView | undefined) ?? null;

const XWRAPPER = '/etc/X11/Xwrapper.config';
const NO_FACTS = 'The inspection did not read the session layer of this host (an older inspection): inspect again.';

const refused = (why: string): SpecPlan => ({ changes: [], alreadyRight: false, commands: [], refused: why });

const startSesman: FixPhaseSpec<SessionView | null> = {
  id: 'xrdp-start-sesman',
  hostKind: 'xrdp',
  title: "Start xrdp's session manager",
  summary:
    "Starts xrdp-sesman with the host's service manager (and, under systemd, sets it to start at boot when it does not), so logins on the xrdp login screen can start a session.",
  steps: [
    "systemctl enable xrdp-sesman; systemctl start xrdp-sesman (or, with Debian's init script: /etc/init.d/xrdp start, which starts sesman beside a running xrdp).",
    'Check that xrdp-sesman runs and listens where sesman.ini says (ListenAddress / ListenPort).',
    'If it does not start, read /var/log/xrdp-sesman.log.',
  ],
  addresses: ['xrdp-sesman-stopped'],
  risks: ['Lets users log in through xrdp again (as the host was set up to).'],
  // starting sesman is what makes it take effect: no xrdp restart comes with it
  selfContained: true,
  script: 'phase-start-sesman.sh',
  facts: sessionView,
  wanted: (s) => s !== null && !s.sesman.running,
  plan: (s) => {
    if (!s) return refused(NO_FACTS);
    const m = s.sesman;
    if (m.manager === 'none')
      return refused('No service manager (systemd or /etc/init.d/xrdp) on this host runs xrdp-sesman.');
    if (m.startDisabled)
      return refused(
        '/etc/default/xrdp sets SESMAN_START=no: someone turned xrdp-sesman off on purpose. Change that by hand if it should run.',
      );
    if (m.running) return { changes: [], alreadyRight: true, commands: [] };
    const changes = [{ target: 'the xrdp-sesman service', before: 'stopped', after: 'running' }];
    const commands =
      m.manager === 'systemd'
        ? [...(m.enabled === false ? ['systemctl enable xrdp-sesman'] : []), 'systemctl start xrdp-sesman']
        : ['/etc/init.d/xrdp start   # starts xrdp-sesman; a running xrdp is left alone'];
    if (m.manager === 'systemd' && m.enabled === false)
      changes.push({ target: 'xrdp-sesman at boot', before: 'disabled', after: 'enabled' });
    return { changes, alreadyRight: false, commands };
  },
  input: (s) => ({ manager: s?.sesman.manager ?? 'none' }),
  verify: (s) => {
    if (!s) return { ok: false, message: NO_FACTS };
    const where = /^\d+$/.test(s.sesman.port) ? `${s.sesman.address}:${s.sesman.port}` : s.sesman.port;
    if (!s.sesman.running) return { ok: false, message: 'xrdp-sesman is still not running.' };
    if (s.sesman.listening === false)
      return { ok: false, message: `xrdp-sesman runs but nothing listens on ${where}.` };
    return { ok: true, message: `xrdp-sesman runs and listens on ${where}.` };
  },
  commands: () =>
    sh([
      'sudo systemctl enable xrdp-sesman && sudo systemctl start xrdp-sesman   # without systemd: sudo /etc/init.d/xrdp start',
      "sudo ss -ltnp 'sport = :3350'   # sesman should be listening (sesman.ini ListenPort)",
      'sudo tail -n 20 /var/log/xrdp-sesman.log',
    ]),
};

const xwrapperAnybody: FixPhaseSpec<SessionView | null> = {
  id: 'xrdp-xwrapper-anybody',
  hostKind: 'xrdp',
  title: 'Let the Xorg wrapper start Xorg for RDP users',
  summary:
    "Sets allowed_users=anybody in /etc/X11/Xwrapper.config (xrdp's documented setting), keeping every other line, so Xorg starts for users who are not on the console.",
  steps: [
    'Back up /etc/X11/Xwrapper.config (its exact bytes).',
    'Set allowed_users=anybody (replacing allowed_users=console), leaving every other line as it is.',
    'Log in over RDP again: the wrapper reads the file each time Xorg starts (no restart).',
  ],
  addresses: ['xrdp-xorg-wrapper-console-only'],
  risks: [
    'Any local user (not only console users) may start an X server through the wrapper; needs_root_rights is not changed.',
  ],
  // the wrapper reads the file at every start: no xrdp restart
  selfContained: true,
  script: 'phase-xwrapper-anybody.sh',
  facts: sessionView,
  wanted: (s) => !!s?.xwrapper.exists && s.xwrapper.allowedUsers !== 'anybody',
  plan: (s) => {
    if (!s) return refused(NO_FACTS);
    if (!s.xwrapper.exists) return refused(`${XWRAPPER} does not exist: there is no wrapper rule to change.`);
    if (s.xwrapper.allowedUsers === 'anybody') return { changes: [], alreadyRight: true, commands: [] };
    return {
      changes: [
        {
          target: `${XWRAPPER} allowed_users`,
          before: s.xwrapper.allowedUsers ?? '(not set: console)',
          after: 'anybody',
        },
      ],
      alreadyRight: false,
      commands: [
        `cp ${XWRAPPER} /var/backups/rdp-doctor/Xwrapper.config.<job>.<unique>   # the exact old bytes`,
        `${s.xwrapper.line ? `replace "${s.xwrapper.line}" with` : 'add'} "allowed_users=anybody" in ${XWRAPPER}`,
      ],
    };
  },
  input: () => ({}),
  verify: (s) =>
    s?.xwrapper.allowedUsers === 'anybody'
      ? { ok: true, message: `${XWRAPPER} says allowed_users=anybody.` }
      : { ok: false, message: `${XWRAPPER} still does not say allowed_users=anybody.` },
  commands: () =>
    sh([
      `sudo cp -p ${XWRAPPER} ${XWRAPPER}.bak`,
      `sudo sed -i 's/^allowed_users=.*/allowed_users=anybody/' ${XWRAPPER}`,
      `grep -q '^allowed_users=' ${XWRAPPER} || echo allowed_users=anybody | sudo tee -a ${XWRAPPER}`,
    ]),
};

const installBackend: FixPhaseSpec = {
  id: 'xrdp-install-session-backend',
  hostKind: 'xrdp',
  adviceOnly: true,
  title: 'Install what the session type needs',
  summary:
    'Installs the X server a session type on the login screen needs (xorgxrdp for Xorg sessions, a VNC server for Xvnc sessions) — RDP Doctor names the package, it never installs software unasked.',
  steps: [
    'Xorg sessions: install xorgxrdp (it brings Xorg): apt install xorgxrdp (Fedora/RHEL: dnf install xorgxrdp).',
    'Xvnc sessions: install tigervnc-standalone-server (Fedora/RHEL: tigervnc-server).',
    'Or remove the session type you do not use from /etc/xrdp/xrdp.ini, so the login screen stops offering it.',
  ],
  addresses: ['xrdp-session-backend-missing'],
  risks: [],
  commands: () =>
    sh([
      'sudo apt install xorgxrdp   # Xorg sessions (dnf install xorgxrdp on Fedora/RHEL)',
      'sudo apt install tigervnc-standalone-server   # Xvnc sessions (dnf install tigervnc-server)',
    ]),
};

const freeDisk: FixPhaseSpec = {
  id: 'xrdp-free-disk-space',
  hostKind: 'xrdp',
  adviceOnly: true,
  title: 'Free disk space',
  summary: 'Frees space on the full file system (/tmp or the home folders) so sessions can write their files.',
  steps: [
    'See what is big: du -xh --max-depth=2 /tmp /home | sort -h | tail.',
    'Remove what is safe to remove (old logs, caches, core files, stale files in /tmp); journalctl --vacuum-size=200M.',
    'Log in again.',
  ],
  addresses: ['host-disk-full'],
  risks: [],
  commands: () => sh(['df -h /tmp /home', 'sudo du -xh --max-depth=2 /tmp /home 2>/dev/null | sort -h | tail -n 20']),
};

const consoleLogout: FixPhaseSpec = {
  id: 'xrdp-console-logout',
  hostKind: 'xrdp',
  adviceOnly: true,
  title: 'Log the user out of the console',
  summary:
    'Ends the local console session of the user who also wants an RDP session (or use another account over RDP).',
  steps: [
    'Ask the user to log out at the machine, or end the session: loginctl terminate-user USER (this closes their open programs).',
    'Or log in over RDP as another user.',
  ],
  addresses: ['xrdp-console-user-logged-in'],
  risks: [],
  commands: () =>
    sh(['who   # who is on tty1 / :0', "sudo loginctl terminate-user '<user>'   # ends every session of <user>"]),
};

const colordRule: FixPhaseSpec = {
  id: 'xrdp-colord-polkit-rule',
  hostKind: 'xrdp',
  adviceOnly: true,
  title: 'Stop the colord password prompt',
  summary:
    'Adds a polkit rule that lets logged-in users manage colour profiles, so remote sessions are not stopped by the "create a color managed device" prompt.',
  steps: [
    'Create /etc/polkit-1/rules.d/45-allow-colord.rules allowing org.freedesktop.color-manager.* for users in an active session.',
    'polkit reads the new rule by itself; log in again.',
  ],
  addresses: ['xrdp-colord-polkit-prompt'],
  risks: [],
  commands: () =>
    sh([
      "sudo tee /etc/polkit-1/rules.d/45-allow-colord.rules >/dev/null <<'RULE'",
      'polkit.addRule(function(action, subject) {',
      '  if (action.id.indexOf("org.freedesktop.color-manager.") == 0 && subject.active) return polkit.Result.YES;',
      '});',
      'RULE',
    ]),
};

/** In table order: the advice first, then the runnable ones (they run in this order, before the restart). */
export const XRDP_SESSION_PHASE_SPECS: FixPhaseSpec[] = [
  installBackend as FixPhaseSpec,
  freeDisk as FixPhaseSpec,
  consoleLogout as FixPhaseSpec,
  colordRule as FixPhaseSpec,
  startSesman as FixPhaseSpec,
  xwrapperAnybody as FixPhaseSpec,
];
