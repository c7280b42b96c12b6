/**
 * win-bind-trusted-cert through the real Node runner: PowerShellDriver spawns the SDK host (standing in for
 * powershell.exe) through a wrapper that records the argv it was given, so the test sees the exact command
 * line of the run. The .pfx bytes and password travel inside the stdin request only. The script arrives as a
 * host gets it (the key-ACL lib inlined by scripts.ts) and runs until the first Windows-only command.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Json, RemediationError } from '../../electron/remediation/types';
import { PowerShellDriver } from '../../electron/remediation/windows/powershellDriver';
import { ensureHost, HOST_BIN } from './support/pwshHost';

const skip = ensureHost('tests/windows/trustedCert.test.ts');
const tmp = mkdtempSync(join(tmpdir(), 'rdpd-pfxwin-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PASSWORD = 'Pfx-pa$$w0rd\'; $(whoami) "x"';
// DER SEQUENCE first, as a .pfx starts: passes the script's shape check, is no real PKCS #12
const PFX = Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), Buffer.alloc(256, 0x5a)]);
const PFX_B64 = PFX.toString('base64');
const THUMB = 'B0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF00112233';

async function errorOf(p: Promise<unknown>): Promise<RemediationError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RemediationError);
    return e as RemediationError;
  }
  throw new Error('expected a RemediationError');
}

/** A stand-in "powershell.exe" that writes its argv (NUL-separated) to a file, then runs the SDK host with it. */
function recordingExe(log: string): string {
  const exe = join(tmp, 'powershell-recorder.sh');
  writeFileSync(exe, `#!/bin/sh\nprintf '%s\\0' "$0" "$@" > '${log}'\nexec '${HOST_BIN}' "$@"\n`);
  chmodSync(exe, 0o700);
  return exe;
}

describe.skipIf(skip)('win-bind-trusted-cert through PowerShellDriver (SDK host for powershell.exe)', () => {
  it('the .pfx and its password are on stdin only: not in the spawned argv, not in the error', async () => {
    const log = join(tmp, 'argv.bin');
    const driver = new PowerShellDriver({ exe: recordingExe(log), timeoutMs: 120_000 });
    const inputs: Record<string, Json>[] = [
      // with the checked thumbprint: plan reads the host (Get-CimInstance, absent here)
      { action: 'plan', thumbprint: THUMB, pfxBase64: PFX_B64, pfxPassword: PASSWORD },
      // without it: the script opens the .pfx first (Get-PfxData, absent here)
      { action: 'apply', pfxBase64: PFX_B64, pfxPassword: PASSWORD },
    ];
    for (const input of inputs) {
      const err = await errorOf(driver.call('Set-RdpTrustedCert.ps1', input));
      expect(existsSync(log)).toBe(true);
      const argv = readFileSync(log, 'utf8').split('\0').slice(0, -1);
      // the fixed bootstrap line and nothing of this run
      expect(argv.slice(1, 6)).toEqual([
        '-NoProfile',
        '-NonInteractive',
        '-ExecutionPolicy',
        'Bypass',
        '-EncodedCommand',
      ]);
      expect(argv).toHaveLength(7);
      const decoded = Buffer.from(argv[6] ?? '', 'base64').toString('utf16le');
      for (const text of [argv.join(' '), decoded]) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain('Pfx-pa');
        expect(text).not.toContain(PFX_B64.slice(0, 24));
        expect(text).not.toContain(THUMB);
      }
      // it got as far as a Windows-only command: the input was read from stdin, as data
      expect(err.message).toMatch(/Get-CimInstance|Get-PfxData/);
      expect(`${err.code} ${err.message}`).not.toContain('Pfx-pa');
      expect(err.message).not.toContain(PFX_B64.slice(0, 24));
      rmSync(log);
    }
  });

  it('the script as a host gets it (the key-ACL lib inlined) refuses an edited backup by the lib rule', async () => {
    const driver = new PowerShellDriver({ exe: HOST_BIN, timeoutMs: 120_000 });
    const err = await errorOf(
      driver.call('Set-RdpTrustedCert.ps1', {
        action: 'undo',
        backup: {
          thumbprint: THUMB,
          previousThumbprint: '',
          previousInRegistry: false,
          wasPresent: true,
          keyPath: 'C:\\Windows\\System32\\config\\SAM',
          keySddl: 'O:SYG:SYD:(A;;FA;;;WD)',
        },
      }),
    );
    expect(err.code).toBe('bad-input');
    expect(err.message).toMatch(/not one key file under MachineKeys/);
  });

  it('bad input is refused before any host command: not base64, not a .pfx, a hostile thumbprint', async () => {
    const driver = new PowerShellDriver({ exe: HOST_BIN, timeoutMs: 120_000 });
    const marker = join(tmp, 'pwned');
    const inputs: Record<string, Json>[] = [
      { action: 'apply', thumbprint: THUMB, pfxBase64: 'not base64!', pfxPassword: PASSWORD },
      { action: 'apply', thumbprint: THUMB, pfxBase64: Buffer.from('-----BEGIN').toString('base64'), pfxPassword: 'x' },
      { action: 'apply', thumbprint: `'; Set-Content -LiteralPath '${marker}' -Value 1; '`, pfxBase64: PFX_B64 },
      { action: 'apply', thumbprint: THUMB },
    ];
    for (const input of inputs) {
      const err = await errorOf(driver.call('Set-RdpTrustedCert.ps1', input));
      expect(err.code, JSON.stringify(input).slice(0, 80)).toBe('bad-input');
      expect(err.message).not.toContain('Pfx-pa');
    }
    expect(existsSync(marker)).toBe(false);
  });
});
