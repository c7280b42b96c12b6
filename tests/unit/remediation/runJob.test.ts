// The fix runner with a fake Driver (an in-memory host) and fake phases — the host kind and its scripts are
// what is fake; the runner, the audit log on disk, the plan digest and the undo rules are the real ones.
// Real xrdp over real sshd is proven in tests/integration/fix-*.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFinding } from '../../../electron/diagnosis/makeFinding';
import { AuditLog } from '../../../electron/remediation/auditLog';
import { Registry } from '../../../electron/remediation/registry';
import { runJob, sha256Hex, undoJob } from '../../../electron/remediation/runJob';
import {
  abortError,
  type Driver,
  type Json,
  type Phase,
  type PhaseContext,
  type RunOptions,
} from '../../../electron/remediation/types';
import { verifyAgain } from '../../../electron/remediation/verifyJob';
import { undoableJobs } from '../../../shared/auditRules';
import { planDigest } from '../../../shared/planDigest';
import type { ProbeResult } from '../../../shared/probe';
import type { AuditEntry, FixEvent, Inspection, PhasePlan } from '../../../shared/remediation';
import { xrdpResult } from '../report/fixtures';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function auditLog(): AuditLog {
  const d = mkdtempSync(path.join(tmpdir(), 'rdpdoc-runjob-'));
  dirs.push(d);
  return AuditLog.inDir(d);
}

/** A fake host: files in memory, every command logged; `hang` commands run until their signal aborts. */
class FakeHost {
  files = new Map<string, Buffer>();
  log: string[] = [];
  hang = new Set<string>();
  fail = new Set<string>();
  hostKey = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  driver(): Driver {
    const host = this;
    return {
      reachedAs: 'root@fake:22 (fake)',
      get hostKey() {
        return host.hostKey;
      },
      async run(argv: readonly string[], opts: RunOptions = {}) {
        const cmd = argv.join(' ');
        host.log.push(cmd);
        if (host.fail.has(argv[0] as string)) return { exitCode: 1, stdout: '', stderr: `${argv[0]} broke` };
        if (host.hang.has(argv[0] as string)) {
          await new Promise<void>((_, reject) => {
            opts.signal?.addEventListener('abort', () => {
              host.log.push(`killed ${cmd}`);
              reject(abortError());
            });
          });
        }
        return { exitCode: 0, stdout: '', stderr: '' };
      },
      runScript: async (name: string) => {
        host.log.push(`script ${name}`);
        return { exitCode: 0, stdout: '', stderr: '' };
      },
      call: async (name: string) => {
        host.log.push(`call ${name}`);
        return { ok: true };
      },
      readFile: async (p: string) => host.files.get(p) ?? null,
      writeFile: async (p: string, data: Buffer) => {
        host.log.push(`write ${p}`);
        host.files.set(p, Buffer.from(data));
      },
      close: async () => undefined,
    };
  }
}

const INI = '/etc/fake/xrdp.ini';

/** Sets key=value in the fake ini; backup = the old bytes (base64) taken BEFORE the write. */
function editPhase(id: string, key: string, value: string, extra: Partial<Phase> = {}): Phase {
  return {
    id,
    hostKind: 'xrdp',
    addresses: [`finding-${key}`],
    risks: [],
    plan(inspection: Inspection) {
      const now = String((inspection.facts.ini as Record<string, string>)[key] ?? '');
      return {
        phase: id,
        title: id,
        hostKind: 'xrdp',
        addresses: this.addresses,
        risks: [],
        changes: [{ target: `${INI} ${key}`, before: now, after: value }],
        commands: [`edit ${INI}`],
        alreadyRight: now === value,
      };
    },
    async apply(ctx: PhaseContext) {
      const before = (await ctx.driver.readFile(INI)) ?? Buffer.alloc(0);
      ctx.backup({ bytes: before.toString('base64') });
      const text = before.toString('utf8').replace(new RegExp(`^${key}=.*$`, 'm'), `${key}=${value}`);
      await ctx.driver.writeFile(INI, Buffer.from(text));
    },
    async verify(ctx) {
      const v = (ctx.inspection.facts.ini as Record<string, string>)[key];
      return v === value ? { ok: true, message: `${key}=${v}` } : { ok: false, message: `${key} is ${v}` };
    },
    async undo(ctx: PhaseContext, backup: Json) {
      const b = backup as { bytes: string };
      ctx.log(`undo ${id}`);
      await ctx.driver.writeFile(INI, Buffer.from(b.bytes, 'base64'));
    },
    ...extra,
  };
}

