import { describe, expect, it } from 'vitest';
import { buildNtlmAuthenticate, splitAccount } from '../../../../electron/probe/ntlm/ntlmClient';
import { hmacMd5, ntowfv2 } from '../../../../electron/probe/ntlm/ntlmv2';
import { describeNtStatus, formatNtStatus } from '../../../../electron/probe/ntlm/ntStatus';
import { clientPubKeyAuthPlaintext, expectedServerPubKeyAuth } from '../../../../electron/probe/ntlm/pubKeyAuth';
import { rc4 } from '../../../../electron/probe/ntlm/rc4';
import { decodeAvPairs, encodeAvPairs, utf16le } from '../../../../electron/probe/pdu/ntlmAvPairs';
import { decodeNtlmChallenge, epochMsToFileTime } from '../../../../electron/probe/pdu/ntlmChallenge';
import {
  MsvAvChannelBindings,
  MsvAvFlags,
  MsvAvNbComputerName,
  MsvAvTargetName,
  MsvAvTimestamp,
} from '../../../../electron/probe/pdu/ntlmConstants';
import { encodeNtlmNegotiate } from '../../../../electron/probe/pdu/ntlmNegotiate';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const TIMESTAMP = epochMsToFileTime(Date.UTC(2026, 0, 2, 3, 4, 5));

function challengeWithTimestamp(flags = 0xe2898235): Uint8Array {
  const info = encodeAvPairs([
    { id: MsvAvNbComputerName, value: utf16le('SRV') },
    { id: MsvAvTimestamp, value: TIMESTAMP },
  ]);
  const out = new Uint8Array(56 + info.length);
  const v = new DataView(out.buffer);
  out.set(Buffer.from('NTLMSSP\0', 'latin1'));
  v.setUint32(8, 2, true);
  v.setUint32(20, flags, true);
  out.set(hex('0123456789abcdef'), 24);
  v.setUint16(40, info.length, true);
  v.setUint32(44, 56, true);
  out.set([6, 1, 0xb1, 0x1d, 0, 0, 0, 15], 48);
  out.set(info, 56);
  return out;
}

function field(msg: Uint8Array, at: number): Uint8Array {
  const v = new DataView(msg.buffer, msg.byteOffset);
  const off = v.getUint32(at + 4, true);
  return msg.subarray(off, off + v.getUint16(at, true));
}

describe('NTLM client (MS-NLMP 3.1.5.1.2)', () => {
  it('with a server timestamp: Z(24) LM response, echoed time, MIC flag, and a MIC that verifies', () => {
    const negotiate = encodeNtlmNegotiate();
    const challengeBytes = challengeWithTimestamp();
    const challenge = decodeNtlmChallenge(challengeBytes);
    if (!challenge.ok) throw new Error(challenge.error.message);
    const esk = hex('00112233445566778899aabbccddeeff');
    const out = buildNtlmAuthenticate({
      account: 'CORP\\bob',
      password: 'pw',
      negotiate,
      challengeBytes,
      challenge: challenge.value,
      spn: 'TERMSRV/srv.example',
      fixed: { clientChallenge: hex('1122334455667788'), exportedSessionKey: esk.slice() },
    });
    if (!out.ok) throw new Error(out.error.message);
    const msg = out.value.authenticate;
    expect(toHex(field(msg, 12))).toBe('00'.repeat(24));
    const nt = field(msg, 20);
    expect(toHex(nt.subarray(24, 32))).toBe(toHex(TIMESTAMP)); // the server's clock, not ours
    const pairs = decodeAvPairs(nt.subarray(44));
    if (!pairs.ok) throw new Error('pairs');
    const flags = pairs.value.find((p) => p.id === MsvAvFlags)!.value;
    expect(flags[0]! & 2).toBe(2);
    expect(pairs.value.find((p) => p.id === MsvAvChannelBindings)?.value.length).toBe(16);
    expect(Buffer.from(pairs.value.find((p) => p.id === MsvAvTargetName)!.value).toString('utf16le')).toBe(
      'TERMSRV/srv.example',
    );
    // What a server does: recompute the keys from the password and check the MIC.
    const key = ntowfv2('pw', 'bob', 'CORP');
    const ntProofStr = hmacMd5(key, challenge.value.serverChallenge, nt.subarray(16));
    expect(toHex(nt.subarray(0, 16))).toBe(toHex(ntProofStr));
    const sessionBaseKey = hmacMd5(key, ntProofStr);
    expect(toHex(rc4(sessionBaseKey, field(msg, 52)))).toBe(toHex(esk));
    const zeroed = msg.slice();
    zeroed.fill(0, 72, 88);
    expect(toHex(msg.subarray(72, 88))).toBe(toHex(hmacMd5(esk, negotiate, challengeBytes, zeroed)));
  });

  it('refuses a server without extended session security or 128-bit sealing', () => {
    const bytes = challengeWithTimestamp(0x00000201);
    const c = decodeNtlmChallenge(bytes);
    if (!c.ok) throw new Error('decode');
    const out = buildNtlmAuthenticate({
      account: 'u',
      password: 'p',
      negotiate: encodeNtlmNegotiate(),
      challengeBytes: bytes,
      challenge: c.value,
    });
    expect(out.ok ? null : out.error.code).toBe('NTLM_WEAK_SERVER');
  });

  it('splits DOMAIN\\user; keeps a UPN whole with no domain', () => {
    expect(splitAccount('CORP\\alice')).toEqual({ user: 'alice', domain: 'CORP' });
    expect(splitAccount('alice@corp.example')).toEqual({ user: 'alice@corp.example', domain: '' });
    expect(splitAccount('alice')).toEqual({ user: 'alice', domain: '' });
  });
});

