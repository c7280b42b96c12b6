// IPv6: real RDP servers (FreeRDP's shadow server, and xrdp, whose xrdp.ini spells it tcp6://{::1}:port)
// listening on [::1] only. Typed as [::1]:port the probe connects over IPv6; typed as
// localhost:port it tries 127.0.0.1 first (refused: nothing listens there) and falls back to ::1, recording both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import { needPeers, type Peer, startShadow, startXrdp } from '../peers';

const { skip } = needPeers(['shadow', 'xrdp'], 'probe-ipv6-loopback.test.ts');

describe.skipIf(skip)('probe: an RDP server on IPv6 loopback', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startShadow({ host: '::1', users: [{ user: 'v6user', password: 'V6-pass!' }] });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('[::1]:port: TCP, negotiation and TLS over IPv6', async () => {
    const r = await runProbe({ target: peer.target });
    expect(peer.target).toMatch(/^\[::1\]:\d+$/);
    expect(r.target).toMatchObject({ host: '::1', dnsSkipped: true, addresses: [{ address: '::1', family: 6 }] });
    expect(r.tcp!.address).toBe('::1');
    expect(r.negotiation!.supports.hybrid).toBe(true);
    expect(r.tls!.versions.some((v) => v.ok)).toBe(true);
    expect(r.tls!.certificate!.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
  });

  it('localhost:port falls back from a refused 127.0.0.1 to ::1', async () => {
    const r = await runProbe({ target: `localhost:${peer.port}` });
    expect(r.target!.dnsSkipped).toBe(true);
    expect(r.tcp!.attempts.map((a) => [a.address, a.ok, a.errorCode])).toEqual([
      ['127.0.0.1', false, 'refused'],
      ['::1', true, undefined],
    ]);
    expect(r.steps.negotiation.status).toBe('passed');
  });
});

describe.skipIf(skip)('probe: xrdp on IPv6 loopback', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startXrdp({ host: '::1' });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('negotiates TLS and reads the certificate over IPv6', async () => {
    const r = await runProbe({ target: peer.target });
    expect(r.tcp!.address).toBe('::1');
    expect(r.negotiation!.supports).toMatchObject({ rdp: true, tls: true, hybrid: false });
    expect(r.tls!.versions.filter((v) => v.ok).map((v) => v.version)).toEqual(['TLSv1.2', 'TLSv1.3']);
    expect(r.tls!.certificate!.subjectCN).toBe('xrdp-test.local');
  });
});
