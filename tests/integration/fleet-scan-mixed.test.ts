// The fleet scan against a mixed fleet of real peers (tests/support/mixedFleet.ts): every host's findings
// equal a single probe's, the report is ordered by severity then days to certificate expiry with the right
// counts, a targets file's bad lines are reported by line number while the rest is scanned, and CIDR
// ranges expand (up to /22) or are refused with the reason. Runs the CLI in-process (tests/support/runCli.ts),
// and the built CLI as a process with its probes on worker threads (--workers 2), which must find the same.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import { compareHosts } from '../../electron/report/fleet/buildFleetReport';
import { type FleetReport, FleetReportSchema } from '../../shared/fleet';
import type { ProbeResult } from '../../shared/probe';
import { closedPort, needPeers } from '../peers';
import { type MixedFleet, startMixedFleet } from '../support/mixedFleet';
import { runCli } from '../support/runCli';

const { skip } = needPeers(['xrdp', 'sshd'], 'fleet-scan-mixed.test.ts');
const TIMEOUT_S = 3;
const ROOT = path.resolve(__dirname, '../..');
// the worker path needs the built worker script (npm test builds first); a missing build is a missing peer
const BUILT = existsSync(path.join(ROOT, 'out', 'main', 'scanWorker.js'));
if (!BUILT && !skip) {
  if (process.env.CI === 'true') throw new Error('fleet-scan-mixed.test.ts: the worker path needs npm run build');
  console.warn('[skipped] fleet-scan-mixed.test.ts worker path: out/main/scanWorker.js is missing (npm run build)');
}

/** The built CLI as its own process (its event loop apart from the in-process peers here). */
function runBuiltCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin', 'rdp-doctor.cjs'), ...argv],
      { maxBuffer: 64 << 20, timeout: 120_000 },
      (error, out, err) => resolve({ code: typeof error?.code === 'number' ? error.code : error ? 70 : 0, out, err }),
    );
  });
}

