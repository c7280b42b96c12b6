// The fix wizard end to end on Debian's own xrdp, started by its own init script inside an independent
// Debian host (tests/peers/debianHost.ts: its own namespace, /etc copy and sshd): it runs as user xrdp,
// which is not in ssl-cert, so it cannot read /etc/xrdp/key.pem (→ the snakeoil key) and falls back to
// Standard RDP Security. Real sshd, real sudo. probe → tls-unavailable; inspect → host-confirmed
// tls-key-unusable with xrdp.log's line; fix over SSH (sudo user, password on stdin) → the re-probe shows
// TLS 1.2/1.3 with the snakeoil certificate; a second run changes nothing; undo → broken again, xrdp.ini
// byte-identical.

import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import { suggestPhases } from '../../electron/remediation/planJob';
import { runJob, undoJob } from '../../electron/remediation/runJob';
import type { ProbeResult } from '../../shared/probe';
import type { FixEvent, HostAccess, Inspection } from '../../shared/remediation';
import { needPeers, type SshdPeer, type StockXrdp, startStockXrdp } from '../peers';
import { inspectXrdpOver, fixRegistry as registry, sshAccess, useFixDataDir } from '../peers/fixHost';

const { skip } = needPeers(['debian-host'], 'fix-xrdp-stock.test.ts');

const SUDO_PASSWORD = "s3cret 'with' $(quotes)";

