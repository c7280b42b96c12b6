// Certificates outside their validity window, served by real xrdp: the probe reports the dates as ISO 8601,
// fails the certificate step and names which way the window is missed. A name match is checked too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import type { ProbeResult } from '../../shared/probe';
import { makeCert, needPeers, type Peer, startXrdp } from '../peers';

const { skip } = needPeers(['xrdp'], 'probe-xrdp-cert-validity.test.ts');
const DAY = 86_400_000;

describe.skipIf(skip)('probe: xrdp certificate validity', () => {
  const peers: Peer[] = [];
  let expired: ProbeResult;
  let future: ProbeResult;
  let named: ProbeResult;
  beforeAll(async () => {
    const [a, b, c] = await Promise.all([
      startXrdp({
        cert: makeCert({
          cn: 'old.test',
          notBefore: new Date(Date.now() - 400 * DAY),
          notAfter: new Date(Date.now() - 30 * DAY),
        }),
      }),
      startXrdp({
        cert: makeCert({
          cn: 'new.test',
          notBefore: new Date(Date.now() + 10 * DAY),
          notAfter: new Date(Date.now() + 400 * DAY),
        }),
      }),
      startXrdp({ cert: makeCert({ cn: 'other.test', sans: ['localhost'] }) }),
    ]);
    peers.push(a!, b!, c!);
    expired = await runProbe({ target: a!.target });
    future = await runProbe({ target: b!.target });
    named = await runProbe({ target: c!.target });
  });
  afterAll(async () => {
    await Promise.all(peers.map((p) => p.stop()));
  });

  it('an expired certificate fails the certificate step with its end date', () => {
    const cert = expired.tls!.certificate!;
    expect(Date.parse(cert.notAfter)).toBeLessThan(Date.now());
    expect(cert.notAfter).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(expired.steps.certificate).toMatchObject({ status: 'failed', error: { code: 'CERT_EXPIRED' } });
    // TLS itself still works: the certificate is judged by the client, not the handshake
    expect(expired.tls!.versions.some((v) => v.ok)).toBe(true);
  });

  it('a certificate not valid yet fails with CERT_NOT_YET_VALID', () => {
    expect(Date.parse(future.tls!.certificate!.notBefore)).toBeGreaterThan(Date.now());
    expect(future.steps.certificate).toMatchObject({ status: 'failed', error: { code: 'CERT_NOT_YET_VALID' } });
  });

  it('SANs are listed and compared with the host that was typed', () => {
    const cert = named.tls!.certificate!;
    expect(cert.sans).toEqual(['localhost']);
    expect(cert.subjectCN).toBe('other.test');
    expect(cert.nameMatches).toBe(false);
    expect(named.steps.certificate.summary).toMatch(/does not name/);
  });
});
