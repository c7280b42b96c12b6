// xrdp with security_layer=rdp: only Standard RDP Security. Every TLS/NLA request is answered by selecting
// PROTOCOL_RDP; the probe reads the encryption level, methods and the proprietary certificate's key size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import type { ProbeResult } from '../../shared/probe';
import { needPeers, type Peer, startXrdp } from '../peers';

const { skip } = needPeers(['xrdp'], 'probe-xrdp-rdp-only.test.ts');

describe.skipIf(skip)('probe: xrdp security_layer=rdp', () => {
  let high: Peer;
  let low: Peer;
  let r: ProbeResult;
  let rLow: ProbeResult;
  beforeAll(async () => {
    [high, low] = await Promise.all([
      startXrdp({ securityLayer: 'rdp' }),
      startXrdp({ securityLayer: 'rdp', cryptLevel: 'low' }),
    ]);
    r = await runProbe({ target: high.target });
    rLow = await runProbe({ target: low.target });
  });
  afterAll(async () => {
    await Promise.all([high, low].filter(Boolean).map((p) => p.stop()));
  });

  it('supports Standard RDP only', () => {
    expect(r.negotiation!.supports).toEqual({ rdp: true, tls: false, hybrid: false, hybridEx: false, rdstls: false });
    for (const a of r.negotiation!.attempts) expect(a.selected).toBe('rdp');
  });

  it('reads the server security data from the MCS Connect-Response', () => {
    expect(r.steps.rdpSecurity.status).toBe('passed');
    expect(r.rdpSecurity).toMatchObject({
      encryptionLevel: 'ENCRYPTION_LEVEL_HIGH',
      encryptionMethods: ['128BIT_ENCRYPTION_FLAG'],
      serverCertType: 'proprietary',
    });
    expect(r.rdpSecurity!.rsaKeyBits).toBeGreaterThanOrEqual(512);
    expect(r.rdpSecurity!.rdpVersion).toMatch(/^RDP /);
  });

  it('crypt_level=low shows as ENCRYPTION_LEVEL_LOW and a warning', () => {
    expect(rLow.rdpSecurity!.encryptionLevel).toBe('ENCRYPTION_LEVEL_LOW');
    expect(rLow.steps.rdpSecurity.status).toBe('warning');
  });
});
