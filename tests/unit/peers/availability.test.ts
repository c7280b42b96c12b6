// The availability check of the real-peer harness (issue 23): a machine without sudo (simulated by a PATH
// that lacks it), without /etc/sudoers.d or Debian's init script skips the suites off CI with the reason and
// the package to install, and fails them on CI.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findBinary, missingFor, needPeers } from '../../peers/availability';

const NEEDS = [
  'xrdp',
  'xrdp-sesman',
  'sshd',
  'ssh-keygen',
  'sudo',
  'unshare',
  'nsenter',
  'runuser',
  'useradd',
  'chpasswd',
  'perl',
  'ss',
  'ip',
  'start-stop-daemon',
];
const GROUPS = 'root:x:0:\nssl-cert:x:110:postgres\nxrdp:x:111:\n';
const LO = '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n';
const allFiles = (p: string) => (p === '/etc/sudoers.d' ? 'dir' : 'file') as 'dir' | 'file';

describe('availability of the Debian hosts', () => {
  let bin: string;
  /** a PATH folder with every binary the hosts need except `without` (fake empty files: only the name counts) */
  const pathWithout = (...without: string[]) => {
    const dir = mkdtempSync(path.join(bin, 'p-'));
    for (const name of NEEDS) if (!without.includes(name)) symlinkSync('/bin/true', path.join(dir, name));
    return dir;
  };
  beforeAll(() => {
    bin = mkdtempSync(path.join(tmpdir(), 'rdpdoc-avail-'));
  });
  afterAll(() => rmSync(bin, { recursive: true, force: true }));

  it('everything there: nothing missing', () => {
    expect(
      missingFor(['debian-host'], { searchPath: pathWithout(), uid: 0, stat: allFiles, groups: () => GROUPS }),
    ).toBe(null);
  });

  it('no sudo installed: names sudo and the package to install', () => {
    const reason = missingFor(['debian-host'], {
      searchPath: pathWithout('sudo'),
      uid: 0,
      stat: (p) => (p === '/etc/sudoers.d' ? null : 'file'),
      groups: () => GROUPS,
      loopback: () => LO,
    });
    expect(reason).toBe('missing sudo, /etc/sudoers.d (apt-get install sudo)');
  });

  it('no init script, no ssl-cert group, no unshare: each named with its package', () => {
    const reason = missingFor(['debian-host'], {
      searchPath: pathWithout('unshare', 'nsenter'),
      uid: 0,
      stat: (p) => (p === '/etc/init.d/xrdp' ? null : allFiles(p)),
      groups: () => 'root:x:0:\nxrdp:x:111:\n',
      loopback: () => LO,
    });
    expect(reason).toBe(
      "missing unshare, nsenter, /etc/init.d/xrdp (Debian's xrdp init script), group ssl-cert (apt-get install util-linux xrdp ssl-cert)",
    );
  });

  it('not root: says so', () => {
    const reason = missingFor(['debian-host'], {
      searchPath: pathWithout(),
      uid: 1000,
      stat: allFiles,
      groups: () => GROUPS,
      loopback: () => LO,
    });
    expect(reason).toMatch(/root/);
  });

  it('off CI: skips with the reason printed; on CI: throws', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const view = { searchPath: pathWithout('sudo'), uid: 0, stat: allFiles, groups: () => GROUPS };
    expect(needPeers(['debian-host'], 'x.test.ts', { ...view, ci: false })).toEqual({
      skip: true,
      reason: 'missing sudo (apt-get install sudo)',
    });
    expect(warn).toHaveBeenCalledWith('[skipped] x.test.ts: missing sudo (apt-get install sudo)');
    warn.mockRestore();
    expect(() => needPeers(['debian-host'], 'x.test.ts', { ...view, ci: true })).toThrow(
      'CI must have every peer: x.test.ts needs debian-host: missing sudo (apt-get install sudo)',
    );
  });

  it('no 127.0.0.0/8 on lo: says the hosts have no addresses', () => {
    const reason = missingFor(['debian-host'], {
      searchPath: pathWithout(),
      uid: 0,
      stat: allFiles,
      groups: () => GROUPS,
      loopback: () => '',
    });
    expect(reason).toBe('missing the loopback addresses 127.0.0.0/8 on lo');
  });

  it('the sudo kind alone (fix-cli-ssh.test.ts): sudo and /etc/sudoers.d', () => {
    expect(missingFor(['sudo'], { searchPath: pathWithout('sudo'), stat: () => null })).toBe(
      'missing sudo, /etc/sudoers.d (apt-get install sudo)',
    );
  });

  it('an injected PATH replaces the real one (the real machine has sudo: found there)', () => {
    expect(findBinary('sudo', pathWithout('sudo'))).toBe(null);
    expect(findBinary('sudo', pathWithout())).not.toBe(null);
  });
});
