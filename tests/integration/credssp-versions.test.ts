// FAKE CredSSP servers speaking TSRequest versions 2–6 (the shadow server only speaks 6): a small NTLM
// acceptor built here from the MS-NLMP formulas checks our AUTHENTICATE and pubKeyAuth the way a Windows
// server does, answers per version (v2–v4: public key + 1; v5+: Server-To-Client hash over our nonce), and
// records everything we send — so the test can also prove we never send TSCredentials (authInfo).
import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { nlaCheckStep } from '../../electron/probe/nlaCheck';
import { hmacMd5, ntowfv2 } from '../../electron/probe/ntlm/ntlmv2';
import { clientPubKeyAuthPlaintext, expectedServerPubKeyAuth } from '../../electron/probe/ntlm/pubKeyAuth';
import { rc4 } from '../../electron/probe/ntlm/rc4';
import { NtlmSealer } from '../../electron/probe/ntlm/sealing';
import { deriveSessionKeys } from '../../electron/probe/ntlm/sessionKeys';
import { subjectPublicKeyFromCertificate } from '../../electron/probe/pdu/berSubjectPublicKey';
import { decodeTsRequest, encodeTsRequest, type TsRequest } from '../../electron/probe/pdu/tsRequest';
import { makeCert, type Peer } from '../peers';
import { fakeChallengeMessage, startFakeCredsspServer, stepContextFor } from '../support/fakeCredssp';

const CERT = makeCert({ cn: 'fake-ntlm.local' });
const SPK = (() => {
  const r = subjectPublicKeyFromCertificate(new Uint8Array(new X509Certificate(CERT.certPem).raw));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
})();
const SERVER_CHALLENGE = Uint8Array.of(1, 3, 5, 7, 9, 11, 13, 15);
const PASSWORD = 'Fake-Server-Pw1';

function field(msg: Uint8Array, at: number): Uint8Array {
  const v = new DataView(msg.buffer, msg.byteOffset);
  const off = v.getUint32(at + 4, true);
  return msg.subarray(off, off + v.getUint16(at, true));
}

/** The acceptor: returns the TSRequest to answer the client's second message with, or null to close. */
function accept(version: number, req: TsRequest): Uint8Array | null {
  const auth = req.negoTokens[0]!;
  const nt = field(auth, 20);
  const user = Buffer.from(field(auth, 36)).toString('utf16le');
  const domain = Buffer.from(field(auth, 28)).toString('utf16le');
  const key = ntowfv2(PASSWORD, user, domain);
  const proof = hmacMd5(key, SERVER_CHALLENGE, nt.subarray(16));
  if (user !== 'bob' || Buffer.compare(proof, nt.subarray(0, 16)) !== 0) {
    return version >= 3 ? encodeTsRequest({ version, negoTokens: [], errorCode: 0xc000006d }) : null;
  }
  const esk = rc4(hmacMd5(key, proof), field(auth, 52));
  const keys = deriveSessionKeys(esk);
  const fromClient = new NtlmSealer(keys.clientSigningKey, keys.clientSealingKey);
  const toClient = new NtlmSealer(keys.serverSigningKey, keys.serverSealingKey);
  const nonce = req.clientNonce ?? new Uint8Array(0);
  const got = fromClient.unseal(req.pubKeyAuth!.subarray(0, 16), req.pubKeyAuth!.subarray(16));
  const want = clientPubKeyAuthPlaintext(version, SPK, nonce);
  if (!got || Buffer.compare(got, want) !== 0) return null;
  const { signature, sealed } = toClient.seal(expectedServerPubKeyAuth(version, SPK, nonce));
  return encodeTsRequest({ version, negoTokens: [], pubKeyAuth: Buffer.concat([signature, sealed]) });
}

function fakeServer(version: number, seen: TsRequest[]): Promise<Peer> {
  return startFakeCredsspServer(CERT, (t) => {
    let buf = Buffer.alloc(0);
    t.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const req = decodeTsRequest(buf);
      if (!req.ok) return; // wait for the rest
      buf = Buffer.alloc(0);
      seen.push(req.value);
      if (seen.length === 1)
        t.write(encodeTsRequest({ version, negoTokens: [fakeChallengeMessage(SERVER_CHALLENGE)] }));
      else if (seen.length === 2) {
        const answer = accept(version, req.value);
        if (answer) t.write(answer);
        else t.destroy();
      }
    });
  });
}

const ctxFor = (peer: Peer, user: string, password: string) => stepContextFor(peer, 5000, { user, password });

let peer: Peer | undefined;
afterEach(async () => {
  await peer?.stop();
  peer = undefined;
});

describe('CredSSP versions 2–6 against a fake NTLM acceptor', () => {
  for (const version of [2, 3, 4, 5, 6]) {
    it(`v${version}: the right password is accepted and TSCredentials are never sent`, async () => {
      const seen: TsRequest[] = [];
      peer = await fakeServer(version, seen);
      const r = await nlaCheckStep(ctxFor(peer, 'FAKE\\bob', PASSWORD));
      expect(r.facts?.outcome, r.facts?.reason).toBe('accepted');
      expect(r.facts?.credsspVersion).toBe(version);
      expect(seen).toHaveLength(2);
      expect(seen.every((m) => m.authInfo === undefined)).toBe(true);
      // the nonce goes with the hash (v5+) and only then
      expect(seen[1]!.clientNonce?.length).toBe(version >= 5 ? 32 : undefined);
    });
  }

  it('v3+: a wrong password comes back as a named NTSTATUS', async () => {
    peer = await fakeServer(3, []);
    const r = await nlaCheckStep(ctxFor(peer, 'FAKE\\bob', 'not-the-password'));
    expect(r.facts?.outcome).toBe('rejected');
    expect(r.facts?.ntStatusName).toBe('STATUS_LOGON_FAILURE');
    expect(r.facts?.ntStatus).toBe('0xC000006D');
  });

  it('v2: a wrong password ends in a close, reported as a rejection with that evidence', async () => {
    peer = await fakeServer(2, []);
    const r = await nlaCheckStep(ctxFor(peer, 'FAKE\\bob', 'not-the-password'));
    expect(r.facts?.outcome).toBe('rejected');
    expect(r.facts?.ntStatus).toBeNull();
    expect(r.facts?.reason).toMatch(/closed|reset/);
  });
});
