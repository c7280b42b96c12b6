/**
 * The diagnosis when no RDP server answers: a closed port, sshd on the port (real), and a listener that
 * accepts and never answers (a FAKE: no real server does that on purpose). CAPTURED fixtures come from these.
 */
import { afterEach, describe, it } from 'vitest';
import { probeAndCheck } from '../fixtures/probe/probeAndCheck';
import { closedPort, needPeers, type Peer, startSshd, startTcpServer } from '../peers';

const { skip } = needPeers(['sshd'], 'diagnosis-unreachable.test.ts');

describe('diagnosis when nothing RDP answers', () => {
  let peer: Peer | null = null;
  afterEach(async () => {
    await peer?.stop();
    peer = null;
  });

  it('closed-port → tcp-refused', async () => {
    const closed = await closedPort();
    await probeAndCheck('closed-port', { target: closed.target });
  });

  it.skipIf(skip)('sshd-on-port → not-rdp', async () => {
    peer = await startSshd();
    await probeAndCheck('sshd-on-port', { target: peer.target });
  });

  it('silent-listener (fake) → no-response', async () => {
    peer = await startTcpServer(() => {});
    await probeAndCheck('silent-listener', { target: peer.target, timeoutMs: 4000 });
  });
});
