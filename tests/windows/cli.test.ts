/**
 * The CLI's Windows doors (in-process, the same `main` as bin/rdp-doctor): --winrm / --local say clearly
 * that they need Windows here (nothing runs, exit 2), bad input is refused before anything, and
 * `fix HOST --host-kind windows --script ps1` prints the console script with its SHA-256.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cliInput } from '../../electron/cli/hostAccess';
import { windowsAccessFromCli } from '../../electron/cli/windowsAccess';
import { needsWindows } from '../../electron/remediation/windows/powershellDriver';
import { runCli } from '../support/runCli';

function withStdin<T>(text: string, fn: () => Promise<T>): Promise<T> {
  const saved = cliInput.stdin;
  cliInput.stdin = Readable.from([text]);
  return fn().finally(() => {
    cliInput.stdin = saved;
  });
}

describe('rdp-doctor with a Windows host', () => {
  it('inspect --winrm: needs Windows here, exit 2, the password never printed', async () => {
    const r = await withStdin('Sup3r$ecret\n', () =>
      runCli(
        'inspect',
        '127.0.0.1',
        '--winrm',
        'srv01:5986',
        '--winrm-ssl',
        '--user',
        'CORP\\helpdesk',
        '--password-stdin',
      ),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs Windows/);
    expect(r.err).toMatch(/--script ps1/);
    expect(r.out + r.err).not.toContain('Sup3r$ecret');
  });

  it('fix --local: needs Windows here, exit 2', async () => {
    const r = await runCli('fix', '127.0.0.1', '--local', '--phase', 'win-set-nla', '--yes');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"This computer" needs Windows/);
  });

  it('refuses bad Windows options before anything runs', async () => {
    for (const [args, msg] of [
      [['--winrm', "srv01'; Remove-Item C:\\ -Recurse"], /--winrm must be a computer name/],
      [['--winrm', 'srv01', '--user', 'CORP\\x'], /--user needs --password-stdin/],
      [['--winrm', 'srv01', '--password-stdin'], /--password-stdin goes with --user/],
      [['--winrm', 'srv01', '--local'], /either --winrm COMPUTER or --local/],
      [['--local', '--ssh', 'root@h'], /--ssh reaches xrdp hosts/],
      [['--winrm', 'srv01:70000'], /out of range/],
      [['--winrm', 'srv01', '--host-kind', 'xrdp'], /does not go with them/],
    ] as const) {
      const r = await runCli('inspect', '127.0.0.1', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(msg);
    }
  });

  it('fix --host-kind windows --script ps1 prints the console script and its SHA-256', async () => {
    const r = await runCli(
      'fix',
      '127.0.0.1:3390',
      '--host-kind',
      'windows',
      '--script',
      'ps1',
      '--phase',
      'win-restart-termservice',
      '--phase',
      'win-grant-machinekeys-read',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^# RDP Doctor: fix Remote Desktop on 127\.0\.0\.1:3390/);
    expect(r.out).toContain("$RdpDoctorPhases = @('win-grant-machinekeys-read', 'win-restart-termservice')");
    expect(r.out).toContain("'Grant-RdpKeyRead.ps1' = {");
    const sha = createHash('sha256').update(r.out, 'utf8').digest('hex');
    expect(r.err).toContain(`SHA-256 ${sha}`);
  });

  it('--script ps1 refuses an xrdp phase', async () => {
    const r = await runCli('fix', '127.0.0.1', '--script', 'ps1', '--phase', 'xrdp-restart');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/for xrdp hosts, not windows/);
  });
});

describe('windowsAccessFromCli', () => {
  it('builds the contract value (IPv6, port, HTTPS, user with the password from stdin)', () => {
    expect(
      windowsAccessFromCli({ winrm: '[fe80::1]:5986', winrmSsl: true, user: 'a@corp', passwordStdin: true }, 'pw'),
    ).toEqual({
      via: 'winrm',
      computer: 'fe80::1',
      port: 5986,
      useSsl: true,
      user: 'a@corp',
      password: 'pw',
    });
    expect(windowsAccessFromCli({ winrm: 'srv01' }, undefined)).toEqual({
      via: 'winrm',
      computer: 'srv01',
      useSsl: false,
    });
    expect(windowsAccessFromCli({ local: true }, undefined)).toEqual({ via: 'local' });
  });
});

describe('needsWindows', () => {
  it('lets Windows through and names the platform elsewhere', () => {
    expect(needsWindows('local', 'win32')).toBeNull();
    expect(needsWindows('winrm', 'win32')).toBeNull();
    expect(needsWindows('local', 'darwin')?.message).toMatch(/this one runs darwin/);
    expect(needsWindows('winrm', 'linux')?.code).toBe('needs-windows');
  });
});
