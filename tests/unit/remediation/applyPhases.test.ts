// The job's loop (applyPhases.ts) on its own, with FAKE phases and a FAKE driver (in-memory files): what is
// fake is the host and the phases' knowledge; the loop, its audit lines (a real AuditLog on disk) and the
// rollback order are the real ones. runJob.test.ts covers the whole job around it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPhases, undoOrder } from '../../../electron/remediation/applyPhases';
import { AuditLog, auditRecorder } from '../../../electron/remediation/auditLog';
import { Sequencer } from '../../../electron/remediation/jobEvents';
import { abortError, type Driver, type Json, type Phase } from '../../../electron/remediation/types';
import type { AuditEntry, FixEvent, Inspection, PhasePlan } from '../../../shared/remediation';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** What happened, in order: file writes on the fake host, audit lines on disk, undos. */
type Step = string;

function fakeDriver(steps: Step[], files: Map<string, Buffer>): Driver {
  return {
    reachedAs: 'root@fake:22 (fake)',
    hostKey: 'SHA256:fake',
    run: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    runScript: async () => ({ exitCode: 0, stdout: '', stderr: '' }),
    call: async () => ({}),
    readFile: async (p) => files.get(p) ?? null,
    writeFile: async (p, data) => {
      steps.push(`write ${p}`);
      files.set(p, Buffer.from(data));
    },
    close: async () => undefined,
  };
}

const inspection: Inspection = { hostKind: 'xrdp', reachedAs: 'fake', summary: [], findings: [], facts: {} } as never;

/** A fake phase: writes one file (its backup is the old bytes), or fails after its write, or fails its undo. */
function fakePhase(
  id: string,
  steps: Step[],
  opts: { runsLast?: boolean; failApply?: boolean; failUndo?: boolean; alreadyRight?: boolean } = {},
): Phase {
  const file = `/etc/fake/${id}`;
  return {
    id,
    hostKind: 'xrdp',
    addresses: [],
    risks: [],
    ...(opts.runsLast ? { runsLast: true } : {}),
    plan: (): PhasePlan => ({
      phase: id,
      title: id,
      hostKind: 'xrdp',
      addresses: [],
      risks: [],
      changes: [{ target: file, before: 'old', after: 'new' }],
      commands: [],
      alreadyRight: opts.alreadyRight ?? false,
    }),
    async apply(ctx) {
      const old = await ctx.driver.readFile(file);
      ctx.backup({ file, old: old ? old.toString('utf8') : null });
      await ctx.driver.writeFile(file, Buffer.from(`${id} new`));
      if (opts.failApply) throw new Error(`${id} broke`);
    },
    verify: async () => ({ ok: true, message: '' }),
    async undo(_ctx, backup: Json) {
      if (opts.failUndo) throw new Error(`${id} undo broke`);
      steps.push(`undo ${id} (${JSON.stringify(backup)})`);
    },
  };
}

function setup(phases: Phase[], signal = new AbortController().signal) {
  const steps: Step[] = [];
  const files = new Map<string, Buffer>([['/etc/fake/a', Buffer.from('a old')]]);
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-apply-'));
  dirs.push(dir);
  const audit = AuditLog.inDir(dir);
  const entries: AuditEntry[] = [];
  const record = auditRecorder({ jobId: 'job-1', target: 'fake:3389', who: 'tester', audit, entries });
  // every audit line lands in `steps` as it is written, after the append to disk
  const noted = ((e: Parameters<typeof record>[0]) => {
    const full = record(e);
    steps.push(`audit ${full.phase} ${full.action} ${full.outcome}`);
    return full;
  }) as typeof record;
  const events: FixEvent[] = [];
  const run = (ps: Phase[] = phases) =>
    applyPhases({
      jobId: 'job-1',
      target: 'fake:3389',
      driver: fakeDriver(steps, files),
      inspection,
      phases: ps,
      plans: ps.map((p) => p.plan(inspection, 'fake:3389')),
      signal,
      out: new Sequencer('job-1', (e) => events.push(e)),
      record: noted,
    });
  return { steps, files, audit, entries, events, run };
}

