/**
 * How many TCP connections one probe opens (issue 13: at most 10; 11 with the client table of issue 21, 10 again since the
 * TCP step's connection carries the first negotiation request (issue 20); it was 16 against a healthy xrdp), counted on
 * the wire by a counting TCP proxy in front of the real server, and checked against the probe's own count
 * (ProbeResult.connections). The proxy only counts and forwards bytes; the servers are real.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import type { ProbeResult } from '../../shared/probe';
import { needPeers, type Peer, startShadow, startTcpServer, startXrdp } from '../peers';

// 10 before issue 21; +1 for the client table (Windows 7's TLS 1.2 suites, no ECDHE_RSA GCM, need their own
// handshake); -1 since the TCP step's connection goes on to the first X.224 request (issue 20)
const MAX_CONNECTIONS = 10;

async function countingProxy(upstream: Peer): Promise<{ peer: Peer; accepted: () => number }> {
  let accepted = 0;
  const peer = await startTcpServer((client) => {
    accepted++;
    const server = net.connect({ host: upstream.host, port: upstream.port });
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
    client.on('close', () => server.destroy());
    server.on('close', () => client.destroy());
    client.pipe(server);
    server.pipe(client);
  });
  return { peer, accepted: () => accepted };
}

const xrdpPeers = needPeers(['xrdp'], 'probe-connection-count.test.ts (xrdp)');
const shadowPeers = needPeers(['shadow'], 'probe-connection-count.test.ts (shadow)');

describe.skipIf(xrdpPeers.skip)('connections per probe against a healthy xrdp', () => {
  let xrdp: Peer;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  let result: ProbeResult;
  beforeAll(async () => {
    xrdp = await startXrdp({});
    proxy = await countingProxy(xrdp);
    result = await probeAndDiagnose({ target: proxy.peer.target, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await proxy?.peer.stop();
    await xrdp?.stop();
  });

  it(`opens at most ${MAX_CONNECTIONS}, and says how many it opened`, () => {
    expect(proxy.accepted()).toBeLessThanOrEqual(MAX_CONNECTIONS);
    expect(result.connections).toBe(proxy.accepted());
  });

  it('still learns everything: every TLS version judged, the certificate, Standard RDP Security, stability', () => {
    const versions = Object.fromEntries(result.tls!.versions.map((v) => [v.version, v.ok]));
    expect(versions).toEqual({ TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true });
    expect(result.tls?.certificate?.sha1Thumbprint).toMatch(/^[0-9A-F]{40}$/);
    expect(result.rdpSecurity?.serverCertType).toBe('proprietary');
    expect(result.stability?.failures).toBe(0);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe.skipIf(shadowPeers.skip)('connections per probe against FreeRDP shadow with NLA', () => {
  let shadow: Peer;
  let proxy: Awaited<ReturnType<typeof countingProxy>>;
  beforeAll(async () => {
    shadow = await startShadow({ users: [{ user: 'alice', password: 'Correct-Horse-9' }] });
    proxy = await countingProxy(shadow);
  });
  afterAll(async () => {
    await proxy?.peer.stop();
    await shadow?.stop();
  });

  it(`the CredSSP exchange continues on the negotiation's connection: at most ${MAX_CONNECTIONS}`, async () => {
    const result = await probeAndDiagnose({ target: proxy.peer.target, timeoutMs: 10_000 });
    expect(result.credssp?.tsRequestVersion).toBeGreaterThanOrEqual(5);
    expect(result.credssp?.ntlm?.productVersion).toBeTruthy();
    expect(result.findings.map((f) => f.id)).toContain('nla-required');
    expect(proxy.accepted()).toBeLessThanOrEqual(MAX_CONNECTIONS);
    expect(result.connections).toBe(proxy.accepted());
  });
});