describe('CredSSP pubKeyAuth (MS-CSSP 3.1.5)', () => {
  const key = hex('3082010a0282010100c0ffee');
  const nonce = new Uint8Array(32).fill(7);
  it('v2–v4 echo the key; the server answers with the first byte plus one', () => {
    expect(toHex(clientPubKeyAuthPlaintext(4, key, nonce))).toBe(toHex(key));
    expect(toHex(expectedServerPubKeyAuth(2, key, nonce))).toBe(`31${toHex(key).slice(2)}`);
  });
  it('v5+ hash the nonce and key, with a different magic each way', () => {
    const c = clientPubKeyAuthPlaintext(6, key, nonce);
    const s = expectedServerPubKeyAuth(5, key, nonce);
    expect(c.length).toBe(32);
    expect(s.length).toBe(32);
    expect(toHex(c)).not.toBe(toHex(s));
    expect(toHex(clientPubKeyAuthPlaintext(5, key, new Uint8Array(32)))).not.toBe(toHex(c));
  });
});

describe('NTSTATUS names', () => {
  it('names and explains the statuses a logon can fail with', () => {
    for (const [code, name] of [
      [0xc000006d, 'STATUS_LOGON_FAILURE'],
      [0xc0000234, 'STATUS_ACCOUNT_LOCKED_OUT'],
      [0xc0000072, 'STATUS_ACCOUNT_DISABLED'],
      [0xc0000071, 'STATUS_PASSWORD_EXPIRED'],
      [0xc0000224, 'STATUS_PASSWORD_MUST_CHANGE'],
      [0xc000006f, 'STATUS_INVALID_LOGON_HOURS'],
      [0xc0000070, 'STATUS_INVALID_WORKSTATION'],
      [0xc000006e, 'STATUS_ACCOUNT_RESTRICTION'],
      [0xc0000418, 'STATUS_NTLM_BLOCKED'],
    ] as const) {
      expect(describeNtStatus(code).name).toBe(name);
      expect(describeNtStatus(code).reason.length).toBeGreaterThan(20);
    }
    expect(describeNtStatus(-1073741715).name).toBe('STATUS_LOGON_FAILURE'); // signed form
    expect(formatNtStatus(0xc000006d)).toBe('0xC000006D');
    expect(describeNtStatus(0xc0001234).name).toBe('NTSTATUS 0xC0001234');
  });
});
