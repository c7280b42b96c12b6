/**
 * Runs the Pester suite (tests/windows/*.Tests.ps1) in the real PowerShell engine and asserts its result
 * per file from Pester's own -PassThru object (counts, and the names of any failed test).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowsConsoleScript } from '../../electron/remediation/windows/consoleScript';
import { ensureHost, PESTER_PSD1, psQuote, REPO, runPwsh } from './support/pwshHost';

const skip = ensureHost('tests/windows/pester.test.ts');

interface ContainerResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  notRun: number;
  failedTests: string[];
}

/** at least this many tests per file: a file that silently lost its tests fails here */
const MIN_TESTS: Record<string, number> = {
  'Inspect-RdpHost.Tests.ps1': 12,
  'Phases.Tests.ps1': 23,
  'Bootstrap.Tests.ps1': 10,
  'Ps51Compat.Tests.ps1': 20,
  'ConsoleScript.Tests.ps1': 11,
  'TrustedCert.Tests.ps1': 20,
};

/** ConsoleScript.Tests.ps1 runs the console script exactly as the CLI prints it, written here. */
const CONSOLE_PHASES = [
  'win-start-service-open-firewall',
  'win-set-security-layer',
  'win-enable-tls12',
  'win-set-nla',
  'win-grant-machinekeys-read',
  'win-restart-termservice',
];

const PFX_CONSOLE_PHASES = ['win-bind-trusted-cert', 'win-restart-termservice'];

describe.skipIf(skip)('Pester suite in the PowerShell SDK host', () => {
  let results: ContainerResult[] = [];
  let raw = '';
  const dir = mkdtempSync(join(tmpdir(), 'rdpd-pester-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    const consolePath = join(dir, 'rdp-doctor-fix-srv01.ps1');
    writeFileSync(consolePath, windowsConsoleScript('srv01:3389', CONSOLE_PHASES).content);
    process.env.RDPD_CONSOLE_SCRIPT = consolePath;
    // TrustedCert.Tests.ps1 runs the one that installs a certificate from a .pfx (-PfxFile)
    const pfxConsolePath = join(dir, 'rdp-doctor-fix-srv01-pfx.ps1');
    writeFileSync(pfxConsolePath, windowsConsoleScript('srv01:3389', PFX_CONSOLE_PHASES).content);
    process.env.RDPD_CONSOLE_SCRIPT_PFX = pfxConsolePath;
    const r = runPwsh(
      [
        `Import-Module ${psQuote(PESTER_PSD1)}`,
        `$c = New-PesterConfiguration`,
        `$c.Run.Path = ${psQuote(`${REPO}/tests/windows`)}`,
        `$c.Run.PassThru = $true`,
        `$c.Output.Verbosity = 'None'`,
        `$r = Invoke-Pester -Configuration $c`,
        `$out = @($r.Containers | ForEach-Object { $c0 = $_; [ordered]@{ file = (Split-Path -Leaf ([string]$_.Item)); passed = $_.PassedCount; failed = $_.FailedCount; skipped = $_.SkippedCount; notRun = $_.NotRunCount; failedTests = @($r.Failed | Where-Object { $_.ScriptBlock.File -eq [string]$c0.Item } | ForEach-Object { $_.ExpandedPath + ': ' + ($_.ErrorRecord | Select-Object -First 1) }) } })`,
        `ConvertTo-Json -InputObject $out -Depth 5 -Compress`,
      ].join('\n'),
    );
    raw = `${r.stdout}\n${r.stderr}`;
    const line = r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('['))
      .pop();
    results = line ? (JSON.parse(line) as ContainerResult[]) : [];
  }, 900_000);

  it('ran every test file', () => {
    const total = results.reduce((n, c) => n + c.passed + c.failed + c.skipped + c.notRun, 0);
    console.info(
      `Pester 6.2.0: ${total} tests in ${results.length} files (${results.map((c) => `${c.file} ${c.passed}`).join(', ')})`,
    );
    expect(results.map((c) => c.file).sort(), raw.slice(-3000)).toEqual(Object.keys(MIN_TESTS).sort());
  });

  for (const [file, min] of Object.entries(MIN_TESTS)) {
    it(`${file}: every test passed (at least ${min})`, () => {
      const c = results.find((x) => x.file === file);
      expect(c, raw.slice(-3000)).toBeDefined();
      expect(c?.failedTests ?? []).toEqual([]);
      expect(c?.failed).toBe(0);
      expect(c?.skipped).toBe(0);
      expect(c?.notRun).toBe(0);
      expect(c?.passed).toBeGreaterThanOrEqual(min);
    });
  }
});
