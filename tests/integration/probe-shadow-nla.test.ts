// FreeRDP's shadow server with /sec:nla: CredSSP is the only way in. The probe records the HYBRID selection,
// the HYBRID_REQUIRED_BY_SERVER refusals by name, TLS under CredSSP, and (through the CredSSP step) the
// server's NTLM identity. With credentials the NLA check runs; without, it is skipped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import { type ProbeResult, ProbeResultSchema } from '../../shared/probe';
import { needPeers, type Peer, startShadow } from '../peers';

const { skip } = needPeers(['shadow'], 'probe-shadow-nla.test.ts');

describe.skipIf(skip)('probe: FreeRDP shadow /sec:nla', () => {
  let peer: Peer;
  let r: ProbeResult;
  let withCreds: ProbeResult;
  beforeAll(async () => {
    peer = await startShadow({ users: [{ user: 'probeuser', password: 'Pr0be-pass!' }] });
    r = await runProbe({ target: peer.target });
    withCreds = await runProbe({ target: peer.target, credentials: { user: 'probeuser', password: 'wrong-password' } });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('selects CredSSP when asked and refuses Standard RDP and plain TLS by name', () => {
    const byReq = Object.fromEntries(r.negotiation!.attempts.map((a) => [a.requested, a]));
    expect(byReq.hybrid).toMatchObject({ outcome: 'selected', selected: 'hybrid' });
    expect(byReq.rdp).toMatchObject({ outcome: 'failure', failureName: 'HYBRID_REQUIRED_BY_SERVER', failureCode: 5 });
    expect(byReq.tls).toMatchObject({ outcome: 'failure', failureName: 'HYBRID_REQUIRED_BY_SERVER' });
    expect(r.negotiation!.supports).toMatchObject({ rdp: false, tls: false, hybrid: true });
  });

  it('tests TLS versions through CredSSP and reads the certificate', () => {
    expect(r.tls!.via).toBe('hybrid');
    expect(r.tls!.versions.some((v) => v.ok)).toBe(true);
    expect(r.tls!.certificate?.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(r.steps.rdpSecurity.status).toBe('skipped');
  });

  it('wires the CredSSP step: the NTLM identity of the server lands in result.credssp', () => {
    expect(['passed', 'warning']).toContain(r.steps.credssp.status);
    expect(r.credssp?.tsRequestVersion).toBeGreaterThan(0);
    expect(r.credssp?.ntlm?.netbiosComputer).toBeTruthy();
    expect(r.credssp?.ntlm?.productVersion).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('the NLA check is skipped without credentials and run with them', () => {
    expect(r.steps.nlaCheck.status).toBe('skipped');
    expect(withCreds.steps.nlaCheck.status).not.toBe('skipped');
    expect(withCreds.nlaCheck?.user).toBe('probeuser');
    expect(JSON.stringify(withCreds)).not.toContain('wrong-password');
    expect(ProbeResultSchema.safeParse(withCreds).success).toBe(true);
  });
});
