/**
 * The diagnosis against real xrdp servers on loopback, one configuration per fault: what the probe sees and
 * what the rules conclude (expectations in tests/fixtures/probe/expectations.ts). CAPTURED fixtures come
 * from these runs (UPDATE_PROBE_FIXTURES=1).
 */
import { afterEach, describe, it } from 'vitest';
import { probeAndCheck } from '../fixtures/probe/probeAndCheck';
import { days, makeCert, needPeers, type Peer, startXrdp, type XrdpOptions } from '../peers';

const { skip } = needPeers(['xrdp'], 'diagnosis-xrdp.test.ts');

const CASES: Array<[name: string, options: () => XrdpOptions]> = [
  ['xrdp-healthy', () => ({})],
  ['xrdp-security-layer-rdp', () => ({ securityLayer: 'rdp' })],
  ['xrdp-unreadable-key', () => ({ unreadableKey: true })],
  ['xrdp-unreadable-key-tls-only', () => ({ unreadableKey: true, securityLayer: 'tls' })],
  ['xrdp-garbage-key', () => ({ garbageKey: true })],
  ['xrdp-expired-cert', () => ({ cert: makeCert({ cn: 'expired.test', notBefore: days(-400), notAfter: days(-3) }) })],
  [
    'xrdp-not-yet-valid-cert',
    () => ({ cert: makeCert({ cn: 'future.test', notBefore: days(5), notAfter: days(400) }) }),
  ],
  [
    'xrdp-expiring-soon-cert',
    () => ({ cert: makeCert({ cn: 'soon.test', notBefore: days(-300), notAfter: days(10) }) }),
  ],
  ['xrdp-weak-cert', () => ({ cert: makeCert({ cn: 'weak.test', digest: 'sha1' }) })],
  ['xrdp-tls1-only', () => ({ sslProtocols: 'TLSv1', tlsCiphers: 'DEFAULT:@SECLEVEL=0' })],
];

describe.skipIf(skip)('diagnosis against real xrdp', () => {
  let peer: Peer | null = null;
  afterEach(async () => {
    await peer?.stop();
    peer = null;
  });

  it.each(CASES)('%s', async (name, options) => {
    peer = await startXrdp(options());
    await probeAndCheck(name, { target: peer.target });
  });
});
