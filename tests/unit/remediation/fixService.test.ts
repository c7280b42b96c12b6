// The one fix service (what the core's handlers and the CLI both call) over a FAKE transport, inspector and
// phase (in memory, named as fakes) and a real JobStore and audit log: jobs are started, followed, cancelled
// and finished through the store; an undo with nothing to undo is refused before anything runs; the console
// script's SHA-256 is of its bytes.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixServiceOver } from '../../../electron/core/coreFixService';
import { JobStore } from '../../../electron/core/jobStore';
import { type FixService, RemediationError } from '../../../electron/remediation/fixService';
import { Registry } from '../../../electron/remediation/registry';
import { abortError, type Driver, type Phase } from '../../../electron/remediation/types';
import { planDigest } from '../../../shared/planDigest';
import type { FixEvent, HostAccessResolved, Inspection } from '../../../shared/remediation';
import { makePfx } from '../../fixtures/pfx/makePfx';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const inspection = {
  hostKind: 'xrdp',
  reachedAs: 'fake',
  summary: [],
  findings: [],
  facts: {},
} as unknown as Inspection;
const access = { via: 'local' } as HostAccessResolved;

/** A fake host where the one fake phase hangs in apply until its signal aborts (or `release` lets it finish). */
function fakeRegistry() {
  let release: () => void = () => undefined;
  const driver: Driver = {
    reachedAs: 'fake (local)',
    run: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    runScript: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    call: async () => ({}),
    readFile: async () => null,
    writeFile: async () => undefined,
    close: async () => undefined,
  };
  const phase: Phase = {
    id: 'fake-phase',
    hostKind: 'xrdp',
    addresses: ['finding-x'],
    risks: [],
    plan: () => ({
      phase: 'fake-phase',
      title: 'fake',
      hostKind: 'xrdp',
      addresses: ['finding-x'],
      risks: [],
      changes: [{ target: 't', before: 'a', after: 'b' }],
      commands: [],
      alreadyRight: false,
    }),
    apply: (ctx) =>
      new Promise<void>((resolve, reject) => {
        ctx.backup({ was: 'a' });
        release = resolve;
        ctx.signal.addEventListener('abort', () => reject(abortError()));
      }),
    verify: async () => ({ ok: true, message: 'ok' }),
    undo: async () => undefined,
  };
  const registry = new Registry();
  registry.addInspector({ hostKind: 'xrdp', inspect: async () => inspection });
  registry.addPhase(phase);
  registry.addTransport('local', async () => driver);
  registry.addScriptWriter({
    hostKind: 'xrdp',
    format: 'sh',
    write: (target, phases) => ({ filename: 'fix.sh', content: `# ${target} ${phases.join(' ')}\n` }),
  });
  return { registry, release: () => release() };
}

function service(): { fix: FixService; jobs: JobStore; release: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-service-'));
  dirs.push(dir);
  const jobs = new JobStore();
  const { registry, release } = fakeRegistry();
  // the same service the core builds, with the fake registry in place of every host kind's
  const fix = fixServiceOver(jobs, () => dir, registry);
  return { fix, jobs, release };
}

describe('FixService (the one fix flow of the core and the CLI)', () => {
  it('suggests and plans from the findings, and the console script carries its own SHA-256', async () => {
    const { fix } = service();
    const { plan, inspection: seen } = await fix.plan({
      target: 'h:3389',
      hostKind: 'xrdp',
      access,
      findings: ['finding-x'],
    });
    expect(seen).toBe(inspection);
    expect(plan.phases.map((p) => p.phase)).toEqual(['fake-phase']);
    const s = fix.script('h:3389', 'xrdp', ['fake-phase']);
    expect(s.content).toBe('# h:3389 fake-phase\n');
    expect(s.sha256).toBe(createHash('sha256').update(s.content).digest('hex'));
    expect(() => fix.script('h', 'xrdp', ['no-such-phase'])).toThrow(RemediationError);
  });

  it('a started job is a running fix job in the store until it ends; cancel goes through the store', async () => {
    const { fix, jobs } = service();
    const events: FixEvent[] = [];
    const plan = fix.planFrom('h:3389', 'xrdp', inspection, ['fake-phase']);
    const job = await fix.start({
      target: 'h:3389',
      hostKind: 'xrdp',
      access,
      phases: ['fake-phase'],
      planDigest: await planDigest(plan.phases),
      approvedPlan: plan.phases,
      before: null,
      emit: (e) => events.push(e),
      jobId: 'cli-style-id',
    });
    expect(job.jobId).toBe('cli-style-id');
    expect(jobs.running('fix')).toEqual(['cli-style-id']);
    // while it runs, its pending audit line (on disk before the change) is not an "unfinished" fix
    await expect.poll(() => fix.history('h:3389').map((e) => e.outcome)).toContain('pending');
    expect(
      fix
        .audit()
        .unfinished('h:3389')
        .map((j) => j.jobId),
    ).toEqual(['cli-style-id']);
    expect(fix.unfinished('h:3389')).toEqual([]);
    expect(fix.cancel(job.jobId)).toEqual({ cancelled: true });
    const outcome = await job.done;
    expect(outcome.ok).toBe(false);
    expect(outcome.entries.map((e) => `${e.action} ${e.outcome}`)).toContain('undo rolled-back');
    expect(jobs.running('fix')).toEqual([]);
    expect(fix.cancel(job.jobId).cancelled).toBe(false);
  });

  it('refuses before anything starts: an approved plan that does not match its digest, an undo with nothing to undo', async () => {
    const { fix, jobs } = service();
    const plan = fix.planFrom('h:3389', 'xrdp', inspection, ['fake-phase']);
    await expect(
      fix.start({
        target: 'h:3389',
        hostKind: 'xrdp',
        access,
        phases: ['fake-phase'],
        planDigest: 'not-the-digest',
        approvedPlan: plan.phases,
        before: null,
        emit: () => undefined,
      }),
    ).rejects.toMatchObject({ code: 'bad-request' });
    expect(() => fix.undo({ target: 'h:3389', hostKind: 'xrdp', access, force: false, emit: () => undefined })).toThrow(
      /No fix on h:3389 is left to undo/,
    );
    expect(jobs.all('fix')).toEqual([]);
  });

  it('opens a supplied .pfx once per request value (checked, planned, started: one decryption), again for another', () => {
    const { fix } = service();
    const cert = { pfxBase64: makePfx({ password: 'pw', cn: 'h', sans: ['h'] }).toString('base64'), password: 'pw' };
    const first = fix.openCertificate(cert, 'h:3389');
    expect(first?.facts.subject).toBe('CN=h');
    expect(fix.openCertificate(cert, 'h:3389')).toBe(first);
    expect(fix.openCertificate({ ...cert }, 'h:3389')).not.toBe(first);
  }, 60_000);
});
