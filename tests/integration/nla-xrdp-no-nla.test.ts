// A server without NLA: xrdp with security_layer=tls refuses CredSSP (it answers a CredSSP-only request
// with SSL_REQUIRED_BY_SERVER, and picks TLS when TLS is also offered). The credential check must say it
// cannot run and why — never "accepted" and never "rejected".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import { credsspStep } from '../../electron/probe/credssp';
import { nlaCheckStep } from '../../electron/probe/nlaCheck';
import type { StepContext } from '../../electron/probe/stepTypes';
import type { ProbeOptionsResolved } from '../../shared/probe';
import { needPeers, type Peer, startXrdp } from '../peers';

const { skip } = needPeers(['xrdp'], 'nla-xrdp-no-nla.test.ts');

describe.skipIf(skip)('xrdp with security_layer=tls (no NLA)', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startXrdp({ securityLayer: 'tls' });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('the whole probe: the check does not run and says the server offers no NLA', async () => {
    const result = await probeAndDiagnose({
      target: peer.target,
      timeoutMs: 10_000,
      credentials: { user: 'alice', password: 'not-used-pw' },
    });
    expect(result.negotiation?.supports.hybrid).toBe(false);
    expect(result.nlaCheck?.outcome).toBe('not-run');
    expect(result.nlaCheck?.reason).toMatch(/does not offer NLA/);
    expect(result.steps.nlaCheck.status).toBe('skipped');
    expect(result.findings.some((f) => f.id === 'credentials-accepted' || f.id === 'credentials-rejected')).toBe(false);
  });

  it('the steps on their own, with no negotiation facts, find out for themselves', async () => {
    const options: ProbeOptionsResolved = {
      target: peer.target,
      timeoutMs: 5000,
      stabilitySamples: 0,
      credentials: { user: 'alice', password: 'not-used-pw' },
    };
    const ctx = (): StepContext => ({
      options,
      host: peer.host,
      port: peer.port,
      address: peer.host,
      signal: new AbortController().signal,
      deadline: Date.now() + 5000,
      facts: {},
    });
    const check = await nlaCheckStep(ctx());
    expect(check.facts?.outcome, check.facts?.reason).toBe('not-run');
    expect(check.facts?.reason).toMatch(/does not offer NLA/);
    const start = await credsspStep(ctx());
    expect(start.status).toBe('skipped');
  });
});
