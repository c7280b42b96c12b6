import { describe, expect, it } from 'vitest';
import { parseIni } from '../../../electron/remediation/xrdp/iniFile';
import {
  backendStates,
  consoleLogins,
  sesmanLogPath,
  sessionFindings,
  sessionTypes,
  xwrapperAllowed,
} from '../../../electron/remediation/xrdp/sessionLayer';
import type { SessionFacts } from '../../../shared/fixPhases/xrdpSessionFacts';

const XRDP_INI = `[Globals]
port=3389
[Logging]
LogFile=xrdp.log
[Channels]
rdpdr=true
[Xorg]
name=Xorg
lib=libxup.so
ip=127.0.0.1
port=-1
[Xvnc]
name=Xvnc
lib=libvnc.so
ip=127.0.0.1
port=-1
[vnc-any]
lib=libvnc.so
ip=ask
port=ask5900
`;

function facts(over: Partial<SessionFacts> = {}): SessionFacts {
  const { xorg, xvnc } = backendStates(
    { xorgxrdp: '1:0.9.19-1', 'xserver-xorg-core': '2:21.1.7-3', 'tigervnc-standalone-server': '1.12.0' },
    new Map(),
    'dpkg',
  );
  return {
    sesmanIni: '/etc/xrdp/sesman.ini',
    sesman: {
      manager: 'init',
      pid: 33,
      running: true,
      why: null,
      enabled: null,
      startDisabled: false,
      address: '127.0.0.1',
      port: '3350',
      listening: true,
      listenerIsSesman: true,
    },
    sessions: sessionTypes(parseIni(XRDP_INI)),
    xorg,
    xvnc,
    xorgCommand: '/usr/lib/xorg/Xorg',
    xorgViaWrapper: false,
    xwrapper: { exists: false, allowedUsers: null, line: null },
    who: [],
    consoleUsers: [],
    colord: { installed: false, version: null, rules: [] },
    disks: [{ path: '/tmp', sizeKb: 1_000_000, usedKb: 100_000, availKb: 900_000, percent: 10, mount: '/tmp' }],
    packages: {},
    packageManager: 'dpkg',
    sesmanLogFile: '/var/log/xrdp-sesman.log',
    sesmanLog: [],
    xorgLogs: [],
    ...over,
  };
}
const ids = (f: SessionFacts) => sessionFindings(f).map((x) => x.id);

describe('xrdp session layer: reading', () => {
  it("lists xrdp.ini's session types in order, with the backend sesman starts (other for a VNC elsewhere)", () => {
    expect(sessionTypes(parseIni(XRDP_INI))).toEqual([
      { name: 'Xorg', backend: 'Xorg', lib: 'libxup.so' },
      { name: 'Xvnc', backend: 'Xvnc', lib: 'libvnc.so' },
      { name: 'vnc-any', backend: 'other', lib: 'libvnc.so' },
    ]);
  });

  it("reads Xwrapper.config's last allowed_users, ignoring comments", () => {
    expect(xwrapperAllowed('# allowed_users=anybody\nallowed_users=console\n')).toEqual({
      allowedUsers: 'console',
      line: 'allowed_users=console',
    });
    expect(xwrapperAllowed('allowed_users=console\nallowed_users = Anybody # xrdp\n').allowedUsers).toBe('anybody');
    expect(xwrapperAllowed('needs_root_rights=yes\n').allowedUsers).toBeNull();
  });

  it('counts only console terminals and local displays as console logins', () => {
    expect(
      consoleLogins([
        'alice    tty1         2026-12-07 22:00',
        'bob      pts/0        2026-12-07 22:01 (10.0.0.5)',
        'carol    :0           2026-12-07 21:00 (:0)',
      ]),
    ).toEqual([
      { user: 'alice', line: 'tty1', since: '2026-12-07 22:00' },
      { user: 'carol', line: ':0', since: '2026-12-07 21:00 (:0)' },
    ]);
  });

  it('decides a backend from package state or a root-owned file, and names the package to install', () => {
    const none = backendStates({}, new Map(), 'dpkg');
    expect(none.xorg).toMatchObject({ installed: false, packages: ['xorgxrdp', 'xserver-xorg-core'] });
    expect(none.xvnc).toMatchObject({ installed: false, packages: ['tigervnc-standalone-server'] });
    expect(backendStates({}, new Map(), 'rpm').xvnc.packages).toEqual(['tigervnc-server']);
    const files = backendStates({ 'xserver-xorg-core': '2:21' }, new Map([['xorgxrdp', 'regularfile']]), 'dpkg');
    expect(files.xorg.installed).toBe(true);
    expect(files.xorg.evidence).toEqual([
      '/usr/lib/xorg/modules/libxorgxrdp.so exists (root-owned)',
      'package xserver-xorg-core 2:21 is installed',
    ]);
  });

  it("resolves sesman's log as sesman does", () => {
    expect(sesmanLogPath(parseIni('[Logging]\nLogFile=xrdp-sesman.log\n'))).toBe('/var/log/xrdp-sesman.log');
    expect(sesmanLogPath(parseIni('[Logging]\nLogFile=/srv/log/s.log\n'))).toBe('/srv/log/s.log');
    expect(sesmanLogPath(parseIni(''))).toBe('/var/log/xrdp-sesman.log');
  });
});

