// The NLA credential check and the CredSSP start against FreeRDP's shadow server (/sec:nla +auth,
// SAM file from winpr-hash): a real CredSSP/NTLMv2 server that verifies the MIC and the NTLMv2 response.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credsspStep } from '../../electron/probe/credssp';
import { nlaCheckStep } from '../../electron/probe/nlaCheck';
import type { StepContext } from '../../electron/probe/stepTypes';
import type { ProbeOptionsResolved } from '../../shared/probe';
import { needPeers, type Peer, startShadow } from '../peers';

const { skip } = needPeers(['shadow'], 'nla-shadow.test.ts');

function ctxFor(
  peer: Peer,
  credentials?: { user: string; password: string },
  signal = new AbortController().signal,
): StepContext {
  const options: ProbeOptionsResolved = { target: peer.target, timeoutMs: 10_000, stabilitySamples: 0, credentials };
  return {
    options,
    host: peer.host,
    port: peer.port,
    address: peer.host,
    signal,
    deadline: Date.now() + 10_000,
    facts: {},
  };
}

describe.skipIf(skip)('FreeRDP shadow server with NLA', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startShadow({
      users: [
        { user: 'alice', password: 'Corr3ct-horse!' },
        { user: 'carol', password: 'dom-pass-1', domain: 'LAB' },
      ],
    });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('CredSSP start: the CHALLENGE names the server, its version and clock, and the TSRequest version', async () => {
    const before = Date.now();
    const r = await credsspStep(ctxFor(peer));
    expect(r.status, r.summary).toBe('passed');
    const f = r.facts!;
    // FreeRDP 2.x speaks CredSSP version 6 and describes itself as Windows 7 SP1 (6.1.7601)
    expect(f.tsRequestVersion).toBeGreaterThanOrEqual(2);
    expect(f.tsRequestVersion).toBeLessThanOrEqual(6);
    expect(f.ntlm?.netbiosComputer).toMatch(/\S/);
    expect(f.ntlm?.productVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const serverTime = Date.parse(f.ntlm!.serverTime!);
    // same machine, same clock: the server time lies around our run (FreeRDP sends whole seconds)
    expect(serverTime).toBeGreaterThan(before - 60_000);
    expect(serverTime).toBeLessThan(Date.now() + 60_000);
    expect(typeof f.ntlm!.clockSkewMs).toBe('number');
    expect(r.summary).toContain(`TSRequest v${f.tsRequestVersion}`);
  });

  it('the right password is accepted, proven by the server pubKeyAuth', async () => {
    const r = await nlaCheckStep(ctxFor(peer, { user: 'alice', password: 'Corr3ct-horse!' }));
    expect(r.facts?.outcome, r.facts?.reason).toBe('accepted');
    expect(r.status).toBe('passed');
    expect(r.facts?.user).toBe('alice');
    expect(r.facts?.credsspVersion).toBeGreaterThanOrEqual(2);
  });

  it('DOMAIN\\user is split into user and domain as the server expects', async () => {
    const r = await nlaCheckStep(ctxFor(peer, { user: 'LAB\\carol', password: 'dom-pass-1' }));
    expect(r.facts?.outcome, r.facts?.reason).toBe('accepted');
  });

  it('a wrong password is rejected, with the evidence of how', async () => {
    const r = await nlaCheckStep(ctxFor(peer, { user: 'alice', password: 'Wrong-horse!' }));
    expect(r.facts?.outcome).toBe('rejected');
    expect(r.status).toBe('failed');
    // FreeRDP closes the connection instead of sending an NTSTATUS
    expect(r.facts?.reason).toMatch(/closed|reset|STATUS|LOGON/i);
    expect(JSON.stringify(r)).not.toContain('Wrong-horse!');
  });

  it('an unknown user is rejected', async () => {
    const r = await nlaCheckStep(ctxFor(peer, { user: 'mallory', password: 'Corr3ct-horse!' }));
    expect(r.facts?.outcome).toBe('rejected');
    expect(JSON.stringify(r)).not.toContain('Corr3ct-horse!');
  });

  it('a cancelled probe returns an outcome, not an exception', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await nlaCheckStep(ctxFor(peer, { user: 'alice', password: 'Corr3ct-horse!' }, ac.signal));
    expect(r.status).toBe('failed');
    expect(r.facts?.outcome).toBe('error');
  });
});