describe('applyPhases (the job loop) with fake phases', () => {
  it('writes the pending line (backup, then the file about to be written) to disk before the first change', async () => {
    const s = setup([]);
    const steps = s.steps;
    const { failed } = await s.run([fakePhase('a', steps)]);
    expect(failed).toBe(false);
    expect(steps.slice(0, 4)).toEqual([
      'audit a apply pending', // the backup
      'audit a apply pending', // the file /etc/fake/a is about to be written (its SHA-256 before)
      'write /etc/fake/a',
      'audit a apply applied',
    ]);
    const onDisk = readFileSync(s.audit.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(onDisk[1].outcome).toBe('pending');
    expect(onDisk[1].backup).toEqual({ file: '/etc/fake/a', old: 'a old' });
    expect(onDisk[1].written[0].path).toBe('/etc/fake/a');
  });

  it('a failing phase puts back its own change and every earlier one, newest first, the restart last', async () => {
    const s = setup([]);
    const phases = [
      fakePhase('a', s.steps),
      fakePhase('b', s.steps),
      fakePhase('c', s.steps, { failApply: true }),
      fakePhase('restart', s.steps, { runsLast: true }),
    ];
    const { failed, done } = await s.run(phases);
    expect(failed).toBe(true);
    expect(done).toEqual([]);
    expect(s.steps.filter((x) => x.startsWith('undo')).map((x) => x.split(' ')[1])).toEqual(['c', 'b', 'a']);
    // the restart never ran: nothing to put back for it
    expect(s.events.some((e) => e.type === 'phase-started' && e.phase === 'restart')).toBe(false);
    expect(s.entries.filter((e) => e.action === 'undo').map((e) => e.outcome)).toEqual([
      'rolled-back',
      'rolled-back',
      'rolled-back',
    ]);
  });

  it('undo order: the runsLast phases after every other undo, the others newest first', () => {
    const steps: Step[] = [];
    const d = (p: Phase) => ({ phase: p, plan: p.plan(inspection, 't'), backup: null, entry: {} as AuditEntry });
    const order = undoOrder([
      d(fakePhase('a', steps)),
      d(fakePhase('restart', steps, { runsLast: true })),
      d(fakePhase('b', steps)),
    ]);
    expect(order.map((x) => x.phase.id)).toEqual(['b', 'a', 'restart']);
  });

  it('the runsLast restart is skipped (already right) when no other phase changed anything', async () => {
    const s = setup([]);
    const { done, failed } = await s.run([
      fakePhase('a', s.steps, { alreadyRight: true }),
      fakePhase('restart', s.steps, { runsLast: true }),
    ]);
    expect(failed).toBe(false);
    expect(done).toEqual([]);
    expect(s.steps.some((x) => x.startsWith('write'))).toBe(false);
    const last = s.events.filter((e) => e.type === 'phase-finished').at(-1);
    expect(last).toMatchObject({ phase: 'restart', outcome: 'already-right' });
  });

  it('cancel midway: the next phase does not start changing, what was changed is put back', async () => {
    const controller = new AbortController();
    const s = setup([], controller.signal);
    const a = fakePhase('a', s.steps);
    const stopper: Phase = {
      ...fakePhase('b', s.steps),
      async apply(ctx) {
        ctx.backup({ file: '/etc/fake/b', old: null });
        controller.abort();
        throw abortError();
      },
    };
    const { failed } = await s.run([a, stopper, fakePhase('c', s.steps)]);
    expect(failed).toBe(true);
    expect(s.steps.filter((x) => x.startsWith('write'))).toEqual(['write /etc/fake/a']);
    expect(s.steps.filter((x) => x.startsWith('undo')).map((x) => x.split(' ')[1])).toEqual(['b', 'a']);
    expect(s.events.find((e) => e.type === 'phase-finished' && e.phase === 'b')).toMatchObject({
      outcome: 'failed',
      message: 'Cancelled.',
    });
  });

  it('an undo that fails is recorded with its backup (it stays to undo) and the others are still put back', async () => {
    const s = setup([]);
    const { failed } = await s.run([
      fakePhase('a', s.steps, { failUndo: true }),
      fakePhase('b', s.steps, { failApply: true }),
    ]);
    expect(failed).toBe(true);
    const undos = s.entries.filter((e) => e.action === 'undo');
    expect(undos.map((e) => [e.phase, e.outcome])).toEqual([
      ['b', 'rolled-back'],
      ['a', 'failed'],
    ]);
    expect(undos[1]?.backup).toEqual({ file: '/etc/fake/a', old: 'a old' });
    expect(undos[1]?.message).toBe('Undo failed: a undo broke');
  });
});
