/**
 * The classic WinRM failures → clear messages with the next step; the TrustedHosts command we print is
 * checked with PowerShell's own parser for any computer name (fast-check samples, one host run).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RemediationError } from '../../electron/remediation/types';
import { scriptFailure, trustedHostsCommand, winrmError } from '../../electron/remediation/windows/winrmErrors';
import { ensureHost, runPwshFile } from './support/pwshHost';

const skip = ensureHost('tests/windows/winrmErrors.test.ts');

describe('winrmError', () => {
  it('WinRM off / unreachable → console script or Enable-PSRemoting', () => {
    const e = winrmError(
      {
        code: 'winrm',
        message:
          'Connecting to remote server srv01 failed with the following error message : WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer.',
        detail: { errorCode: -2144108526 },
      },
      'srv01',
    );
    expect(e.code).toBe('winrm-unreachable');
    expect(e.message).toMatch(/console script/);
    expect(e.message).toMatch(/Enable-PSRemoting -Force/);
  });

  it('IP address / workgroup host not in TrustedHosts → the exact command, or HTTPS', () => {
    const e = winrmError(
      {
        code: 'winrm',
        message:
          'Connecting to remote server 10.0.0.5 failed with the following error message : The WinRM client cannot process the request. Default authentication may be used with an IP address under the following conditions: the transport is HTTPS or the destination is in the TrustedHosts list, and explicit credentials are provided.',
        detail: { errorCode: -2144108316 },
      },
      '10.0.0.5',
    );
    expect(e.code).toBe('winrm-trusted-hosts');
    expect(e.message).toContain(
      "Set-Item WSMan:\\localhost\\Client\\TrustedHosts -Value '10.0.0.5' -Concatenate -Force",
    );
    expect(e.message).toMatch(/HTTPS/);
  });

  it('the error code alone is enough (a localised WinRM client)', () => {
    expect(winrmError({ code: 'winrm', message: 'Zugriff verweigert', detail: { errorCode: 5 } }, 'srv01').code).toBe(
      'winrm-access-denied',
    );
    expect(winrmError({ code: 'winrm', message: '…', detail: { errorCode: -2144108316 } }, 'x').code).toBe(
      'winrm-trusted-hosts',
    );
  });

  it('access denied → an administrator account', () => {
    const e = winrmError(
      {
        code: 'winrm',
        message: 'Connecting to remote server srv01 failed with the following error message : Access is denied.',
      },
      'srv01',
    );
    expect(e.code).toBe('winrm-access-denied');
    expect(e.message).toMatch(/Administrators group/);
  });

  it('no WSMan client (not Windows) → needs Windows, use the console script', () => {
    const e = winrmError(
      {
        code: 'winrm',
        message:
          'This parameter set requires WSMan, and no supported WSMan client library was found. WSMan is either not installed or unavailable for this system.',
      },
      'srv01',
    );
    expect(e.code).toBe('needs-windows');
  });

  it('script failures keep their code and message (ps-too-old, not-elevated, group-policy…)', () => {
    const e = scriptFailure(
      { code: 'ps-too-old', message: 'PowerShell 4.0 on this host: RDP Doctor needs Windows PowerShell 5.1' },
      'old',
    );
    expect(e).toBeInstanceOf(RemediationError);
    expect(e.code).toBe('ps-too-old');
    expect(e.message).toMatch(/4\.0/);
  });

  it('never throws, always a RemediationError naming the computer or carrying the message', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.option(fc.integer(), { nil: null }),
        fc.string({ minLength: 1 }),
        (message, errorCode, computer) => {
          const e = winrmError({ code: 'winrm', message, detail: { errorCode } }, computer);
          expect(e).toBeInstanceOf(RemediationError);
          expect(e.code).toMatch(/^(needs-windows|winrm-[a-z-]+)$/);
          expect(e.message.length).toBeGreaterThan(10);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe.skipIf(skip)('trustedHostsCommand, parsed by PowerShell', () => {
  it('the -Value argument is exactly the computer name, for any name (one string constant, nothing else)', () => {
    const names = fc.sample(fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), { numRuns: 150, seed: 11 });
    names.push("srv'; Remove-Item C:\\ -Recurse; '", '$(whoami)', '`n', "a''b", 'x\ny', '‘smart’ quotes', '10.0.0.5');
    const commands = names.map(trustedHostsCommand);
    const script = [
      '$cmds = ConvertFrom-Json -InputObject ([Console]::In.ReadToEnd())',
      '$out = foreach ($c in $cmds) {',
      '  $t = $null; $e = $null',
      '  $ast = [System.Management.Automation.Language.Parser]::ParseInput($c, [ref]$t, [ref]$e)',
      '  $cmd = @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true))',
      '  $vals = @($cmd[0].CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $_.StringConstantType -eq "SingleQuoted" } | ForEach-Object { $_.Value })',
      '  [ordered]@{ errors = $e.Count; commands = $cmd.Count; elements = $cmd[0].CommandElements.Count; value = [string]$vals[0] }',
      '}',
      'ConvertTo-Json -InputObject @($out) -Compress',
    ].join('\n');
    const r = runPwshWithStdin(script, JSON.stringify(commands));
    const parsed = JSON.parse(r) as { errors: number; commands: number; elements: number; value: string }[];
    expect(parsed).toHaveLength(names.length);
    parsed.forEach((p, i) => {
      expect(p, JSON.stringify(names[i])).toEqual({ errors: 0, commands: 1, elements: 6, value: names[i] });
    });
  });
});

function runPwshWithStdin(script: string, stdin: string): string {
  // the script from a file, the data on stdin: nothing of the data is ever PowerShell text
  const dir = mkdtempSync(join(tmpdir(), 'rdpd-th-'));
  const file = join(dir, 'parse.ps1');
  writeFileSync(file, script);
  try {
    const r = runPwshFile(file, stdin, 120_000);
    return r.stdout.trim().split('\n').pop() ?? '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
