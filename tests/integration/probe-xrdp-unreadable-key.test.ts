// The classic 0x904/0x7 cause on xrdp: a key file the service user cannot read (xrdp runs as user xrdp, the
// key is root-only), and its cousin, a key file that is not a key. The probe must record what xrdp does, not
// a "success": with an unreadable key it answers every TLS request by selecting Standard RDP; with a broken
// key it agrees to TLS and then abandons every handshake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import type { ProbeResult } from '../../shared/probe';
import { needPeers, type Peer, startXrdp } from '../peers';

const { skip } = needPeers(['xrdp'], 'probe-xrdp-unreadable-key.test.ts');

describe.skipIf(skip)('probe: xrdp whose service user cannot read its key', () => {
  let peer: Peer;
  let result: ProbeResult;
  beforeAll(async () => {
    peer = await startXrdp({ unreadableKey: true });
    result = await runProbe({ target: peer.target, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('records that a TLS request was answered by selecting Standard RDP, so TLS is not supported', () => {
    const tls = result.negotiation!.attempts.find((a) => a.requested === 'tls')!;
    expect(tls).toMatchObject({ outcome: 'selected', selected: 'rdp', selectedRaw: 0 });
    expect(result.negotiation!.supports.tls).toBe(false);
    expect(result.negotiation!.supports.rdp).toBe(true);
    expect(result.steps.negotiation.summary).toContain('asked for TLS, got Standard RDP');
  });

  it('skips the TLS and certificate steps, saying why', () => {
    expect(result.steps.tls.status).toBe('skipped');
    expect(result.steps.tls.summary).toMatch(/asked for TLS, the server selected Standard RDP Security/);
    expect(result.tls).toBeNull();
    expect(result.steps.certificate.status).toBe('skipped');
  });

  it('still reads the Standard RDP Security data xrdp falls back to', () => {
    expect(result.rdpSecurity).toMatchObject({
      serverCertType: 'proprietary',
      encryptionLevel: 'ENCRYPTION_LEVEL_HIGH',
    });
  });
});

describe.skipIf(skip)('probe: xrdp whose key file is not a key', () => {
  let peer: Peer;
  let result: ProbeResult;
  beforeAll(async () => {
    peer = await startXrdp({ garbageKey: true });
    result = await runProbe({ target: peer.target, timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('xrdp selects TLS when asked…', () => {
    expect(result.negotiation!.supports.tls).toBe(true);
  });

  it('…then abandons every handshake: no version works and none failed for a version reason', () => {
    const versions = result.tls!.versions;
    expect(versions).toHaveLength(4);
    for (const v of versions) {
      expect(v.ok).toBe(false);
      expect(['closed', 'reset', 'internal_error']).toContain(v.failure?.kind);
    }
    expect(result.steps.tls).toMatchObject({ status: 'failed', error: { code: 'TLS_ALL_ABORTED' } });
    expect(result.tls!.certificate).toBeNull();
  });
});