describe.skipIf(skip)('fleet scan: a mixed fleet of real peers', () => {
  let fleet: MixedFleet;
  let dir: string;
  let report: FleetReport;
  let scanCode: number;
  let scanErr: string;
  let workerReport: FleetReport | null = null;
  let workerCode: number | null = null;
  const single = new Map<string, ProbeResult>();

  beforeAll(async () => {
    fleet = await startMixedFleet();
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-fleet-'));
    const file = path.join(dir, 'hosts.txt');
    // a targets file as a help desk keeps it: comments, blank lines, a duplicate, two bad lines
    writeFileSync(
      file,
      [
        '# RDP hosts of the lab',
        fleet.targets[0],
        fleet.targets[1],
        '',
        'not a host!',
        `${fleet.targets[2]}   # renew soon`,
        fleet.targets[3],
        '10.0.0.0/8',
        fleet.targets[0],
        ...fleet.targets.slice(4),
        '',
      ].join('\n'),
    );
    const run = await runCli(
      'scan',
      '--targets',
      file,
      '--timeout',
      String(TIMEOUT_S),
      '--json',
      '--report',
      path.join(dir, 'fleet.html'),
    );
    scanCode = run.code;
    scanErr = run.err;
    report = FleetReportSchema.parse(JSON.parse(run.out));
    if (BUILT) {
      const run = await runBuiltCli(
        'scan',
        '--targets',
        file,
        '--timeout',
        String(TIMEOUT_S),
        '--json',
        '--workers',
        '2',
        '--stability-samples',
        '2',
      );
      workerCode = run.code;
      workerReport = FleetReportSchema.parse(JSON.parse(run.out));
    }
    // the same hosts probed one by one, as `rdp-doctor probe` does
    for (const t of fleet.targets) single.set(t, await probeAndDiagnose({ target: t, timeoutMs: TIMEOUT_S * 1000 }));
  }, 180_000);

  afterAll(async () => {
    await fleet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scans every host once and exits 1 (some hosts have error findings)', () => {
    expect(report.hosts.map((h) => h.target).sort()).toEqual([...fleet.targets].sort());
    expect(scanCode).toBe(1);
    expect(report.scan).toMatchObject({ total: 7, scanned: 7, cancelled: false });
  });

  it("each host's findings equal a single probe's", () => {
    // network-unstable judges the spread of loopback connect times at that moment: on a loaded 2-core runner
    // one slow connect can tip it in either run, which says nothing about the server or the scan
    const ids = (list: string[]) => list.filter((id) => id !== 'network-unstable');
    for (const t of fleet.targets) {
      const host = report.hosts.find((h) => h.target === t)!;
      const alone = single.get(t)!;
      expect(ids(host.findingIds), t).toEqual(ids(alone.findings.map((f) => f.id)));
      expect(host.findingIds.length, t).toBeGreaterThan(0);
      expect(
        host.result?.findings.map((f) => f.id),
        t,
      ).toEqual(host.findingIds);
    }
  });

  it.skipIf(!BUILT)("on worker threads (--workers 2) each host's findings equal a single probe's too", () => {
    const ids = (list: string[]) => list.filter((id) => id !== 'network-unstable');
    expect(workerCode).toBe(1);
    expect(workerReport?.scan).toMatchObject({ total: 7, scanned: 7, cancelled: false });
    for (const t of fleet.targets) {
      const host = workerReport?.hosts.find((h) => h.target === t);
      expect(host, t).toBeDefined();
      expect(ids(host?.findingIds ?? []), t).toEqual(ids(single.get(t)!.findings.map((f) => f.id)));
      expect(
        host?.result?.findings.map((f) => f.id),
        t,
      ).toEqual(host?.findingIds);
    }
    expect(workerReport?.targetErrors.map((e) => e.line)).toEqual([5, 8]);
  });

  it('asks each xrdp two connections fewer than a single probe and measures stability from those; --stability-samples 2 asks as many', () => {
    for (const peer of [fleet.healthy, fleet.expired, fleet.expiringSoon, fleet.tls10]) {
      const alone = single.get(peer.target)!;
      const scanned = report.hosts.find((h) => h.target === peer.target)!.result!;
      const opened = scanned.connections ?? Number.NaN;
      // a single probe: its own connections, then two extra X.224 samples
      expect(alone.stability?.attempts, peer.target).toBe(alone.connections);
      expect(alone.connections, peer.target).toBeGreaterThanOrEqual(7);
      // the scan's default: no extra connect, its stability from the probe's own connections
      expect(opened, peer.target).toBe((alone.connections ?? Number.NaN) - 2);
      expect(scanned.stability, peer.target).toMatchObject({ attempts: opened, failures: 0 });
      expect(scanned.stability?.samplesMs, peer.target).toHaveLength(opened);
      if (BUILT) {
        const asked = workerReport?.hosts.find((h) => h.target === peer.target)?.result;
        expect(asked?.connections, peer.target).toBe(alone.connections);
      }
    }
  });

  it('reads each host right: verdict, root cause, certificate days, TLS versions', () => {
    const by = (t: string) => report.hosts.find((h) => h.target === t)!;
    expect(by(fleet.expired.target).findingIds).toContain('tls-cert-expired');
    expect(by(fleet.expired.target).certDaysLeft).toBeLessThanOrEqual(-20);
    expect(by(fleet.expiringSoon.target).certDaysLeft).toBeGreaterThanOrEqual(9);
    expect(by(fleet.expiringSoon.target).certDaysLeft).toBeLessThanOrEqual(10);
    expect(by(fleet.expiringSoon.target).findingIds).toContain('tls-cert-expiring-soon');
    expect(by(fleet.tls10.target)).toMatchObject({ tlsVersions: ['TLSv1'], rootCause: { id: 'tls-legacy-only' } });
    expect(by(fleet.healthy.target).tlsVersions).toEqual(expect.arrayContaining(['TLSv1.2', 'TLSv1.3']));
    expect(by(fleet.closed.target)).toMatchObject({ verdict: 'error', rootCause: { id: 'tcp-refused' } });
    expect(by(fleet.silent.target)).toMatchObject({ verdict: 'error', rootCause: { id: 'no-response' } });
    expect(by(fleet.ssh.target)).toMatchObject({ verdict: 'error', rootCause: { id: 'not-rdp' } });
    // the silent host cost its own deadline, once
    expect(by(fleet.silent.target).durationMs).toBeLessThan(TIMEOUT_S * 1000 + 2000);
  });

  it('orders hosts by severity, then days to certificate expiry; counts hosts per finding', () => {
    const sorted = [...report.hosts].sort(compareHosts);
    expect(report.hosts.map((h) => h.target)).toEqual(sorted.map((h) => h.target));
    const rank = { error: 0, warning: 1, ok: 2, stopped: 3, pending: 4 };
    const ranks = report.hosts.map((h) => rank[h.verdict]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    for (const c of report.counts) {
      expect(c.hosts, c.id).toBe(report.hosts.filter((h) => h.findingIds.includes(c.id)).length);
    }
    expect(report.counts.find((c) => c.id === 'tls-cert-expired')?.hosts).toBe(1);
    expect(report.totals.error).toBe(report.hosts.filter((h) => h.verdict === 'error').length);
    const html = readFileSync(path.join(dir, 'fleet.html'), 'utf8');
    const order = report.hosts.map((h) =>
      html.indexOf(`<details class="host" id="host-${h.index + 1}" data-host="${h.target}"`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('1 host: The server&#39;s certificate has expired');
  });

  it("reports the file's bad lines with their line numbers and scans the rest", () => {
    expect(report.targetErrors.map((e) => [e.line, e.text])).toEqual([
      [5, 'not a host!'],
      [8, '10.0.0.0/8'],
    ]);
    expect(scanErr).toMatch(/hosts\.txt line 5: .*not a valid host name.*\(skipped\)/);
    expect(scanErr).toMatch(/hosts\.txt line 8: 10\.0\.0\.0\/8 is 16,777,216 addresses; ranges are limited to \/22/);
  });

  it('CSV lists the same hosts in the same order', async () => {
    const run = await runCli('scan', fleet.closed.target, fleet.tls10.target, '--csv', '--timeout', '3');
    const lines = run.out.trim().split('\r\n');
    expect(lines[0]).toMatch(/^target,verdict,root_cause_id,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([fleet.tls10.target, fleet.closed.target]);
    expect(run.code).toBe(1);
  });

  it('expands a CIDR range and refuses one larger than /22 with the reason (nothing scanned)', async () => {
    const closed = await closedPort();
    const base = closed.host.split('.').slice(0, 3).join('.');
    const run = await runCli('scan', `${base}.4/30:${closed.port}`, '--json', '--timeout', '2');
    const r = FleetReportSchema.parse(JSON.parse(run.out));
    expect(r.hosts.map((h) => h.target).sort()).toEqual([`${base}.5:${closed.port}`, `${base}.6:${closed.port}`]);
    const big = await runCli('scan', '127.0.0.0/21', '--json');
    expect(big.code).toBe(2);
    expect(big.out).toBe('');
    expect(big.err).toMatch(/127\.0\.0\.0\/21 is 2,048 addresses; ranges are limited to \/22 \(1024 addresses\)/);
  });
});
