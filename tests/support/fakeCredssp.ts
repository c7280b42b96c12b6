/**
 * FAKE CredSSP servers for what no real peer here does (other TSRequest versions, NTSTATUS replies,
 * hostile framing): the X.224 answer selecting CredSSP, a real TLS upgrade, then the test's own behaviour.
 * Shared by tests/integration/credssp-*.test.ts.
 */
import tls from 'node:tls';
import { encodeAvPairs, utf16le } from '../../electron/probe/pdu/ntlmAvPairs';
import { epochMsToFileTime } from '../../electron/probe/pdu/ntlmChallenge';
import { MsvAvNbComputerName, MsvAvNbDomainName, MsvAvTimestamp } from '../../electron/probe/pdu/ntlmConstants';
import type { StepContext } from '../../electron/probe/stepTypes';
import type { ProbeOptionsResolved } from '../../shared/probe';
import { type Peer, startTcpServer, type TestCert } from '../peers';

/** X.224 Connection Confirm with RDP_NEG_RSP selecting PROTOCOL_HYBRID (MS-RDPBCGR 2.2.1.2.1). */
export const CC_HYBRID = Buffer.from('030000130ed000001234000200080002000000', 'hex');

/** Answers the X.224 request with CC_HYBRID, upgrades to TLS with `cert`, then hands the TLS socket on. */
export function startFakeCredsspServer(cert: TestCert, behave: (s: tls.TLSSocket) => void): Promise<Peer> {
  return startTcpServer((socket) => {
    socket.once('data', () => {
      socket.write(CC_HYBRID);
      const t = new tls.TLSSocket(socket, { isServer: true, key: cert.keyPem, cert: cert.certPem });
      t.on('error', () => {});
      t.once('secure', () => behave(t));
    });
  });
}

/** An NTLM CHALLENGE (MS-NLMP 2.2.1.2) from "FAKE\FAKESRV", version 10.0.15 build, with a timestamp. */
export function fakeChallengeMessage(serverChallenge: Uint8Array = Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2)): Uint8Array {
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
  out.set(serverChallenge, 24);
  v.setUint16(40, info.length, true);
  v.setUint32(44, 56, true);
  out.set([10, 0, 0x7c, 0x4f, 0, 0, 0, 15], 48);
  out.set(info, 56);
  return out;
}

/** A step context aimed at `peer`, as the runner would build it after the TCP step. */
export function stepContextFor(peer: Peer, ms: number, credentials?: { user: string; password: string }): StepContext {
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
