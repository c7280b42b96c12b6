// The runner's contract with fake steps (named as fakes: the real steps are covered against real servers in
// tests/integration/probe-*.test.ts): ordering, skipping, the deadline, cancel, a throwing step, a hanging step.
import { describe, expect, it } from 'vitest';
import { DEFAULT_STEPS, type ProbeSteps, runProbe } from '../../../electron/probe/runProbe';
import type { Step } from '../../../electron/probe/stepTypes';
import { ProbeResultSchema, type StepEvent, type StepId } from '../../../shared/probe';

const passing =
  (facts?: unknown): Step<unknown> =>
  async () => ({ status: 'passed', summary: 'ok', facts });
const hanging: Step<unknown> = () => new Promise(() => {});
const fakeNegotiation = passing({
  attempts: [],
  supports: { rdp: true, tls: true, hybrid: false, hybridEx: false, rdstls: false },
  notRdp: null,
});
function fakes(over: Partial<ProbeSteps> = {}): ProbeSteps {
  const all = Object.fromEntries(Object.keys(DEFAULT_STEPS).map((k) => [k, passing()])) as unknown as ProbeSteps;
  return { ...all, negotiation: fakeNegotiation, ...over };
}

describe('runProbe (fake steps)', () => {
  it('runs every step, emits running then a final status for each, and returns a valid result', async () => {
    const events: StepEvent[] = [];
    const r = await runProbe({ target: '127.0.0.1' }, { onStep: (e) => events.push(e) }, fakes());
    expect(ProbeResultSchema.safeParse(r).success).toBe(true);
    for (const id of Object.keys(r.steps) as StepId[]) {
      const mine = events.filter((e) => e.step === id).map((e) => e.status);
      expect(mine).toEqual(['running', 'passed']);
    }
    expect(r.findings).toEqual([]);
    expect(r.aborted).toBe(false);
  });

  it('stops after a failed TCP step: later steps are skipped with a reason', async () => {
    const tcp: Step<unknown> = async () => ({
      status: 'failed',
      summary: 'refused',
      error: { code: 'TCP_REFUSED', message: 'refused' },
    });
    const r = await runProbe({ target: '127.0.0.1' }, {}, fakes({ tcp }));
    expect(r.steps.tcp).toMatchObject({ status: 'failed', error: { code: 'TCP_REFUSED' } });
    for (const id of [
      'negotiation',
      'tls',
      'certificate',
      'credssp',
      'rdpSecurity',
      'stability',
      'nlaCheck',
    ] as const) {
      expect(r.steps[id]).toMatchObject({ status: 'skipped', summary: 'needs a TCP connection' });
    }
  });

  it('skips Standard RDP Security when the negotiation says it is not offered', async () => {
    const negotiation = passing({
      attempts: [],
      supports: { rdp: false, tls: true, hybrid: true, hybridEx: false, rdstls: false },
      notRdp: null,
    });
    let called = false;
    const rdpSecurity: Step<unknown> = async () => {
      called = true;
      return { status: 'passed', summary: '' };
    };
    const r = await runProbe({ target: '127.0.0.1' }, {}, fakes({ negotiation, rdpSecurity }));
    expect(called).toBe(false);
    expect(r.steps.rdpSecurity.status).toBe('skipped');
  });

  it('a hanging step cannot hold the probe past its deadline', async () => {
    const t0 = Date.now();
    const r = await runProbe({ target: '127.0.0.1', timeoutMs: 300 }, {}, fakes({ tls: hanging }));
    expect(r.aborted).toBe(true);
    expect(r.steps.tls).toMatchObject({ status: 'failed', error: { code: 'DEADLINE' } });
    expect(r.steps.certificate.status).toBe('skipped');
    expect(Date.now() - t0).toBeLessThan(5_000); // bound, not a speed assertion: a hang would be forever
  });

  it('honours the caller cancelling', async () => {
    const ac = new AbortController();
    const tcp: Step<unknown> = async (ctx) => {
      ac.abort();
      expect(ctx.signal.aborted).toBe(true);
      return { status: 'failed', summary: 'aborted', error: { code: 'TCP_ABORTED', message: 'aborted' } };
    };
    const r = await runProbe({ target: '127.0.0.1' }, { signal: ac.signal }, fakes({ tcp }));
    expect(r.aborted).toBe(true);
  });

  it('a step that throws becomes a failed step with code INTERNAL; the others still run', async () => {
    const tls: Step<unknown> = async () => {
      throw new Error('bug');
    };
    const r = await runProbe({ target: '127.0.0.1' }, {}, fakes({ tls }));
    expect(r.steps.tls).toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } });
    expect(r.steps.rdpSecurity.status).toBe('passed');
  });

  it('a listener that throws does not break the probe', async () => {
    const r = await runProbe(
      { target: '127.0.0.1' },
      {
        onStep: () => {
          throw new Error('listener bug');
        },
      },
      fakes(),
    );
    expect(r.steps.stability.status).toBe('passed');
  });

  it('invalid options give a failed target step, never a throw', async () => {
    const r = await runProbe({ target: '' }, {}, fakes());
    expect(r.steps.target).toMatchObject({ status: 'failed', error: { code: 'OPTIONS_INVALID' } });
    expect(r.steps.tcp.status).toBe('skipped');
  });

  it('passes facts of earlier steps to later ones, and the certificate into tls.certificate', async () => {
    let seen: unknown = null;
    const tcp = passing({ address: '127.0.0.9', port: 3389, connectMs: 1, attempts: [] });
    const negotiation: Step<unknown> = async (ctx) => {
      seen = ctx.address;
      return fakeNegotiation(ctx);
    };
    const r = await runProbe({ target: '127.0.0.9' }, {}, fakes({ tcp, negotiation }));
    expect(seen).toBe('127.0.0.9');
    expect(r.tcp?.address).toBe('127.0.0.9');
  });

  it('drops the password from the step options once the credential check is done', async () => {
    const seen: Partial<Record<StepId, boolean>> = {};
    const recording =
      (id: StepId): Step<unknown> =>
      async (ctx) => {
        seen[id] = ctx.options.credentials !== undefined;
        return { status: 'passed', summary: 'ok' };
      };
    await runProbe(
      { target: '127.0.0.1', credentials: { user: 'alice', password: 'not-kept' } },
      {},
      fakes({ nlaCheck: recording('nlaCheck'), stability: recording('stability') }),
    );
    expect(seen).toEqual({ nlaCheck: true, stability: false });
  });
});

describe('runProbe: a running step says how long it may wait', () => {
  it('against a real closed port on loopback: target and TCP announce their maximum wait, cut by the deadline', async () => {
    const net = await import('node:net');
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const running: StepEvent[] = [];
    await runProbe(
      { target: `127.0.0.1:${port}`, timeoutMs: 3_000 },
      { onStep: (e) => e.status === 'running' && running.push(e) },
    );
    const target = running.find((e) => e.step === 'target');
    const tcp = running.find((e) => e.step === 'tcp');
    // DNS would wait 4 s, but the whole probe has only 3 s: the smaller wins
    expect(target?.summary).toMatch(/^waits at most [23] s$/);
    expect(tcp?.summary).toMatch(/^waits at most [123] s$/);
  });
});
