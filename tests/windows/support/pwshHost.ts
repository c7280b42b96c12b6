/**
 * The PowerShell host for the Windows tests: tests/windows/host (Microsoft.PowerShell.SDK 7.6.9, net10.0),
 * a `pwsh` look-alike that stands in for powershell.exe. Built on first use (the first build restores the
 * SDK and Pester 6.2.0 from NuGet), reused afterwards. Without `dotnet` the tests skip with the reason
 * locally and FAIL on CI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
export const HOST_DIR = join(REPO, 'tests/windows/host');
export const HOST_BIN = join(HOST_DIR, 'bin/Release/net10.0/pwsh-host');
export const PESTER_PSD1 = join(
  process.env.NUGET_PACKAGES ?? join(homedir(), '.nuget/packages'),
  'pester/6.2.0/tools/Pester.psd1',
);

function hasDotnet(): boolean {
  return spawnSync('dotnet', ['--version'], { stdio: 'ignore' }).status === 0;
}

function upToDate(): boolean {
  if (!existsSync(HOST_BIN) || !existsSync(PESTER_PSD1)) return false;
  const built = statSync(HOST_BIN).mtimeMs;
  return ['PwshHost.csproj', 'Program.cs'].every((f) => statSync(join(HOST_DIR, f)).mtimeMs <= built);
}

/** Builds the host when needed; returns null when it is ready, else why it cannot be (throws on CI). */
export function ensureHost(file: string): string | null {
  if (upToDate()) return null;
  let reason: string | null = null;
  if (!hasDotnet()) reason = 'dotnet (the .NET 10 SDK) is not installed: the PowerShell host cannot be built';
  else {
    try {
      execFileSync('dotnet', ['build', HOST_DIR, '-c', 'Release', '-nologo', '-v', 'q'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 600_000,
      });
    } catch (e) {
      const err = e as { stdout?: Buffer; message: string };
      reason = `dotnet build of tests/windows/host failed: ${err.stdout?.toString().slice(-2000) ?? err.message}`;
    }
    if (!reason && !existsSync(PESTER_PSD1)) reason = `Pester 6.2.0 was not restored to ${PESTER_PSD1}`;
  }
  if (!reason) return null;
  if (process.env.CI === 'true') throw new Error(`CI must run the Windows tests: ${file}: ${reason}`);
  console.warn(`[skipped] ${file}: ${reason}`);
  return reason;
}

/** Runs PowerShell text in the host (like `pwsh -NoProfile -NonInteractive -Command`). */
export function runPwsh(command: string, timeoutMs = 600_000): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(HOST_BIN, ['-NoProfile', '-NonInteractive', '-Command', '-'], {
    input: command,
    encoding: 'utf8',
    timeout: timeoutMs,
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', TERM: 'dumb' },
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** PowerShell single-quoted string literal (for paths the tests put into -Command text). */
export function psQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Runs a .ps1 file in the host with data on its standard input (like `pwsh -File f.ps1 < data`). */
export function runPwshFile(
  file: string,
  stdin: string,
  timeoutMs = 600_000,
): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(HOST_BIN, ['-NoProfile', '-NonInteractive', '-File', file], {
    input: stdin,
    encoding: 'utf8',
    timeout: timeoutMs,
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', TERM: 'dumb' },
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
