// xrdp-service.sh on a systemd host, in a private mount namespace with /run/systemd/system present and a
// stand-in `systemctl` first on PATH (this machine has no systemd): MainPID is believed only when that
// process runs the packaged /usr/sbin/xrdp; the listener pids are described as text; nothing is run.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFactLines } from '../../../electron/remediation/xrdp/factLines';
import { XRDP_SCRIPTS } from '../../../electron/remediation/xrdp/scripts';

const root = process.getuid?.() === 0;
if (!root) console.warn('[skipped] xrdpServiceScript.test.ts: needs root (unshare --mount)');

function runAsSystemd(bin: string, mainPid: string, enabled: string, ...pids: string[]) {
  const out = execFileSync(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      'mount -t tmpfs rdpdoc-run-systemd /run/systemd 2>/dev/null || mount -t tmpfs rdpdoc-run /run; mkdir -p /run/systemd/system; PATH="$1:$PATH" MAINPID="$2" ENABLED="$3" sh "$4" "$5"',
      'test',
      bin,
      mainPid,
      enabled,
      path.join(bin, 'xrdp-service.sh'),
      ...pids,
    ],
    { encoding: 'utf8' },
  );
  return parseFactLines(out);
}

describe.skipIf(!root)('xrdp-service.sh under systemd', { timeout: 60_000 }, () => {
  let bin: string;
  let sleeper: ReturnType<typeof spawn>;
  beforeAll(() => {
    bin = mkdtempSync(path.join(tmpdir(), 'rdpdoc-systemctl-'));
    // prints what `systemctl show -p X --value xrdp` and `systemctl is-enabled xrdp` would
    writeFileSync(
      path.join(bin, 'systemctl'),
      '#!/bin/sh\ncase "$*" in\n  *MainPID*) echo "$MAINPID" ;;\n  *User*) echo xrdp ;;\n  is-enabled*) echo "$ENABLED" ;;\nesac\n',
    );
    chmodSync(path.join(bin, 'systemctl'), 0o755);
    // the script as the host receives it (its service-pid.sh include joined in)
    writeFileSync(path.join(bin, 'xrdp-service.sh'), XRDP_SCRIPTS['xrdp-service.sh'] as string);
    sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  });
  afterAll(() => {
    sleeper.kill();
    rmSync(bin, { recursive: true, force: true });
  });

  it('a MainPID whose executable is not /usr/sbin/xrdp is not the service', () => {
    const { one } = runAsSystemd(bin, String(sleeper.pid), 'enabled', String(sleeper.pid));
    expect(one.get('service_manager')).toBe('systemd');
    expect(one.get('service_enabled')).toBe('yes');
    expect(one.get('systemd_user')).toBe('xrdp');
    expect(one.get('service_pid')).toBeUndefined();
    expect(one.get('service_why')).toMatch(/^pid \d+: its executable is \/usr\/bin\/sleep, not \/usr\/sbin\/xrdp$/);
    expect(one.get('proc')).toBe(`${sleeper.pid}:root:/usr/bin/sleep`);
  });

  it('MainPID 0 (stopped) and a disabled unit', () => {
    const { one } = runAsSystemd(bin, '0', 'disabled');
    expect(one.get('service_pid')).toBeUndefined();
    expect(one.get('service_why')).toBeUndefined();
    expect(one.get('service_enabled')).toBe('no');
  });

  it('a pid argument that is not a number is ignored, never used', () => {
    const { all } = runAsSystemd(bin, '0', 'enabled', '1;touch /tmp/x');
    expect(all.get('proc')).toBeUndefined();
  });
});
