/**
 * A mixed fleet of real peers on loopback for the fleet-scan tests: healthy xrdp, xrdp with an expired
 * certificate, xrdp whose certificate expires in 10 days, xrdp limited to TLS 1.0, a closed port, a listener
 * that never answers (a fake: no real server does that on purpose) and a real sshd (not RDP).
 */
import { closedPort, days, makeCert, type Peer, startSshd, startTcpServer, startXrdp } from '../peers';

export interface MixedFleet {
  healthy: Peer;
  expired: Peer;
  expiringSoon: Peer;
  tls10: Peer;
  closed: { target: string };
  silent: Peer;
  ssh: Peer;
  /** every target, in the order above */
  targets: string[];
  stop(): Promise<void>;
}

export async function startMixedFleet(): Promise<MixedFleet> {
  const started: Peer[] = [];
  const keep = async <T extends Peer>(p: Promise<T>): Promise<T> => {
    const peer = await p;
    started.push(peer);
    return peer;
  };
  try {
    // one at a time: xrdp start-up on 2 shared cores is the slow part, and parallel starts time out
    const healthy = await keep(startXrdp());
    const expired = await keep(
      startXrdp({ cert: makeCert({ cn: 'expired.test', notBefore: days(-400), notAfter: days(-20) }) }),
    );
    const expiringSoon = await keep(
      startXrdp({ cert: makeCert({ cn: 'soon.test', notBefore: days(-300), notAfter: days(10) }) }),
    );
    const tls10 = await keep(startXrdp({ sslProtocols: 'TLSv1', tlsCiphers: 'DEFAULT:@SECLEVEL=0' }));
    const silent = await keep(startTcpServer(() => {}));
    const ssh = await keep(startSshd());
    const closed = await closedPort();
    return {
      healthy,
      expired,
      expiringSoon,
      tls10,
      closed,
      silent,
      ssh,
      targets: [healthy, expired, expiringSoon, tls10, closed, silent, ssh].map((p) => p.target),
      stop: async () => {
        await Promise.all(started.map((p) => p.stop()));
      },
    };
  } catch (err) {
    await Promise.all(started.map((p) => p.stop()));
    throw err;
  }
}
