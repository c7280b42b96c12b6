import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pc from 'picocolors';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDuration, ScanProgress } from '../../../electron/cli/scanProgress';
import { pendingHost } from '../../../electron/probe/fleet/summarizeHost';
import { runCli } from '../../support/runCli';

const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-scan-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rdp-doctor scan: usage', () => {
  it.each([
    [['scan'], /name the hosts to scan/],
    [['scan', 'srv01', '--json', '--csv'], /--json and --csv both print the report/],
    [['scan', 'srv01', '--concurrency', '0'], /--concurrency must be between 1 and 256/],
    [['scan', 'srv01', '--concurrency', 'many'], /--concurrency must be a whole number/],
    [['scan', 'srv01', '--timeout', '10s'], /--timeout is in seconds/],
    [['scan', 'srv01', '--timeout', '500'], /between 0.1 and 120 seconds/],
    [
      ['scan', 'srv01', '--stability-samples', '21'],
      /--stability-samples must be a whole number from 0 to 20, got "21"/,
    ],
    [['scan', 'srv01', '--stability-samples', 'two'], /--stability-samples must be a whole number from 0 to 20/],
    [['scan', 'srv01', '--report', 'fleet.pdf'], /end the file name with \.html, \.csv or \.json/],
    [['scan', 'srv01', '--redact'], /--redact shapes what is written/],
    [
      ['scan', 'srv01', '--report', '/nonexistent/dir/fleet.html'],
      /the folder \/nonexistent\/dir does not exist or cannot be written/,
    ],
    [['scan', 'srv01', 'bad host!'], /"bad host!": .*not a valid host name/],
    [['scan', '10.0.0.0/20'], /10\.0\.0\.0\/20 is 4,096 addresses; ranges are limited to \/22/],
    [['scan', '--targets', '/nonexistent/hosts.txt'], /--targets \/nonexistent\/hosts\.txt: no such file/],
  ])('%j → exit 2 with a clear sentence, nothing scanned', async (argv, message) => {
    const r = await runCli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).not.toMatch(/Scanning/);
  });

  it('a targets file with only bad lines names them and exits 2', async () => {
    const file = path.join(dir, 'bad.txt');
    writeFileSync(file, '# nothing good\nnot a host!\n1.2.3.4/8\n');
    const r = await runCli('scan', '--targets', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.txt line 2: .*\(skipped\)/);
    expect(r.err).toMatch(/bad\.txt line 3: 1\.2\.3\.4\/8 is 16,777,216 addresses/);
    expect(r.err).toMatch(/no targets to scan/);
  });

  it('--help names the scan options', async () => {
    const r = await runCli('scan', '--help');
    expect(r.code).toBe(0);
    for (const o of [
      '--targets',
      '--concurrency',
      '--timeout',
      '--stability-samples',
      '--json',
      '--csv',
      '--report',
      '--redact',
    ]) {
      expect(r.out).toContain(o);
    }
  });
});

describe('scan progress', () => {
  const host = (index: number, verdict: 'error' | 'ok') => ({
    ...pendingHost(index, `srv0${index}`),
    verdict,
    rootCause:
      verdict === 'error' ? { id: 'tcp-refused', title: 'Nothing is listening', severity: 'error' as const } : null,
  });

  it('on a terminal: a status line redrawn in place under the hosts as they finish', () => {
    let out = '';
    const p = new ScanProgress(3, (s) => (out += s), true, pc.createColors(false), 'hosts');
    p.start();
    p.hostDone(host(0, 'error'), 1);
    p.hostDone(host(1, 'ok'), 2);
    p.stop();
    expect(out).toContain('\r\x1b[2K✗ srv00');
    expect(out).toMatch(/1\/3 done · 1 with problems · about \d+ s left/);
    expect(out).toMatch(/2\/3 done · 1 with problems/);
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('off a terminal: plain lines with [done/total], no escape codes', () => {
    let out = '';
    const p = new ScanProgress(2, (s) => (out += s), false, pc.createColors(false), 'hosts');
    p.start();
    p.hostDone(host(0, 'error'), 1);
    p.hostDone(host(1, 'ok'), 2);
    p.stop();
    expect(out).toBe(
      '[1/2] ✗ srv00                  problem  Nothing is listening\n[2/2] ✓ srv01                  fine     No problem found\n',
    );
  });

  it('time left reads in seconds, then minutes', () => {
    expect(formatDuration(400)).toBe('1 s');
    expect(formatDuration(59_000)).toBe('59 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
