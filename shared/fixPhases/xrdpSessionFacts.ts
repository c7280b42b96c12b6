/**
 * The facts of an xrdp host's session layer (issue 21), as electron/remediation/xrdp/sessionLayer.ts reads them:
 * types only, here so the xrdp facts (./xrdpFacts.ts) and the phase specs (./xrdpSession.ts) can name them.
 */

export type Backend = 'Xorg' | 'Xvnc' | 'other';

export interface SessionType {
  /** the xrdp.ini section, as written */
  name: string;
  backend: Backend;
  lib: string;
}

export interface BackendState {
  installed: boolean;
  /** what says so (package and version, or the root-owned file) */
  evidence: string[];
  /** what is missing, in words, with the package that provides it */
  missing: string[];
  /** the package(s) to install */
  packages: string[];
}

export interface DiskFacts {
  path: string;
  sizeKb: number;
  usedKb: number;
  availKb: number;
  percent: number;
  mount: string;
}

export interface SessionFacts {
  /** sesman.ini was read */
  sesmanIni: string | null;
  sesman: {
    manager: 'systemd' | 'init' | 'none';
    pid: number | null;
    running: boolean;
    why: string | null;
    enabled: boolean | null;
    /** /etc/default/xrdp says SESMAN_START=no (Debian's init script then never starts it) */
    startDisabled: boolean;
    /** where xrdp looks for sesman: sesman.ini [Globals] ListenAddress / ListenPort */
    address: string;
    port: string;
    /** something listens there (null: not checked) */
    listening: boolean | null;
    /** the listener is sesman's own process */
    listenerIsSesman: boolean | null;
  };
  sessions: SessionType[];
  xorg: BackendState;
  xvnc: BackendState;
  /** sesman.ini [Xorg]'s first param (the X server it starts, as text) */
  xorgCommand: string | null;
  /** the Xorg backend is started through Debian's wrapper (Xorg.wrap, which obeys Xwrapper.config) */
  xorgViaWrapper: boolean;
  xwrapper: { exists: boolean; allowedUsers: string | null; line: string | null };
  /** `who` lines (utmp) */
  who: string[];
  consoleUsers: Array<{ user: string; line: string; since: string }>;
  colord: { installed: boolean; version: string | null; rules: string[] };
  disks: DiskFacts[];
  /** package name → version, for the installed ones among those asked about */
  packages: Record<string, string>;
  packageManager: 'dpkg' | 'rpm' | 'none';
  sesmanLogFile: string | null;
  sesmanLog: string[];
  xorgLogs: string[];
}
