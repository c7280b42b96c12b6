// xrdp limited to TLS 1.0: the probe must still offer 1.0 (OpenSSL 3 needs @SECLEVEL=0 for that), find it is the
// only version, and tell the other versions' failures apart from an abort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import type { ProbeResult } from '../../shared/probe';
import { needPeers, type Peer, startXrdp } from '../peers';

const { skip } = needPeers(['xrdp'], 'probe-xrdp-tls10-only.test.ts');

describe.skipIf(skip)('probe: xrdp with TLS 1.0 only', () => {
  let peer: Peer;
  let r: ProbeResult;
  beforeAll(async () => {
    peer = await startXrdp({ sslProtocols: 'TLSv1', tlsCiphers: 'DEFAULT:@SECLEVEL=0' });
    r = await runProbe({ target: peer.target });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('TLS 1.0 works and is negotiated as TLSv1', () => {
    const v10 = r.tls!.versions.find((v) => v.version === 'TLSv1')!;
    expect(v10).toMatchObject({ ok: true, negotiatedVersion: 'TLSv1' });
    expect(v10.cipher).toBeTruthy();
  });

  it('1.1–1.3 fail for a version reason, not an abort', () => {
    for (const v of r.tls!.versions.filter((x) => x.version !== 'TLSv1')) {
      expect(v.ok).toBe(false);
      expect(v.failure?.kind).toBe('protocol_version');
    }
  });

  it('the TLS step warns: legacy TLS only', () => {
    expect(r.steps.tls).toMatchObject({ status: 'warning', error: { code: 'TLS_LEGACY_ONLY' } });
    expect(r.tls!.certificate).not.toBeNull();
  });
});
