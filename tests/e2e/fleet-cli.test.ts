// `rdp-doctor scan` as a real process (the built bin): Ctrl-C (a real SIGINT) stops the scan at once, and
// what was found is still written — the finished host with its verdict, the others as stopped or not
// checked — with exit code 130. The hosts that hold the scan are listeners that never answer (fakes: no
// real server does that on purpose) with a 60 s deadline, so only the interrupt can end it early.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetReportSchema } from '../../shared/fleet';
import { closedPort, type Peer, startTcpServer } from '../peers';
import { ROOT } from './support/webApp';

function waitFor(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms; got:\n${buf}`)), ms);
    child[stream]?.on('data', (d: Buffer) => {
      buf += d.toString();
      if (pattern.test(buf)) {
        clearTimeout(timer);
        resolve(buf);
      }
    });
  });
}

describe('rdp-doctor scan: Ctrl-C', () => {
  const silent: Peer[] = [];
  let dir: string;
  beforeAll(async () => {
    for (let i = 0; i < 4; i++) silent.push(await startTcpServer(() => {}));
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-fleet-cli-'));
  });
  afterAll(async () => {
    await Promise.all(silent.map((s) => s.stop()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stops cleanly on SIGINT and still writes what was found (exit 130)', async () => {
    const closed = await closedPort();
    const reportFile = path.join(dir, 'fleet.json');
    const htmlFile = path.join(dir, 'fleet.html');
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'rdp-doctor.cjs'),
        'scan',
        closed.target,
        ...silent.map((s) => s.target),
        '--timeout',
        '60',
        '--concurrency',
        '2',
        '--report',
        reportFile,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      // off a terminal, each host is a plain line with its [done/total] as it finishes
      const before = await waitFor(child, 'stdout', /\[1\/5\] .*\n/, 20_000);
      expect(before).toMatch(
        new RegExp(`\\[1/5\\] ✗ ${closed.target.replace(/\./g, '\\.')} +problem +Nothing is listening`),
      );
      child.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 15_000))]);
      expect(code).toBe(130);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(stderr).toMatch(/Stopping: the hosts being checked are cancelled/);
    expect(existsSync(reportFile)).toBe(true);
    const report = FleetReportSchema.parse(JSON.parse(readFileSync(reportFile, 'utf8')));
    expect(report.scan).toMatchObject({ cancelled: true, total: 5, scanned: 1 });
    expect(report.hosts[0]).toMatchObject({
      target: closed.target,
      verdict: 'error',
      rootCause: { id: 'tcp-refused' },
    });
    // the two silent hosts in flight were stopped, the other two never started
    expect(
      report.hosts
        .slice(1)
        .map((h) => h.verdict)
        .sort(),
    ).toEqual(['pending', 'pending', 'stopped', 'stopped']);
    expect(report.totals).toMatchObject({ error: 1, notScanned: 4 });
    expect(existsSync(htmlFile)).toBe(false);
  }, 60_000);
});

describe('rdp-doctor scan --targets -', () => {
  it('reads the list from standard input, naming its bad lines', async () => {
    const a = await closedPort();
    const b = await closedPort();
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'bin', 'rdp-doctor.cjs'), 'scan', '--targets', '-', '--csv', '--timeout', '3'],
      { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdin?.end(`# piped\n${a.target}\nno such thing!\n${b.target}\n`);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/standard input line 3: .*not a valid host name.*\(skipped\)/);
    const rows = out.trim().split('\r\n');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 3))).toEqual([
      [a.target, 'error', 'tcp-refused'],
      [b.target, 'error', 'tcp-refused'],
    ]);
  }, 30_000);
});