describe('xrdp session layer: findings', () => {
  it('a healthy session layer has none', () => {
    expect(ids(facts())).toEqual([]);
  });

  it('sesman stopped, or running but not listening where xrdp looks', () => {
    const stopped = facts({
      sesman: { ...facts().sesman, pid: null, running: false, listening: false, startDisabled: true },
    });
    const f = sessionFindings(stopped)[0];
    expect(f?.id).toBe('xrdp-sesman-stopped');
    expect(f?.detail).toContain('SESMAN_START=no');
    // with xrdp itself stopped, starting xrdp starts sesman: no finding of its own
    expect(sessionFindings(stopped, false).map((x) => x.id)).toEqual([]);
    const deaf = sessionFindings(facts({ sesman: { ...facts().sesman, listening: false } }))[0];
    expect(deaf?.detail).toContain('runs (pid 33) but nothing listens on 127.0.0.1:3350');
  });

  it('a missing backend is an error for the default session type, a warning for another one', () => {
    const noXorg = backendStates({ 'tigervnc-standalone-server': '1' }, new Map(), 'dpkg');
    const f = sessionFindings(facts({ xorg: noXorg.xorg, xvnc: noXorg.xvnc }))[0];
    expect(f?.severity).toBe('error');
    expect(f?.detail).toContain('The default session type');
    const vncFirst = facts({
      xorg: noXorg.xorg,
      xvnc: noXorg.xvnc,
      sessions: sessionTypes(parseIni(XRDP_INI)).reverse(),
    });
    const w = sessionFindings(vncFirst)[0];
    expect(w?.severity).toBe('warning');
    expect(w?.detail).toContain('(the default one can)');
  });

  it('the Xorg wrapper matters only when Xorg is started through it and allows console users only', () => {
    const wrapper = { exists: true, allowedUsers: 'console', line: 'allowed_users=console' };
    expect(ids(facts({ xwrapper: wrapper }))).toEqual([]); // /usr/lib/xorg/Xorg bypasses the wrapper
    expect(ids(facts({ xwrapper: wrapper, xorgViaWrapper: true, xorgCommand: 'Xorg' }))).toEqual([
      'xrdp-xorg-wrapper-console-only',
    ]);
    const anybody = { exists: true, allowedUsers: 'anybody', line: 'allowed_users=anybody' };
    expect(ids(facts({ xwrapper: anybody, xorgViaWrapper: true, xorgCommand: 'Xorg' }))).toEqual([]);
    // no allowed_users line: the wrapper's default is console
    const unset = { exists: true, allowedUsers: null, line: null };
    expect(ids(facts({ xwrapper: unset, xorgViaWrapper: true, xorgCommand: 'Xorg' }))).toEqual([
      'xrdp-xorg-wrapper-console-only',
    ]);
  });

  it('colord without a polkit rule; with one, nothing', () => {
    expect(ids(facts({ colord: { installed: true, version: '1.4.6', rules: [] } }))).toEqual([
      'xrdp-colord-polkit-prompt',
    ]);
    expect(
      ids(facts({ colord: { installed: true, version: '1.4.6', rules: ['/etc/polkit-1/rules.d/x.rules'] } })),
    ).toEqual([]);
  });

  it('a disk is full at 95 % or under 50 MB free, once per file system', () => {
    const disk = (percent: number, availKb: number, path = '/tmp', mount = '/') => ({
      path,
      sizeKb: 10_000_000,
      usedKb: 0,
      availKb,
      percent,
      mount,
    });
    expect(ids(facts({ disks: [disk(94, 600_000)] }))).toEqual([]);
    expect(ids(facts({ disks: [disk(95, 600_000)] }))).toEqual(['host-disk-full']);
    expect(ids(facts({ disks: [disk(10, 50 * 1024 - 1)] }))).toEqual(['host-disk-full']);
    expect(ids(facts({ disks: [disk(99, 10), disk(99, 10, '/home')] }))).toEqual(['host-disk-full']);
  });

  it('host text in evidence has its control characters stripped', () => {
    const f = sessionFindings(
      facts({
        sesman: { ...facts().sesman, pid: null, running: false, listening: false },
        sesmanLog: ['[ERROR] sesman \u001b[2J fail\u202e'],
      }),
    )[0];
    expect(f?.evidence.join('\n')).not.toMatch(/[\u001b\u202e]/);
    expect(f?.evidence.at(-1)).toContain('[ERROR] sesman ?[2J fail?');
  });
});
