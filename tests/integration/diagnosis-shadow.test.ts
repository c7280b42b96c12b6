/**
 * The diagnosis against FreeRDP's shadow server with NLA (/sec:nla +auth): NLA required, CredSSP current, and
 * the credential check's verdict as findings. CAPTURED fixtures come from these runs.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { probeAndCheck } from '../fixtures/probe/probeAndCheck';
import { needPeers, type Peer, startShadow } from '../peers';

const { skip } = needPeers(['shadow'], 'diagnosis-shadow.test.ts');
const USER = { user: 'alice', password: 'Correct-Horse-9' };

describe.skipIf(skip)('diagnosis against FreeRDP shadow with NLA', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startShadow({ users: [USER] });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('shadow-nla: NLA required is context, not an error', async () => {
    await probeAndCheck('shadow-nla', { target: peer.target });
  });

  it('shadow-nla-wrong-password: the credential check is rejected', async () => {
    await probeAndCheck('shadow-nla-wrong-password', {
      target: peer.target,
      credentials: { user: USER.user, password: 'wrong-password' },
    });
  });

  it('shadow-nla-right-password: the credential check is accepted', async () => {
    await probeAndCheck('shadow-nla-right-password', { target: peer.target, credentials: USER });
  });
});
