// FAKE servers (what no real peer does on purpose): after a correct X.224 answer selecting CredSSP and a
// real TLS handshake, they misbehave at the CredSSP layer — huge lengths, garbage, silence, a drip — or
// refuse the logon with an NTSTATUS (Windows does; FreeRDP's shadow server cannot be made to).
import type net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { credsspStep } from '../../electron/probe/credssp';
import { nlaCheckStep } from '../../electron/probe/nlaCheck';
import { encodeAvPairs, utf16le } from '../../electron/probe/pdu/ntlmAvPairs';
import { epochMsToFileTime } from '../../electron/probe/pdu/ntlmChallenge';
import { MsvAvNbComputerName, MsvAvNbDomainName, MsvAvTimestamp } from '../../electron/probe/pdu/ntlmConstants';
import { encodeTsRequest } from '../../electron/probe/pdu/tsRequest';
import type { StepContext } from '../../electron/probe/stepTypes';
import type { ProbeOptionsResolved } from '../../shared/probe';
import { drip, makeCert, type Peer, startTcpServer } from '../peers';

const CERT = makeCert({ cn: 'fake-credssp.local' });
// X.224 Connection Confirm with RDP_NEG_RSP selecting PROTOCOL_HYBRID (MS-RDPBCGR 2.2.1.2.1)
const CC_HYBRID = Buffer.from('030000130ed000001234000200080002000000', 'hex');

/** A fake that answers the X.224 request, upgrades to TLS and hands the TLS socket to `behave`. */
function fakeCredsspServer(behave: (s: tls.TLSSocket) => void): Promise<Peer> {
  return startTcpServer((socket: net.Socket) => {
    socket.once('data', () => {
      socket.write(CC_HYBRID);
      const t = new tls.TLSSocket(socket, { isServer: true, key: CERT.keyPem, cert: CERT.certPem });
      t.on('error', () => {});
      t.once('secure', () => behave(t));
    });
  });
}

function challengeMessage(): Uint8Array {
  const info = encodeAvPairs([
    { id: MsvAvNbDomainName, value: utf16le('FAKE') },
    { id: MsvAvNbComputerName, value: utf16le('FAKESRV') },
    { id: MsvAvTimestamp, value: epochMsToFileTime(Date.now()) },
  ]);
  const out = new Uint8Array(56 + info.length);
  const v = new DataView(out.buffer);
  out.set(Buffer.from('NTLMSSP\0', 'latin1'));
  v.setUint32(8, 2, true);
  v.setUint32(20, 0xe28a8235, true);
  out.set([9, 8, 7, 6, 5, 4, 3, 2], 24);
  v.setUint16(40, info.length, true);
  v.setUint32(44, 56, true);
  out.set([10, 0, 0x7c, 0x4f, 0, 0, 0, 15], 48);
  out.set(info, 56);
  return out;
}

function ctxFor(peer: Peer, ms = 3000, credentials?: { user: string; password: string }): StepContext {
  const options: ProbeOptionsResolved = { target: peer.target, timeoutMs: ms, stabilitySamples: 0, credentials };
  return {
    options,
    host: peer.host,
    port: peer.port,
    address: peer.host,
    signal: new AbortController().signal,
    deadline: Date.now() + ms,
    facts: {},
  };
}

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
