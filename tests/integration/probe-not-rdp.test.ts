// What is on the port is not an RDP server: nothing (closed port), an SSH server (real sshd), a listener that
// accepts and never answers. Each is told apart by name, and the probe ends within its deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import { closedPort, needPeers, type Peer, startSshd, startTcpServer } from '../peers';

const { skip } = needPeers(['sshd'], 'probe-not-rdp.test.ts');

describe('probe: a closed port', () => {
  it('TCP fails as refused, later steps are skipped', async () => {
    const closed = await closedPort();
    const r = await runProbe({ target: closed.target });
    expect(r.tcp!.attempts[0]).toMatchObject({ ok: false, errorCode: 'refused' });
    expect(r.steps.tcp).toMatchObject({ status: 'failed', error: { code: 'TCP_REFUSED' } });
    expect(r.steps.negotiation.status).toBe('skipped');
    expect(r.aborted).toBe(false);
  });
});

describe('probe: a listener that never answers (fake server)', () => {
  let silent: Peer;
  beforeAll(async () => {
    silent = await startTcpServer(() => {
      /* accept and say nothing */
    });
  });
  afterAll(async () => {
    await silent?.stop();
  });

  it('negotiation fails with no-response, within the deadline', async () => {
    const r = await runProbe({ target: silent.target, timeoutMs: 1500, stabilitySamples: 0 });
    expect(r.tcp!.address).toBe(silent.host);
    for (const a of r.negotiation!.attempts) expect(a.outcome).toBe('no-response');
    expect(r.steps.negotiation.error?.code).toBe('NEG_NO_RESPONSE');
    expect(r.steps.tls.status).toBe('skipped');
    expect(r.durationMs).toBeLessThan(1500 + 5000); // a bound against hangs, not a speed claim
  });
});

describe.skipIf(skip)('probe: an SSH server on the port (real sshd)', () => {
  let sshd: Peer;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('is recognised as SSH, with its banner as the sample', async () => {
    const r = await runProbe({ target: sshd.target, timeoutMs: 5000 });
    expect(r.negotiation!.notRdp).toMatchObject({ kind: 'ssh' });
    expect(r.negotiation!.notRdp!.sample).toMatch(/^SSH-2\.0-/);
    expect(r.steps.negotiation).toMatchObject({ status: 'failed', error: { code: 'NEG_NOT_RDP' } });
    expect(r.negotiation!.attempts.every((a) => a.outcome === 'not-rdp')).toBe(true);
    expect(r.steps.tls.status).toBe('skipped');
  });
});