describe.skipIf(skip)('fix: Debian stock xrdp over SSH', { timeout: 240_000 }, () => {
  let sshd: SshdPeer;
  let stock: StockXrdp;
  let before: ProbeResult;
  let inspection: Inspection;
  const data = useFixDataDir();

  const access = (over: Partial<Extract<HostAccess, { via: 'ssh' }>> = {}) => sshAccess(sshd, over);
  const sudoAccess = () => access({ user: 'rdpdoc-sudo', sudoPassword: SUDO_PASSWORD });

  beforeAll(async () => {
    stock = await startStockXrdp({ users: [{ name: 'rdpdoc-sudo', password: SUDO_PASSWORD, sudo: 'password' }] });
    sshd = stock.sshd;
  }, 240_000);
  afterAll(async () => {
    await stock?.stop();
  });

  it('probe from outside: tls-unavailable (Standard RDP Security only)', async () => {
    before = await probeAndDiagnose({ target: stock.target, stabilitySamples: 0 });
    expect(before.negotiation?.supports.tls).toBe(false);
    expect(before.findings.map((f) => f.id)).toContain('tls-unavailable');
  });

  it('inspect over SSH: host-confirmed tls-key-unusable, with the log line as evidence', async () => {
    inspection = await inspectXrdpOver(sshd, stock.target);
    const f = inspection.findings.find((x) => x.id === 'tls-key-unusable');
    expect(f?.seenOn).toBe('host');
    expect(f?.evidence.join('\n')).toMatch(
      /read on the host: xrdp runs as xrdp, which cannot read its key file \/etc\/xrdp\/key\.pem \(→ \/etc\/ssl\/private\/ssl-cert-snakeoil\.key\)/,
    );
    expect(f?.evidence.join('\n')).toMatch(
      /read on the host \(\/var\/log\/xrdp\.log\): .*Cannot read private key file \/etc\/xrdp\/key\.pem: Permission denied/,
    );
    expect(inspection.facts).toMatchObject({
      serviceManager: 'init',
      xrdpUser: 'xrdp',
      listenerIsService: true,
      iniPath: '/etc/xrdp/xrdp.ini',
    });
  });

  it('plans from the findings: add xrdp to ssl-cert, restart; the security layer is already right', () => {
    const ids = suggestPhases(
      registry,
      'xrdp',
      [...before.findings, ...inspection.findings].map((f) => f.id),
    );
    expect(ids).toEqual([
      'xrdp-fix-key-permissions',
      'xrdp-set-security-layer',
      'xrdp-regenerate-cert',
      'xrdp-restart',
    ]);
    const key = registry.phase('xrdp-fix-key-permissions')!.plan(inspection, stock.target);
    expect(key.changes).toEqual([
      {
        target: 'members of group ssl-cert',
        before: stock.sslCertMembers.join(',') || '(none)',
        after: [...stock.sslCertMembers, 'xrdp'].join(','),
      },
    ]);
    expect(key.commands).toEqual(['usermod -a -G ssl-cert xrdp']);
    expect(registry.phase('xrdp-set-security-layer')!.plan(inspection, stock.target).alreadyRight).toBe(true);
  });

  let jobEvents: FixEvent[] = [];
  it('fix over SSH as a sudo user (password on stdin): verified by a fresh probe with TLS and the snakeoil certificate', async () => {
    jobEvents = [];
    const outcome = await runJob({
      jobId: 'job-fix-1',
      target: stock.target,
      hostKind: 'xrdp',
      access: sudoAccess(),
      phases: ['xrdp-fix-key-permissions', 'xrdp-set-security-layer', 'xrdp-restart'],
      registry,
      audit: data.audit,
      signal: new AbortController().signal,
      emit: (e) => jobEvents.push(e),
      before,
    });
    const failed = jobEvents.find((e) => e.type === 'failed');
    expect(failed, JSON.stringify(failed)).toBeUndefined();
    expect(
      outcome.ok,
      JSON.stringify(
        jobEvents.filter((e) => e.type !== 'verified'),
        null,
        1,
      ),
    ).toBe(true);
    expect(jobEvents.map((e) => e.seq)).toEqual(jobEvents.map((_, i) => i));
    expect(stock.xrdpInSslCert()).toBe(true);
    const after = outcome.after!;
    expect(after.findings.map((f) => f.id)).not.toContain('tls-unavailable');
    const byVersion = Object.fromEntries(after.tls!.versions.map((v) => [v.version, v.ok]));
    expect(byVersion).toMatchObject({ 'TLSv1.2': true, 'TLSv1.3': true });
    const snakeoil = new X509Certificate(readFileSync(stock.path('/etc/ssl/certs/ssl-cert-snakeoil.pem')));
    expect(after.tls!.certificate!.sha256Fingerprint.replace(/:/g, '').toUpperCase()).toBe(
      snakeoil.fingerprint256.replace(/:/g, '').toUpperCase(),
    );
    const outcomes = Object.fromEntries(
      jobEvents.filter((e) => e.type === 'phase-finished').map((e) => [e.phase, (e as { outcome: string }).outcome]),
    );
    expect(outcomes).toEqual({
      'xrdp-fix-key-permissions': 'verified',
      'xrdp-set-security-layer': 'already-right',
      'xrdp-restart': 'verified',
    });
    // the sudo password went to sudo on stdin only: not in any event, nor in the audit log
    expect(JSON.stringify(jobEvents)).not.toContain('s3cret');
    expect(readFileSync(data.audit.file, 'utf8')).not.toContain('s3cret');
    // a pending line (backup, fsynced) before each phase's first change, then what happened (issue 17)
    expect(data.audit.job('job-fix-1').map((e) => [e.phase, e.outcome])).toEqual([
      ['xrdp-fix-key-permissions', 'pending'],
      ['xrdp-fix-key-permissions', 'applied'],
      ['xrdp-restart', 'pending'],
      ['xrdp-restart', 'applied'],
      ['xrdp-fix-key-permissions', 'verified'],
      ['xrdp-restart', 'verified'],
    ]);
  });

  it('a second run changes nothing: every phase is already right', async () => {
    const events: FixEvent[] = [];
    const outcome = await runJob({
      jobId: 'job-fix-2',
      target: stock.target,
      hostKind: 'xrdp',
      access: access(),
      phases: ['xrdp-fix-key-permissions', 'xrdp-set-security-layer', 'xrdp-restart'],
      registry,
      audit: data.audit,
      signal: new AbortController().signal,
      emit: (e) => events.push(e),
    });
    expect(outcome.ok).toBe(true);
    const outcomes = events.filter((e) => e.type === 'phase-finished').map((e) => (e as { outcome: string }).outcome);
    expect(outcomes).toEqual(['already-right', 'already-right', 'already-right']);
    expect(data.audit.job('job-fix-2')).toEqual([]);
  });

  it('undo (from the audit log) puts it back: broken again, xrdp.ini byte-identical', async () => {
    const events: FixEvent[] = [];
    const outcome = await undoJob({
      jobId: 'job-undo-1',
      target: stock.target,
      hostKind: 'xrdp',
      access: sudoAccess(),
      registry,
      audit: data.audit,
      emit: (e) => events.push(e),
    });
    expect(outcome.ok, JSON.stringify(events, null, 1)).toBe(true);
    expect(data.audit.lastUndoable(stock.target)).toBeNull();
    expect(stock.xrdpInSslCert()).toBe(false);
    expect(readFileSync(stock.path('/etc/xrdp/xrdp.ini')).equals(stock.iniBytes)).toBe(true);
    const again = await probeAndDiagnose({ target: stock.target, stabilitySamples: 0 });
    expect(again.findings.map((f) => f.id)).toContain('tls-unavailable');
  });

  it('the console hand-over script does the same at the console: checks, backup, fix, verify line', async () => {
    const { xrdpConsoleScript } = await import('../../electron/remediation/xrdp/consoleScript');
    const { content } = xrdpConsoleScript(stock.target, ['xrdp-fix-key-permissions', 'xrdp-restart']);
    // run at the host's console: inside the host, as root
    const run = stock.exec('sh', ['-s'], { input: content, timeoutMs: 120_000 });
    const backup = /backups in (\/var\/backups\/rdp-doctor[-/]\S+)/.exec(run.stdout)?.[1];
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('added xrdp to group ssl-cert');
    expect(run.stdout).toMatch(/VERIFY OK: xrdp can read \/etc\/xrdp\/key\.pem and xrdp listens on port 3389/);
    expect(stock.xrdpInSslCert()).toBe(true);
    expect(readFileSync(stock.path(`${backup}/xrdp.ini`)).equals(stock.iniBytes)).toBe(true);
    const after = await probeAndDiagnose({ target: stock.target, stabilitySamples: 0 });
    expect(after.negotiation?.supports.tls).toBe(true);
  });
});