const restartPhase: Phase = {
  id: 'fake-restart',
  hostKind: 'xrdp',
  addresses: ['no-response'],
  risks: [],
  runsLast: true,
  plan: () => ({
    phase: 'fake-restart',
    title: 'restart',
    hostKind: 'xrdp',
    addresses: [],
    risks: [],
    changes: [{ target: 'service', before: 'running', after: 'restarted' }],
    commands: ['restart'],
    alreadyRight: false,
  }),
  async apply(ctx) {
    ctx.backup({ kind: 'restart' });
    await ctx.driver.run(['restart'], { signal: ctx.signal });
  },
  verify: async () => ({ ok: true, message: 'listening' }),
  async undo(ctx) {
    await ctx.driver.run(['restart'], { signal: ctx.signal });
  },
};

function parseIni(b: Buffer | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of (b ?? Buffer.alloc(0)).toString('utf8').split('\n')) {
    const m = /^(\w+)=(.*)$/.exec(line);
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

function setup(phases: Phase[], opts: { host?: FakeHost } = {}) {
  const host = opts.host ?? new FakeHost();
  if (!host.files.has(INI)) host.files.set(INI, Buffer.from('[Globals]\nsecurity_layer=rdp\nssl_protocols=TLSv1\n'));
  const registry = new Registry();
  registry.addInspector({
    hostKind: 'xrdp',
    inspect: async () => ({
      hostKind: 'xrdp',
      reachedAs: 'fake',
      inspectedAt: new Date().toISOString(),
      facts: { ini: parseIni(host.files.get(INI)) },
      findings: [],
      summary: [],
    }),
  });
  for (const p of phases) registry.addPhase(p);
  registry.addTransport('local', async () => host.driver());
  return { host, registry, audit: auditLog() };
}

function okProbe(): ProbeResult {
  return { ...xrdpResult(), findings: [] };
}
function refusedProbe(): ProbeResult {
  return { ...xrdpResult(), findings: [makeFinding('tcp-refused', 'refused', ['ECONNREFUSED'])] };
}

function jobInput(s: ReturnType<typeof setup>, phases: string[], over: Record<string, unknown> = {}) {
  const events: FixEvent[] = [];
  const controller = new AbortController();
  return {
    events,
    controller,
    input: {
      jobId: 'job1',
      target: '127.0.0.1:3389',
      hostKind: 'xrdp' as const,
      access: { via: 'local' as const },
      phases,
      registry: s.registry,
      audit: s.audit,
      signal: controller.signal,
      emit: (e: FixEvent) => events.push(e),
      probe: async () => okProbe(),
      waitForPort: async () => true,
      who: 'tech',
      ...over,
    },
  };
}

const finishedOutcomes = (events: FixEvent[]) =>
  events.filter((e) => e.type === 'phase-finished').map((e) => `${e.phase}:${e.outcome}`);

describe('runJob', () => {
  it('applies in order, writes a pending line (backup + file hashes) before the first change, then verifies', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate'), restartPhase]);
    let pendingAtWrite: AuditEntry[] = [];
    const driverOf = s.registry.transport('local');
    s.registry.addTransport('local', async (a, o) => {
      const d = await driverOf(a, o);
      return {
        ...d,
        reachedAs: d.reachedAs,
        hostKey: d.hostKey,
        writeFile: async (p, data, opts) => {
          pendingAtWrite = s.audit.entries();
          await d.writeFile(p, data, opts);
        },
      };
    });
    const original = s.host.files.get(INI) as Buffer;
    const { input, events } = jobInput(s, ['fake-layer', 'fake-restart']);
    const outcome = await runJob(input);
    expect(outcome.ok).toBe(true);
    // the line on disk at the moment of the write names the backup and the hash of what is about to be written
    expect(pendingAtWrite).toHaveLength(2);
    expect(pendingAtWrite[1]).toMatchObject({ phase: 'fake-layer', outcome: 'pending' });
    expect(pendingAtWrite[1]?.backup).toEqual({ bytes: original.toString('base64') });
    const written = pendingAtWrite[1]?.written?.[0];
    expect(written?.path).toBe(INI);
    expect(written?.before).toBe(sha256Hex(original));
    expect(written?.after).toBe(sha256Hex(s.host.files.get(INI) as Buffer));
    expect(pendingAtWrite[1]?.hostKey).toBe(s.host.hostKey);
    expect(s.host.log).toEqual([`write ${INI}`, 'restart']);
    expect(finishedOutcomes(events)).toEqual([
      'fake-layer:applied',
      'fake-restart:applied',
      'fake-layer:verified',
      'fake-restart:verified',
    ]);
    expect(events.find((e) => e.type === 'verifying')).toMatchObject({ message: 'Waiting for xrdp to come back…' });
    expect(events.at(-1)).toMatchObject({ type: 'finished', ok: true });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i));
    // finished job: nothing unfinished, but it can be undone
    expect(s.audit.unfinished()).toEqual([]);
    expect(s.audit.lastUndoable('127.0.0.1:3389')?.jobId).toBe('job1');
  });

  it('a restart is skipped (already right) when no other phase changed anything', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'rdp'), restartPhase]);
    const { input, events } = jobInput(s, ['fake-layer', 'fake-restart']);
    const outcome = await runJob(input);
    expect(outcome.ok).toBe(true);
    expect(s.host.log).toEqual([]);
    expect(finishedOutcomes(events)).toEqual(['fake-layer:already-right', 'fake-restart:already-right']);
    expect(events.find((e) => e.type === 'phase-finished' && e.phase === 'fake-restart')).toMatchObject({
      message: 'Not needed: no other phase changed anything.',
    });
    expect(events.some((e) => e.type === 'verifying')).toBe(false);
    expect(s.audit.entries()).toEqual([]);
  });

  it('a phase failing after its change rolls back the whole job, newest first, and leaves the ini byte-identical', async () => {
    const broken = editPhase('fake-broken', 'ssl_protocols', 'TLSv1.2', {
      async apply(ctx) {
        const before = (await ctx.driver.readFile(INI)) as Buffer;
        ctx.backup({ bytes: before.toString('base64') });
        await ctx.driver.writeFile(INI, Buffer.from(`${before}garbage=1\n`));
        throw new Error('the tool broke halfway');
      },
    });
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate'), broken, restartPhase]);
    const original = Buffer.from(s.host.files.get(INI) as Buffer);
    const { input, events } = jobInput(s, ['fake-layer', 'fake-broken', 'fake-restart']);
    const outcome = await runJob(input);
    expect(outcome.ok).toBe(false);
    expect(finishedOutcomes(events)).toEqual([
      'fake-layer:applied',
      'fake-broken:failed',
      'fake-broken:rolled-back',
      'fake-layer:rolled-back',
    ]);
    const undoLines = events
      .filter((e) => e.type === 'output' && e.line.startsWith('undo '))
      .map((e) => e.type === 'output' && e.line);
    expect(undoLines).toEqual(['undo fake-broken', 'undo fake-layer']);
    expect(s.host.log).not.toContain('restart');
    expect(s.host.files.get(INI)?.equals(original)).toBe(true);
    expect(s.audit.lastUndoable('127.0.0.1:3389')).toBeNull();
    expect(s.audit.unfinished()).toEqual([]);
  });

  it('cancel: the running command is stopped first, then what the job changed is put back', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate'), restartPhase]);
    s.host.hang.add('restart');
    const original = Buffer.from(s.host.files.get(INI) as Buffer);
    const { input, events, controller } = jobInput(s, ['fake-layer', 'fake-restart']);
    const running = runJob(input);
    while (!s.host.log.includes('restart')) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    s.host.hang.delete('restart'); // the undo's restart (after the kill) completes
    const outcome = await running;
    expect(outcome.ok).toBe(false);
    // killed before anything is put back; the restart (runs last) is undone after the ini
    expect(s.host.log).toEqual([`write ${INI}`, 'restart', 'killed restart', `write ${INI}`, 'restart']);
    expect(finishedOutcomes(events)).toEqual([
      'fake-layer:applied',
      'fake-restart:failed',
      'fake-layer:rolled-back',
      'fake-restart:rolled-back',
    ]);
    expect(events.find((e) => e.type === 'phase-finished' && e.outcome === 'failed')).toMatchObject({
      message: 'Cancelled.',
    });
    expect(s.host.files.get(INI)?.equals(original)).toBe(true);
  });

  it('an undo that fails stays to undo: the next undo offers that job, not an older one', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate')]);
    // an older job, finished and still applied
    const older: AuditEntry = {
      jobId: 'job0',
      at: '2026-01-01T00:00:00.000Z',
      who: 'tech',
      target: '127.0.0.1:3389',
      reachedAs: 'x',
      phase: 'fake-layer',
      action: 'apply',
      changes: [],
      outcome: 'verified',
      backup: { bytes: '' },
    };
    s.audit.append(older);
    const { input } = jobInput(s, ['fake-layer']);
    expect((await runJob(input)).ok).toBe(true);
    // the undo cannot write the file back
    const d = s.host.driver();
    const failing: Driver = {
      ...d,
      reachedAs: d.reachedAs,
      hostKey: d.hostKey,
      writeFile: async () => {
        throw new Error('disk full');
      },
    };
    const events: FixEvent[] = [];
    const first = await undoJob({
      jobId: 'undo1',
      target: '127.0.0.1:3389',
      hostKind: 'xrdp',
      access: { via: 'local' },
      registry: s.registry,
      audit: s.audit,
      emit: (e) => events.push(e),
      driver: failing,
    });
    expect(first.ok).toBe(false);
    expect(finishedOutcomes(events)).toEqual(['fake-layer:failed']);
    const next = s.audit.lastUndoable('127.0.0.1:3389');
    expect(next?.jobId).toBe('job1');
    expect(next?.entries[0]?.backup).toBeDefined();
    expect(undoableJobs(s.audit.entries())[0]).toMatchObject({ jobId: 'job1', failedUndo: true, unfinished: true });
    // once it works, job1 is done and job0 is next
    const second = await undoJob({
      jobId: 'undo2',
      target: '127.0.0.1:3389',
      hostKind: 'xrdp',
      access: { via: 'local' },
      registry: s.registry,
      audit: s.audit,
      emit: () => undefined,
    });
    expect(second.ok).toBe(true);
    expect(parseIni(s.host.files.get(INI)).security_layer).toBe('rdp');
    expect(s.audit.lastUndoable('127.0.0.1:3389')?.jobId).toBe('job0');
  });

  it('a clean undo asked to re-probe waits for a restart, probes, and emits the fresh result (issue 18)', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate'), restartPhase]);
    const { input } = jobInput(s, ['fake-layer', 'fake-restart']);
    expect((await runJob(input)).ok).toBe(true);
    const events: FixEvent[] = [];
    const waits: number[] = [];
    let probes = 0;
    const base = {
      target: '127.0.0.1:3389',
      hostKind: 'xrdp' as const,
      access: { via: 'local' as const },
      registry: s.registry,
      audit: s.audit,
      emit: (e: FixEvent) => events.push(e),
    };
    const outcome = await undoJob({
      ...base,
      jobId: 'undo1',
      reprobe: {
        probe: async () => {
          probes++;
          return refusedProbe();
        },
        waitForPort: async (_t: string, ms: number) => {
          waits.push(ms);
          return true;
        },
        waitMs: 4321,
      },
    });
    expect(outcome.ok).toBe(true);
    expect(parseIni(s.host.files.get(INI)).security_layer).toBe('rdp');
    expect(waits).toEqual([4321]);
    expect(probes).toBe(1);
    const verified = events.find((e) => e.type === 'verified');
    expect(verified).toMatchObject({ type: 'verified', jobId: 'undo1', fixed: false, before: null });
    expect(verified?.type === 'verified' && verified.after.findings.map((f) => f.id)).toEqual(
      refusedProbe().findings.map((f) => f.id),
    );
    expect(outcome.after).not.toBeNull();
    // the verdict comes before the end, and nothing of it reaches the audit log as an apply verdict
    expect(events.findIndex((e) => e.type === 'verified')).toBeLessThan(events.findIndex((e) => e.type === 'finished'));
    expect(
      s.audit
        .entries()
        .filter((e) => e.jobId === 'undo1')
        .every((e) => e.action === 'undo'),
    ).toBe(true);
  });

  it('an undo without reprobe does not probe; a failed re-probe leaves the undo done', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate')]);
    expect((await runJob(jobInput(s, ['fake-layer']).input)).ok).toBe(true);
    const events: FixEvent[] = [];
    const outcome = await undoJob({
      jobId: 'undo1',
      target: '127.0.0.1:3389',
      hostKind: 'xrdp',
      access: { via: 'local' },
      registry: s.registry,
      audit: s.audit,
      emit: (e) => events.push(e),
      reprobe: {
        probe: async () => {
          throw new Error('probe exploded');
        },
      },
    });
    expect(outcome.ok).toBe(true);
    expect(events.some((e) => e.type === 'verified')).toBe(false);
    expect(
      events.some(
        (e) => e.type === 'verifying' && /undo is done, but probing again failed: probe exploded/.test(e.message),
      ),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'finished', ok: true });
  });

  it('verify waits for the port after a restart and probes once more after a refused connection', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate'), restartPhase]);
    const probes: string[] = [];
    const waits: number[] = [];
    const { input, events } = jobInput(s, ['fake-layer', 'fake-restart'], {
      probe: async () => {
        probes.push('probe');
        return probes.length === 1 ? refusedProbe() : okProbe();
      },
      waitForPort: async (_t: string, ms: number) => {
        waits.push(ms);
        return waits.length > 1;
      },
      verifyWaitMs: 1234,
    });
    const outcome = await runJob(input);
    expect(outcome.ok).toBe(true);
    expect(probes).toHaveLength(2);
    expect(waits).toEqual([1234, 1234]);
    const said = events.filter((e) => e.type === 'verifying').map((e) => e.type === 'verifying' && e.message);
    expect(said[0]).toBe('Waiting for xrdp to come back…');
    expect(said.some((m) => typeof m === 'string' && /trying once more/.test(m))).toBe(true);
    expect(events.find((e) => e.type === 'verified')).toMatchObject({ fixed: true });
  });

  it('a port still refused after the retry is not verified (and probed only twice)', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate', { addresses: ['tcp-refused'] })]);
    let n = 0;
    const { input, events } = jobInput(s, ['fake-layer'], {
      probe: async () => {
        n++;
        return refusedProbe();
      },
    });
    expect((await runJob(input)).ok).toBe(false);
    expect(n).toBe(2);
    expect(events.find((e) => e.type === 'verified')).toMatchObject({ fixed: false });
  });

  it('host-changed: a plan that differs from the approved one stops before any change, naming the difference', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate')]);
    const inspection = await s.registry.inspector('xrdp').inspect(s.host.driver(), 't');
    const approved: PhasePlan[] = [s.registry.phase('fake-layer')?.plan(inspection, 't') as PhasePlan];
    const digest = await planDigest(approved);
    // someone edits the ini between approval and start
    s.host.files.set(INI, Buffer.from('[Globals]\nsecurity_layer=tls\n'));
    const { input, events } = jobInput(s, ['fake-layer'], { approved: { digest, phases: approved } });
    const outcome = await runJob(input);
    expect(outcome.ok).toBe(false);
    const failed = events.find((e) => e.type === 'failed');
    expect(failed).toMatchObject({ error: { code: 'host-changed' } });
    expect(failed?.type === 'failed' && failed.error.message).toMatch(/^The host changed since you approved the plan/);
    expect(failed?.type === 'failed' && failed.error.details).toEqual([
      `fake-layer: ${INI} security_layer was approved as rdp → negotiate, is now tls → negotiate`,
    ]);
    expect(s.host.log).toEqual([]);
    expect(s.audit.entries()).toEqual([]);
    // the same host and the same plan: it runs
    s.host.files.set(INI, Buffer.from('[Globals]\nsecurity_layer=rdp\n'));
    const again = jobInput(s, ['fake-layer'], { approved: { digest } });
    expect((await runJob(again.input)).ok).toBe(true);
  });
});

