// FAKE servers (what no real peer does on purpose): after a correct X.224 answer selecting CredSSP and a
// real TLS handshake, they misbehave at the CredSSP layer — huge lengths, garbage, silence, a drip — or
// refuse the logon with an NTSTATUS (Windows does; FreeRDP's shadow server cannot be made to).
import type net from 'node:net';
import type tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { credsspStep } from '../../electron/probe/credssp';
import { nlaCheckStep } from '../../electron/probe/nlaCheck';
import { encodeTsRequest } from '../../electron/probe/pdu/tsRequest';
import { drip, makeCert, type Peer } from '../peers';
import { fakeChallengeMessage, startFakeCredsspServer, stepContextFor } from '../support/fakeCredssp';

const CERT = makeCert({ cn: 'fake-credssp.local' });

const fakeCredsspServer = (behave: (s: tls.TLSSocket) => void) => startFakeCredsspServer(CERT, behave);
const challengeMessage = () => fakeChallengeMessage();
const ctxFor = (peer: Peer, ms = 3000, credentials?: { user: string; password: string }) =>
  stepContextFor(peer, ms, credentials);

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
});

describe('CredSSP against hostile fakes', () => {
  it('a TSRequest claiming 16 MiB is cut off with a named error', async () => {
    peer = await fakeCredsspServer((s) => s.write(Buffer.from('308401000000', 'hex')));
    const r = await credsspStep(ctxFor(peer));
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('CREDSSP_TOO_LARGE');
  });

  it('garbage instead of a TSRequest is named as such', async () => {
    peer = await fakeCredsspServer((s) => s.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const r = await credsspStep(ctxFor(peer));
    expect(r.error?.code).toBe('CREDSSP_NOT_TSREQUEST');
  });

  it('a TSRequest whose token is not an NTLM CHALLENGE is named as such', async () => {
    peer = await fakeCredsspServer((s) =>
      s.write(encodeTsRequest({ version: 6, negoTokens: [new Uint8Array(64).fill(0x41)] })),
    );
    const r = await credsspStep(ctxFor(peer));
    expect(r.error?.code).toBe('CREDSSP_BAD_CHALLENGE');
  });

  it('a server that never answers gives a timeout within the deadline, not a hang', async () => {
    peer = await fakeCredsspServer(() => {});
    const r = await credsspStep(ctxFor(peer, 1500));
    expect(r.error?.code).toBe('CREDSSP_TIMEOUT');
  });

  it('a server that drips its answer a byte at a time is cut off at the deadline', async () => {
    peer = await fakeCredsspServer((s) =>
      drip(s as unknown as net.Socket, encodeTsRequest({ version: 6, negoTokens: [challengeMessage()] }), 200),
    );
    const r = await credsspStep(ctxFor(peer, 1500));
    expect(r.error?.code).toBe('CREDSSP_TIMEOUT');
    expect(r.error?.message).toMatch(/bytes of a message/);
  });

  it('an NTSTATUS in errorCode after AUTHENTICATE becomes a named rejection', async () => {
    let round = 0;
    peer = await fakeCredsspServer((s) => {
      s.on('data', () => {
        round++;
        if (round === 1) s.write(encodeTsRequest({ version: 6, negoTokens: [challengeMessage()] }));
        else s.write(encodeTsRequest({ version: 6, negoTokens: [], errorCode: 0xc0000234 }));
      });
    });
    const r = await nlaCheckStep(ctxFor(peer, 3000, { user: 'FAKE\\bob', password: 'secret-pw' }));
    expect(r.facts?.outcome).toBe('rejected');
    expect(r.facts?.ntStatus).toBe('0xC0000234');
    expect(r.facts?.ntStatusName).toBe('STATUS_ACCOUNT_LOCKED_OUT');
    expect(r.facts?.reason).toMatch(/locked out/);
    expect(r.summary).toContain('STATUS_ACCOUNT_LOCKED_OUT');
  });

  it('a pubKeyAuth that does not verify is an error, never "accepted"', async () => {
    let round = 0;
    peer = await fakeCredsspServer((s) => {
      s.on('data', () => {
        round++;
        if (round === 1) s.write(encodeTsRequest({ version: 6, negoTokens: [challengeMessage()] }));
        else s.write(encodeTsRequest({ version: 6, negoTokens: [], pubKeyAuth: new Uint8Array(48).fill(7) }));
      });
    });
    const r = await nlaCheckStep(ctxFor(peer, 3000, { user: 'bob', password: 'secret-pw' }));
    expect(r.facts?.outcome).toBe('error');
    expect(r.error?.code).toBe('CREDSSP_PUBKEYAUTH_MISMATCH');
  });
});
