// The fix.* handlers through the Core (the same path as Electron IPC and web mode): validation, clear error
// codes, the console script with its SHA-256, the audit history, and hostile payloads never crash the core.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core, type EventSink } from '../../../electron/core/core';
import { AuditLog } from '../../../electron/remediation/auditLog';
import { xrdpResult } from '../report/fixtures';

const sink: EventSink = { emit: () => undefined };
const core = new Core({ mode: 'web' });
let dataDir: string;
const saved = process.env.RDP_DOCTOR_DATA_DIR;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-core-'));
  process.env.RDP_DOCTOR_DATA_DIR = dataDir;
});
afterAll(() => {
  process.env.RDP_DOCTOR_DATA_DIR = saved;
  rmSync(dataDir, { recursive: true, force: true });
});

const script = { via: 'script', format: 'sh' } as const;

describe('fix handlers', () => {
  it('fix.script: a self-contained sh with set -eu, the phases as quoted data, and its SHA-256', async () => {
    const reply = await core.handle(
      'fix.script',
      { target: 'srv01:3389', hostKind: 'xrdp', phases: ['xrdp-restart', 'xrdp-fix-key-permissions'] },
      sink,
    );
    expect(reply.ok).toBe(true);
    const v = (reply as { value: { filename: string; content: string; sha256: string } }).value;
    expect(v.filename).toBe('rdp-doctor-fix-srv01.sh');
    expect(v.content).toMatch(/^#!\/bin\/sh\n/);
    expect(v.content).toContain('set -eu');
    // run order from the registry, not the order asked
    expect(v.content).toContain("set -- 'xrdp-fix-key-permissions' 'xrdp-restart'");
    expect(v.content).toContain('VERIFY OK');
    expect(v.sha256).toBe(createHash('sha256').update(v.content).digest('hex'));
  });

  it('unknown or foreign phases are refused by name', async () => {
    expect(await core.handle('fix.script', { target: 'srv', hostKind: 'xrdp', phases: ['rm-rf'] }, sink)).toMatchObject(
      {
        ok: false,
        error: { code: 'unknown-phase' },
      },
    );
    expect(
      await core.handle(
        'fix.start',
        { target: 'srv', hostKind: 'xrdp', access: script, phases: ['xrdp-restart'], planDigest: 'a'.repeat(64) },
        sink,
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'needs-host' },
    });
  });

  it('fix.plan with the console script: the catalogue steps, no inspection', async () => {
    const reply = await core.handle(
      'fix.plan',
      { target: 'srv', hostKind: 'xrdp', access: script, phases: ['xrdp-fix-key-permissions'] },
      sink,
    );
    expect(reply).toMatchObject({
      ok: true,
      value: {
        inspection: null,
        plan: { hostKind: 'xrdp', phases: [{ phase: 'xrdp-fix-key-permissions', alreadyRight: false }] },
      },
    });
  });

  it('fix.undo with nothing in the audit log says so; fix.history reads the log', async () => {
    const access = { via: 'ssh', host: '127.0.0.1', port: 1, user: 'root', auth: { method: 'agent' } };
    expect(await core.handle('fix.undo', { target: 'srv', hostKind: 'xrdp', access }, sink)).toMatchObject({
      ok: false,
      error: { code: 'nothing-to-undo' },
    });
    AuditLog.inDir(dataDir).append({
      jobId: 'j',
      at: '2026-01-01T00:00:00.000Z',
      who: 't',
      target: 'srv',
      reachedAs: 'x',
      phase: 'xrdp-restart',
      action: 'apply',
      changes: [],
      outcome: 'applied',
      backup: { kind: 'restart' },
    });
    const h = await core.handle('fix.history', { target: 'SRV' }, sink);
    expect(h).toMatchObject({ ok: true, value: { entries: [{ jobId: 'j', phase: 'xrdp-restart' }] } });
  });

  it('fix.pending: a fix cut short (a pending line, never finished) is listed; a finished one is not', async () => {
    const log = AuditLog.inDir(dataDir);
    const line = {
      at: '2026-02-01T00:00:00.000Z',
      who: 't',
      target: 'cut:3389',
      reachedAs: 'root@cut:22 (ssh)',
      phase: 'xrdp-set-security-layer',
      action: 'apply' as const,
      changes: [],
      backup: { kind: 'ini' },
    };
    log.append({ ...line, jobId: 'cut-1', outcome: 'pending' });
    log.append({ ...line, jobId: 'done-1', target: 'done:3389', outcome: 'pending' });
    log.append({ ...line, jobId: 'done-1', target: 'done:3389', outcome: 'verified' });
    const all = await core.handle('fix.pending', { target: 'CUT:3389' }, sink);
    expect(all).toMatchObject({
      ok: true,
      value: {
        jobs: [
          {
            jobId: 'cut-1',
            target: 'cut:3389',
            reachedAs: 'root@cut:22 (ssh)',
            phases: ['xrdp-set-security-layer'],
            failedUndo: false,
          },
        ],
      },
    });
    expect(await core.handle('fix.pending', { target: 'done:3389' }, sink)).toMatchObject({
      ok: true,
      value: { jobs: [] },
    });
  });

  it('fix.hostKey against a closed port: ssh-unreachable, with the address', async () => {
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const reply = await core.handle(
      'fix.hostKey',
      { access: { via: 'ssh', host: '127.0.0.1', port, user: 'root', auth: { method: 'password', password: 'x' } } },
      sink,
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'ssh-unreachable' } });
    expect(!reply.ok && reply.error.message).toContain(`127.0.0.1:${port}`);
  });

  it('property: any payload to any fix request gets an answer, never a crash', async () => {
    const names = [
      'fix.hostKey',
      'fix.inspect',
      'fix.plan',
      'fix.script',
      'fix.start',
      'fix.cancel',
      'fix.undo',
      'fix.history',
      'fix.verifyAgain',
      'fix.pending',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.anything(), async (name, payload) => {
        const reply = await core.handle(name, payload, sink);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(reply.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it("report.render shows the target's fixes since the probe as Actions taken (or one job by id)", async () => {
    const result = { ...xrdpResult(), input: 'rep-host:3389', startedAt: '2026-02-01T00:00:00.000Z' };
    const { runId } = core.runs.create();
    core.runs.finish(runId, result);
    const log = AuditLog.inDir(dataDir);
    const e = {
      who: 'tech',
      target: 'rep-host:3389',
      reachedAs: 'root@rep-host:22 (ssh)',
      phase: 'xrdp-fix-key-permissions',
      action: 'apply' as const,
      changes: [{ target: 'members of group ssl-cert', before: 'postgres', after: 'postgres,xrdp' }],
    };
    log.append({ ...e, jobId: 'old', at: '2026-01-01T00:00:00.000Z', outcome: 'verified' });
    log.append({
      ...e,
      jobId: 'new',
      at: '2026-02-01T00:05:00.000Z',
      outcome: 'verified',
      message: 'xrdp can read it now.',
    });
    const md = await core.handle('report.render', { runId, format: 'md' }, sink);
    const content = (md as { value: { content: string } }).value.content;
    expect(content).toContain('## Actions taken');
    expect(content).toMatch(
      /Let xrdp read its key file.*\| verified \|.*xrdp can read it now\. \(members of group ssl-cert: postgres → postgres,xrdp\)/,
    );
    expect(content.match(/Let xrdp read its key file/g)?.length).toBe(1);
    const one = await core.handle('report.render', { runId, format: 'json', jobId: 'old' }, sink);
    const json = JSON.parse((one as { value: { content: string } }).value.content);
    expect(json.actions.map((a: { jobId: string; outcome: string }) => [a.jobId, a.outcome])).toEqual([
      ['old', 'verified'],
    ]);
  });
});