describe('a job cut short, and undo that checks before it overwrites', () => {
  it('a job that never finished (the process died mid-phase) is found and undone from its pending line', async () => {
    const s = setup([
      editPhase('fake-layer', 'security_layer', 'negotiate', {
        async apply(ctx) {
          const before = (await ctx.driver.readFile(INI)) as Buffer;
          ctx.backup({ bytes: before.toString('base64') });
          await ctx.driver.writeFile(INI, Buffer.from('[Globals]\nsecurity_layer=negotiate\n'));
          // the process "dies" here: nothing after this line ever runs
          await new Promise(() => undefined);
        },
      }),
    ]);
    const original = Buffer.from(s.host.files.get(INI) as Buffer);
    const { input } = jobInput(s, ['fake-layer']);
    void runJob(input);
    while (!s.host.log.length) await new Promise((r) => setTimeout(r, 5));
    // what a new process would read: the log on disk
    const fresh = new AuditLog(s.audit.file);
    const lines = readFileSync(fresh.file, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).outcome)).toEqual(['pending', 'pending']);
    const [unfinished] = fresh.unfinished('127.0.0.1:3389');
    expect(unfinished).toMatchObject({ jobId: 'job1', unfinished: true });
    expect(fresh.unfinished(undefined, ['job1'])).toEqual([]);
    const outcome = await undoJob({
      jobId: 'undo1',
      target: '127.0.0.1:3389',
      hostKind: 'xrdp',
      access: { via: 'local' },
      registry: s.registry,
      audit: fresh,
      emit: () => undefined,
    });
    expect(outcome.ok).toBe(true);
    expect(s.host.files.get(INI)?.equals(original)).toBe(true);
    expect(fresh.unfinished()).toEqual([]);
  });

  it('a file edited after the fix, or another host key: undo refuses and names it; with force it puts back', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate')]);
    const original = Buffer.from(s.host.files.get(INI) as Buffer);
    expect((await runJob(jobInput(s, ['fake-layer']).input)).ok).toBe(true);
    s.host.files.set(INI, Buffer.from('[Globals]\nsecurity_layer=negotiate\n# edited by hand later\n'));
    s.host.hostKey = 'SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
    const events: FixEvent[] = [];
    const base = {
      jobId: 'undo1',
      target: '127.0.0.1:3389',
      hostKind: 'xrdp' as const,
      access: { via: 'local' as const },
      registry: s.registry,
      audit: s.audit,
      emit: (e: FixEvent) => events.push(e),
    };
    const refused = await undoJob(base);
    expect(refused.ok).toBe(false);
    const failed = events.find((e) => e.type === 'failed');
    expect(failed).toMatchObject({ error: { code: 'undo-conflict' } });
    const details = failed?.type === 'failed' ? (failed.error.details ?? []) : [];
    expect(details).toHaveLength(2);
    expect(details[0]).toMatch(/host key is now SHA256:B+; the fix was made through SHA256:A+/);
    expect(details[1]).toMatch(new RegExp(`^${INI} was changed after the fix`));
    expect(s.host.log).toEqual([`write ${INI}`]);
    expect(s.audit.lastUndoable('127.0.0.1:3389')?.jobId).toBe('job1');
    const forced = await undoJob({ ...base, jobId: 'undo2', force: true });
    expect(forced.ok).toBe(true);
    expect(s.host.files.get(INI)?.equals(original)).toBe(true);
  });
});

