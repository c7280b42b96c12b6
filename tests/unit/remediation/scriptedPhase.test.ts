// scriptedPhase(spec): the plan from the spec's hook (no host round trip), apply = the script's plan (the real
// old values) → ctx.backup BEFORE the script's apply, undo = the script's undo with that backup (or apply again
// when undoIsApply), a refused plan never reaches the host. A recording fake Driver (only the calls are faked).
import { describe, expect, it } from 'vitest';
import { scriptedPhase } from '../../../electron/remediation/scriptedPhase';
import type { CallOptions, Driver, Json, PhaseContext } from '../../../electron/remediation/types';
import type { FixPhaseSpec } from '../../../shared/fixPhases/types';
import type { Inspection } from '../../../shared/remediation';

function fakeDriver(events: string[], answers: Record<string, Record<string, unknown>>): Driver {
  const no = async () => {
    throw new Error('not used');
  };
  return {
    reachedAs: 'fake',
    call: async (script: string, input: Record<string, Json>, _opts?: CallOptions) => {
      events.push(`call ${script} ${JSON.stringify(input)}`);
      return answers[String(input.action)] ?? { ok: true };
    },
    runScript: no,
    run: no,
    readFile: no,
    writeFile: no,
    close: async () => undefined,
  };
}

const spec: FixPhaseSpec<{ n: number }> = {
  id: 'fake-phase',
  hostKind: 'xrdp',
  title: 'Fake',
  summary: 's',
  steps: [],
  addresses: ['f1'],
  risks: ['r1'],
  script: 'fake.sh',
  facts: (f) => ({ n: Number(f.n) }),
  plan: (f) =>
    f.n < 0
      ? { changes: [], commands: [], alreadyRight: false, refused: 'Refused: negative.' }
      : { changes: [{ target: 't', before: String(f.n), after: '1' }], commands: ['c'], alreadyRight: f.n === 1 },
  input: (f, target) => ({ n: f.n, target }),
  verify: (f) => ({ ok: f.n === 1, message: `n=${f.n}` }),
};

function ctxOf(n: number, events: string[], answers: Record<string, Record<string, unknown>> = {}): PhaseContext {
  return {
    jobId: 'job1',
    driver: fakeDriver(events, answers),
    inspection: { facts: { n } } as unknown as Inspection,
    plan: {} as PhaseContext['plan'],
    target: 'h:3389',
    signal: new AbortController().signal,
    log: (line) => events.push(`log ${line}`),
    backup: (value) => events.push(`backup ${JSON.stringify(value)}`),
  };
}

describe('scriptedPhase', () => {
  const phase = scriptedPhase(spec);

  it('plans from the hook, with the title and risks of the spec', () => {
    const p = phase.plan({ facts: { n: 0 } } as unknown as Inspection, 'h');
    expect(p).toMatchObject({
      phase: 'fake-phase',
      title: 'Fake',
      risks: ['r1'],
      commands: ['c'],
      alreadyRight: false,
    });
    const refused = phase.plan({ facts: { n: -1 } } as unknown as Inspection, 'h');
    expect(refused.changes).toEqual([]);
    expect(refused.risks[0]).toBe('Refused: negative.');
  });

  it('apply: the script plan, the backup recorded, then the script apply (with the backup), in that order', async () => {
    const events: string[] = [];
    await phase.apply(ctxOf(0, events, { plan: { ok: true, backup: { old: 0 } } }));
    const order = events.filter((e) => !e.startsWith('log'));
    expect(order).toEqual([
      'call fake.sh {"n":0,"target":"h:3389","action":"plan","job":"job1","phase":"fake-phase"}',
      'backup {"old":0}',
      'call fake.sh {"n":0,"target":"h:3389","action":"apply","job":"job1","phase":"fake-phase","backup":{"old":0}}',
    ]);
  });

  it('a refused plan never reaches the host', async () => {
    const events: string[] = [];
    await expect(phase.apply(ctxOf(-1, events))).rejects.toThrow('Refused: negative.');
    expect(events).toEqual([]);
  });

  it('undo gives the backup back as data; undoIsApply runs apply again', async () => {
    const events: string[] = [];
    await phase.undo(ctxOf(0, events), { old: 7 });
    expect(events.filter((e) => e.startsWith('call'))).toEqual([
      'call fake.sh {"n":0,"target":"h:3389","action":"undo","job":"job1","phase":"fake-phase","backup":{"old":7}}',
    ]);
    const again: string[] = [];
    await scriptedPhase({ ...spec, undoIsApply: true }).undo(ctxOf(0, again), null);
    expect(again.filter((e) => e.startsWith('call'))[0]).toContain('"action":"apply"');
  });

  it('verify reads the fresh facts through the hook', async () => {
    const v = await phase.verify({ inspection: { facts: { n: 1 } } } as never);
    expect(v).toEqual({ ok: true, message: 'n=1' });
  });

  it('an advice-only spec cannot become a phase', () => {
    expect(() => scriptedPhase({ ...spec, script: undefined })).toThrow(/advice only/);
  });
});
