// Known-answer tests from MS-NLMP 4.2.4 (NTLMv2 Authentication): User "User", UserDom "Domain",
// Passwd "Password", ServerChallenge 0123456789abcdef, ClientChallenge aa*8, Time 0, RandomSessionKey 55*16.
import { describe, expect, it } from 'vitest';
import { md4 } from '../../../../electron/probe/ntlm/md4';
import { buildNtlmAuthenticate } from '../../../../electron/probe/ntlm/ntlmClient';
import { ntlmv2Response, ntowfv2 } from '../../../../electron/probe/ntlm/ntlmv2';
import { rc4 } from '../../../../electron/probe/ntlm/rc4';
import { NtlmSealer } from '../../../../electron/probe/ntlm/sealing';
import { deriveSessionKeys } from '../../../../electron/probe/ntlm/sessionKeys';
import { encodeAvPairs, utf16le } from '../../../../electron/probe/pdu/ntlmAvPairs';
import { decodeNtlmChallenge } from '../../../../electron/probe/pdu/ntlmChallenge';
import { MsvAvNbComputerName, MsvAvNbDomainName } from '../../../../electron/probe/pdu/ntlmConstants';
import { encodeNtlmNegotiate } from '../../../../electron/probe/pdu/ntlmNegotiate';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const SERVER_CHALLENGE = hex('0123456789abcdef');
const CLIENT_CHALLENGE = hex('aaaaaaaaaaaaaaaa');
const RANDOM_SESSION_KEY = hex('55555555555555555555555555555555');
const TIME = new Uint8Array(8);
// 4.2.4: AV pair 1 NetBIOS domain "Domain", AV pair 2 NetBIOS server "Server", as they appear on the wire
const TARGET_INFO = encodeAvPairs([
  { id: MsvAvNbDomainName, value: utf16le('Domain') },
  { id: MsvAvNbComputerName, value: utf16le('Server') },
]);

/** The 4.2.4 CHALLENGE (flags 0xe28a8233), built from its parts. */
function challengeMessage(): Uint8Array {
  const name = utf16le('Domain');
  const out = new Uint8Array(56 + name.length + TARGET_INFO.length);
  const v = new DataView(out.buffer);
  out.set(Buffer.from('NTLMSSP\0', 'latin1'), 0);
  v.setUint32(8, 2, true);
  v.setUint16(12, name.length, true);
  v.setUint16(14, name.length, true);
  v.setUint32(16, 56, true);
  v.setUint32(20, 0xe28a8233, true);
  out.set(SERVER_CHALLENGE, 24);
  v.setUint16(40, TARGET_INFO.length, true);
  v.setUint16(42, TARGET_INFO.length, true);
  v.setUint32(44, 56 + name.length, true);
  out.set([6, 0, 0x70, 0x17, 0, 0, 0, 15], 48);
  out.set(name, 56);
  out.set(TARGET_INFO, 56 + name.length);
  return out;
}