describe('verifyAgain ("Check again")', () => {
  it('re-probes and re-inspects a finished job in place and records the newest verdict under its id', async () => {
    const s = setup([editPhase('fake-layer', 'security_layer', 'negotiate'), restartPhase]);
    const { input } = jobInput(s, ['fake-layer', 'fake-restart'], {
      probe: async () => refusedProbe(),
      waitForPort: async () => false,
      verifyWaitMs: 1,
    });
    // the first verify never saw xrdp back
    await runJob({ ...input, phases: ['fake-layer', 'fake-restart'] });
    const said: string[] = [];
    const v = await verifyAgain({
      jobId: 'job1',
      target: '127.0.0.1:3389',
      hostKind: 'xrdp',
      access: { via: 'local' },
      registry: s.registry,
      audit: s.audit,
      before: null,
      signal: new AbortController().signal,
      probe: async () => okProbe(),
      waitForPort: async () => true,
      progress: (m) => said.push(m),
      who: 'tech',
    });
    expect(v.fixed).toBe(true);
    expect(said).toEqual(['Waiting for xrdp to come back…']);
    const last = s.audit.job('job1').slice(-2);
    expect(last.map((e) => [e.phase, e.outcome])).toEqual([
      ['fake-layer', 'verified'],
      ['fake-restart', 'verified'],
    ]);
    expect(last[0]?.backup).toBeDefined();
  });
});
