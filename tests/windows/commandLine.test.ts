/**
 * The EXACT command line the Node runner builds for powershell.exe, run in the real PowerShell engine: the
 * SDK host (tests/windows/host) stands in for powershell.exe, gets the same argv (the fixed bootstrap as
 * -EncodedCommand) and the same stdin request. What only Windows has (CIM, services, WinRM's WSMan client)
 * fails here for real, and the driver must say so clearly.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RemediationError } from '../../electron/remediation/types';
import { BOOTSTRAP_PS1 } from '../../electron/remediation/windows/bundledScripts';
import { windowsConsoleScript } from '../../electron/remediation/windows/consoleScript';
import { inspectWindows } from '../../electron/remediation/windows/inspectWindows';
import { encodeCommand, powershellArgv, requestJson } from '../../electron/remediation/windows/powershell';
import { PowerShellDriver } from '../../electron/remediation/windows/powershellDriver';
import { ensureHost, HOST_BIN, psQuote, REPO, runPwsh } from './support/pwshHost';

const skip = ensureHost('tests/windows/commandLine.test.ts');
const tmp = mkdtempSync(join(tmpdir(), 'rdpd-win-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const hostile = (marker: string) => [
  `'; Set-Content -LiteralPath '${marker}' -Value 1; '`,
  `$(Set-Content -LiteralPath '${marker}' -Value 1)`,
  `\`$(Set-Content -LiteralPath '${marker}' -Value 1)\``,
  `x"; Set-Content -LiteralPath '${marker}' -Value 1; "`,
  `a\nSet-Content -LiteralPath '${marker}' -Value 1`,
  `; touch ${marker}; $(touch ${marker}) \`touch ${marker}\``,
];

async function errorOf(p: Promise<unknown>): Promise<RemediationError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(RemediationError);
    return e as RemediationError;
  }
  throw new Error('expected a RemediationError');
}

describe('the powershell.exe command line', () => {
  it('is fixed: -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <the bootstrap as UTF-16LE base64>', () => {
    const argv = powershellArgv();
    expect(argv.slice(0, 5)).toEqual([
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
    ]);
    expect(argv).toHaveLength(6);
    expect(Buffer.from(argv[5] as string, 'base64').toString('utf16le')).toBe(
      readFileSync(join(REPO, 'electron/remediation/windows/bootstrap.ps1'), 'utf8'),
    );
    expect(encodeCommand('é')).toBe(Buffer.from([0xe9, 0x00]).toString('base64'));
    // under Windows' 32 767-character command line limit
    expect(argv.join(' ').length).toBeLessThan(32_767);
  });

  it('carries no value of a run: the password and the target are only in the stdin request', () => {
    const secret = 'S3cr3t-p@ss';
    const json = requestJson({
      script: 'x',
      input: '{}',
      remote: { computer: 'srv01', user: 'CORP\\helpdesk', useSsl: true, port: 5986 },
      password: secret,
    });
    expect(JSON.parse(json)).toMatchObject({
      remote: { computer: 'srv01', user: 'CORP\\helpdesk', useSsl: true, port: 5986 },
      password: secret,
    });
    expect(powershellArgv().join(' ')).not.toContain(secret);
    expect(powershellArgv()).toEqual(powershellArgv(BOOTSTRAP_PS1));
    // no user → no password field at all (the technician's own logon)
    expect(
      JSON.parse(requestJson({ script: 'x', input: '{}', remote: { computer: 'srv01' }, password: secret })),
    ).not.toHaveProperty('password');
  });
});

describe.skipIf(skip)('the command line run in the real PowerShell engine (SDK host for powershell.exe)', () => {
  const driver = new PowerShellDriver({ exe: HOST_BIN, timeoutMs: 120_000 });

  it('runs the inspection end to end: one JSON document, the Windows-only sections reported as unreadable here', async () => {
    const insp = await inspectWindows(driver, '127.0.0.1:3390');
    expect(insp.hostKind).toBe('windows');
    expect(insp.reachedAs).toBe('this computer (PowerShell)');
    const facts = insp.facts as { os: { psVersion: string }; port: number; errors: { section: string }[] };
    expect(facts.os.psVersion).toBe('7.6.9');
    expect(facts.port).toBe(3390);
    const services = ['TermService', 'SessionEnv', 'UmRdpService', 'CertPropSvc', 'KeyIso', 'CryptSvc'];
    expect(facts.errors.map((e) => e.section).sort()).toEqual(
      ['events', 'firewall', 'listener', 'listening', 'os', 'sessions', ...services.map((s) => `service ${s}`)].sort(),
    );
    expect(insp.summary.join('\n')).toMatch(/could not read listener: The term 'Get-CimInstance' is not recognized/);
    expect(insp.findings).toEqual([]);
  });

  it('passes hostile values to the script as data: nothing runs, the script refuses them by name', async () => {
    const marker = join(tmp, 'pwned-setting');
    for (const v of hostile(marker)) {
      const err = await errorOf(driver.call('Set-RdpListenerSetting.ps1', { action: 'apply', setting: v, value: 1 }));
      expect(err.code).toBe('bad-input');
      expect(err.message).toContain(v.split('\n')[0]);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('run(argv) gives each element to the native command as one argument, byte for byte', async () => {
    const marker = join(tmp, 'pwned-argv');
    const values = hostile(marker);
    // one argument per value, each printed before a NUL: nothing split, joined or run
    const res = await driver.run(['printf', '%s\\0', ...values]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout.split('\0').slice(0, -1)).toEqual(values);
    expect(existsSync(marker)).toBe(false);
  });

  it('readFile / writeFile round-trip bytes (and a missing file is null)', async () => {
    const path = join(tmp, "it's a file; $(x).bin");
    const bytes = Buffer.from([0, 1, 2, 0xff, 0x0a, 0x0d, 0x27, 0x24]);
    await driver.writeFile(path, bytes);
    expect(readFileSync(path)).toEqual(bytes);
    expect(await driver.readFile(path)).toEqual(bytes);
    expect(await driver.readFile(join(tmp, 'nope'))).toBeNull();
  });

  it('a phase that needs administrator rights says it needs Windows here', async () => {
    const err = await errorOf(driver.call('Enable-Tls12Server.ps1', { action: 'plan' }, { elevated: true }));
    expect(err.code).toBe('needs-windows');
    expect(err.message).toMatch(/needs Windows/);
  });

  it('WinRM through the real Invoke-Command: no WSMan client here → a clear "needs Windows", the password never on a command line', async () => {
    const secret = 'Pa$$w0rd; $(whoami)';
    const remote = new PowerShellDriver({
      exe: HOST_BIN,
      remote: { computer: '127.0.0.1', port: 5986, useSsl: true, user: 'CORP\\helpdesk' },
      password: secret,
    });
    expect(remote.reachedAs).toBe('CORP\\helpdesk@127.0.0.1:5986 (WinRM HTTPS)');
    const err = await errorOf(remote.call('Inspect-RdpHost.ps1', { port: 3389 }));
    expect(err.code).toBe('needs-windows');
    expect(err.message).toMatch(/console script/);
    expect(err.message).not.toContain(secret);
    await remote.close();
  });

  it('a request that is not JSON gets one JSON error from the bootstrap, exit 2', () => {
    const r = runPwsh(
      `$p = Start-Process -FilePath ${psQuote(HOST_BIN)} -ArgumentList ${powershellArgv().map(psQuote).join(',')} -RedirectStandardInput ${psQuote(writeTmp('bad.json', "{'; Remove-Item -Recurse /"))} -RedirectStandardOutput ${psQuote(join(tmp, 'bad.out'))} -Wait -PassThru -NoNewWindow; $p.ExitCode`,
    );
    expect(r.stdout.trim().split('\n').pop()).toBe('2');
    expect(JSON.parse(readFileSync(join(tmp, 'bad.out'), 'utf8'))).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
  });

  it('the console script is one self-contained .ps1 that parses as Windows PowerShell 5.1', () => {
    const all = [
      'win-restart-termservice',
      'win-start-service-open-firewall',
      'win-set-security-layer',
      'win-set-nla',
      'win-grant-machinekeys-read',
      'win-regenerate-self-signed-cert',
      'win-enable-tls12',
      'win-bind-trusted-cert',
    ];
    const { filename, content } = windowsConsoleScript('srv01.corp.example:3390', all);
    expect(filename).toBe('rdp-doctor-fix-srv01.corp.example.ps1');
    expect(content).toMatch(/\$RdpDoctorPort = 3390\r\n/);
    // the restart runs last whatever the order asked
    expect(content).toMatch(/\$RdpDoctorPhases = @\('win-start-service-open-firewall', .*'win-restart-termservice'\)/);
    expect(content).toMatch(/^[\x00-\x7f]*$/);
    const path = writeTmp(filename, content);
    const sha = createHash('sha256').update(content).digest('hex');
    const r = runPwsh(
      [
        `. ${psQuote(join(REPO, 'tests/windows/tools/Ps51Compat.ps1'))}`,
        `$v = @(Find-Ps51Violation -Path ${psQuote(path)})`,
        `ConvertTo-Json -Compress -InputObject @{ count = $v.Count; v = @($v | ForEach-Object { "$($_.line) $($_.rule) $($_.text)" }); sha = (Get-FileHash -Algorithm SHA256 -LiteralPath ${psQuote(path)}).Hash }`,
      ].join('\n'),
    );
    const res = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { count: number; v: string[]; sha: string };
    expect(res.v).toEqual([]);
    expect(res.count).toBe(0);
    // the SHA-256 the app shows is the one Get-FileHash prints at the console
    expect(res.sha.toLowerCase()).toBe(sha);
  });

  it('the console script refuses unknown phases and bad targets before writing anything', () => {
    expect(() => windowsConsoleScript('srv01', ["x'; Remove-Item C:\\"])).toThrow(/No console step/);
    expect(() => windowsConsoleScript('', ['win-set-nla'])).toThrow(RemediationError);
  });
});

function writeTmp(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}