describe('MS-NLMP 4.2.4 known answers', () => {
  it('MD4 of the UTF-16 password is the NT hash (4.2.2.1.2)', () => {
    expect(toHex(md4(utf16le('Password')))).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });

  it('NTOWFv2 (4.2.4.1.1)', () => {
    expect(toHex(ntowfv2('Password', 'User', 'Domain'))).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('NTLMv2 response, LMv2 response and session base key (4.2.4.1.2, 4.2.4.2.1, 4.2.4.2.2)', () => {
    const key = ntowfv2('Password', 'User', 'Domain');
    const r = ntlmv2Response(key, SERVER_CHALLENGE, CLIENT_CHALLENGE, TIME, TARGET_INFO);
    expect(toHex(r.ntProofStr)).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(toHex(r.lmChallengeResponse)).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(toHex(r.sessionBaseKey)).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
    // temp = 0101 Z(6) Time ClientChallenge Z(4) ServerName Z(4)
    expect(toHex(r.ntChallengeResponse.subarray(16, 44))).toBe(
      `0101000000000000${'00'.repeat(8)}${'aa'.repeat(8)}00000000`,
    );
    expect(r.ntChallengeResponse.length).toBe(16 + 28 + TARGET_INFO.length + 4);
  });

  it('encrypted random session key (4.2.4.2.3)', () => {
    expect(toHex(rc4(hex('8de40ccadbc14a82f15cb0ad0de95ca3'), RANDOM_SESSION_KEY))).toBe(
      'c5dad2544fc9799094ce1ce90bc9d03e',
    );
  });

  it('sealing and signing keys, sealed data and signature (4.2.4.4)', () => {
    const keys = deriveSessionKeys(RANDOM_SESSION_KEY);
    expect(toHex(keys.clientSealingKey)).toBe('59f600973cc4960a25480a7c196e4c58');
    expect(toHex(keys.clientSigningKey)).toBe('4788dc861b4782f35d43fd98fe1a2d39');
    const sealer = new NtlmSealer(keys.clientSigningKey, keys.clientSealingKey);
    const { sealed, signature } = sealer.seal(utf16le('Plaintext'));
    expect(toHex(sealed)).toBe('54e50165bf1936dc996020c1811b0f06fb5f');
    expect(toHex(signature)).toBe('010000007fb38ec5c55d497600000000');
    // the receiving side with the same keys gets the plaintext back and accepts the signature
    const fresh = deriveSessionKeys(RANDOM_SESSION_KEY);
    const receiver = new NtlmSealer(fresh.clientSigningKey, fresh.clientSealingKey);
    expect(Buffer.from(receiver.unseal(signature, sealed)!).toString('utf16le')).toBe('Plaintext');
  });

  it('a tampered sealed message fails the signature check', () => {
    const keys = deriveSessionKeys(RANDOM_SESSION_KEY);
    const { sealed, signature } = new NtlmSealer(keys.clientSigningKey, keys.clientSealingKey).seal(
      utf16le('Plaintext'),
    );
    sealed[0]! ^= 1;
    const fresh = deriveSessionKeys(RANDOM_SESSION_KEY);
    expect(new NtlmSealer(fresh.clientSigningKey, fresh.clientSealingKey).unseal(signature, sealed)).toBeNull();
  });

  it('the AUTHENTICATE message carries the 4.2.4.3 responses and session key', () => {
    const challengeBytes = challengeMessage();
    const challenge = decodeNtlmChallenge(challengeBytes);
    if (!challenge.ok) throw new Error(challenge.error.message);
    expect(challenge.value.netbiosDomain).toBe('Domain');
    expect(challenge.value.netbiosComputer).toBe('Server');
    expect(challenge.value.targetName).toBe('Domain');
    const out = buildNtlmAuthenticate({
      account: 'Domain\\User',
      password: 'Password',
      negotiate: encodeNtlmNegotiate(),
      challengeBytes,
      challenge: challenge.value,
      fixed: { clientChallenge: CLIENT_CHALLENGE, exportedSessionKey: RANDOM_SESSION_KEY.slice(), time: TIME },
    });
    if (!out.ok) throw new Error(out.error.message);
    const msg = out.value.authenticate;
    const v = new DataView(msg.buffer);
    const field = (at: number) =>
      msg.subarray(v.getUint32(at + 4, true), v.getUint32(at + 4, true) + v.getUint16(at, true));
    expect(toHex(field(12))).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa'); // no timestamp: LMv2
    expect(toHex(field(20).subarray(0, 16))).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(Buffer.from(field(28)).toString('utf16le')).toBe('Domain');
    expect(Buffer.from(field(36)).toString('utf16le')).toBe('User');
    expect(toHex(field(52))).toBe('c5dad2544fc9799094ce1ce90bc9d03e');
    expect(toHex(msg.subarray(72, 88))).toBe('00'.repeat(16)); // no MsvAvTimestamp → no MIC
    // and its client sealer is the 4.2.4.4 one
    expect(toHex(out.value.client.seal(utf16le('Plaintext')).signature)).toBe('010000007fb38ec5c55d497600000000');
  });
});
