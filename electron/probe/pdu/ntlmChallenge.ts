/**
 * MS-NLMP 2.2.1.2 CHALLENGE_MESSAGE: the server challenge plus what the server says about itself
 * (target info AV pairs, 2.2.2.1; product version, 2.2.2.10; its clock, MsvAvTimestamp).
 */
import { type AvPair, decodeAvPairs, fromUtf16le } from './ntlmAvPairs';
import {
  MsvAvDnsComputerName,
  MsvAvDnsDomainName,
  MsvAvDnsTreeName,
  MsvAvNbComputerName,
  MsvAvNbDomainName,
  MsvAvTimestamp,
  NTLMSSP_NEGOTIATE_UNICODE,
  NTLMSSP_NEGOTIATE_VERSION,
  NTLMSSP_SIGNATURE,
  NtLmChallenge,
} from './ntlmConstants';

export interface NtlmError {
  code: string;
  message: string;
  offset: number;
}
export type NtlmResult<T> = { ok: true; value: T } | { ok: false; error: NtlmError };

export interface NtlmProductVersion {
  major: number;
  minor: number;
  build: number;
  ntlmRevision: number;
}

export interface NtlmChallengeMessage {
  negotiateFlags: number;
  serverChallenge: Uint8Array;
  targetName: string | null;
  /** the raw TargetInfo bytes (echoed, amended, in the NTLMv2 response) */
  targetInfo: Uint8Array;
  avPairs: AvPair[];
  version: NtlmProductVersion | null;
  /** MsvAvTimestamp, FILETIME bytes as sent */
  timestamp: Uint8Array | null;
  /** the server clock from MsvAvTimestamp as epoch ms */
  serverTimeMs: number | null;
  netbiosComputer: string | null;
  netbiosDomain: string | null;
  dnsComputer: string | null;
  dnsDomain: string | null;
  dnsTree: string | null;
}

const CHALLENGE_MIN_BYTES = 48;
const CHALLENGE_WITH_VERSION_BYTES = 56;
/** 100 ns intervals between 1601-01-01 and 1970-01-01 */
const FILETIME_UNIX_EPOCH = 116444736000000000n;

const fail = <T>(code: string, message: string, offset: number): NtlmResult<T> => ({
  ok: false,
  error: { code, message, offset },
});

export function decodeNtlmChallenge(buf: Uint8Array): NtlmResult<NtlmChallengeMessage> {
  if (buf.length < CHALLENGE_MIN_BYTES) {
    return fail('NTLM_TRUNCATED', `a CHALLENGE needs ${CHALLENGE_MIN_BYTES} bytes, got ${buf.length}`, 0);
  }
  for (let i = 0; i < NTLMSSP_SIGNATURE.length; i++) {
    if (buf[i] !== NTLMSSP_SIGNATURE[i]) return fail('NTLM_BAD_SIGNATURE', 'not an NTLMSSP message', i);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  const type = view.getUint32(8, true);
  if (type !== NtLmChallenge) return fail('NTLM_UNEXPECTED_MESSAGE', `expected a CHALLENGE (2), got type ${type}`, 8);
  const negotiateFlags = view.getUint32(20, true);
  const unicode = (negotiateFlags & NTLMSSP_NEGOTIATE_UNICODE) !== 0;

  const name = payloadField(buf, view, 12, 'TargetName');
  if (!name.ok) return name;
  const info = payloadField(buf, view, 40, 'TargetInfo');
  if (!info.ok) return info;
  const pairs = decodeAvPairs(info.value);
  if (!pairs.ok) return fail(pairs.error.code, pairs.error.message, view.getUint32(44, true) + pairs.error.offset);

  let version: NtlmProductVersion | null = null;
  if (negotiateFlags & NTLMSSP_NEGOTIATE_VERSION && buf.length >= CHALLENGE_WITH_VERSION_BYTES) {
    version = { major: buf[48]!, minor: buf[49]!, build: view.getUint16(50, true), ntlmRevision: buf[55]! };
  }
  const av = (id: number): Uint8Array | undefined => pairs.value.find((p) => p.id === id)?.value;
  const avString = (id: number): string | null => {
    const v = av(id);
    return v ? fromUtf16le(v) : null;
  };
  const ts = av(MsvAvTimestamp);
  const timestamp = ts && ts.length === 8 ? ts : null;

  return {
    ok: true,
    value: {
      negotiateFlags,
      serverChallenge: buf.slice(24, 32),
      targetName:
        name.value.length === 0 ? null : unicode ? fromUtf16le(name.value) : Buffer.from(name.value).toString('latin1'),
      targetInfo: info.value,
      avPairs: pairs.value,
      version,
      timestamp,
      serverTimeMs: timestamp ? fileTimeToEpochMs(timestamp) : null,
      netbiosComputer: avString(MsvAvNbComputerName),
      netbiosDomain: avString(MsvAvNbDomainName),
      dnsComputer: avString(MsvAvDnsComputerName),
      dnsDomain: avString(MsvAvDnsDomainName),
      dnsTree: avString(MsvAvDnsTreeName),
    },
  };
}

/** A FILETIME (LE, 100 ns since 1601) as epoch ms; null when outside what a Date can hold. */
export function fileTimeToEpochMs(ft: Uint8Array): number | null {
  const v = new DataView(ft.buffer, ft.byteOffset, 8).getBigUint64(0, true);
  const ms = Number((v - FILETIME_UNIX_EPOCH) / 10000n);
  return Math.abs(ms) <= 8.64e15 ? ms : null;
}

export function epochMsToFileTime(ms: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(Math.round(ms)) * 10000n + FILETIME_UNIX_EPOCH, true);
  return out;
}

/** 2.2.1 "Fields": Len(2) MaxLen(2) BufferOffset(4) pointing into the message. */
function payloadField(buf: Uint8Array, view: DataView, at: number, what: string): NtlmResult<Uint8Array> {
  const len = view.getUint16(at, true);
  const offset = view.getUint32(at + 4, true);
  if (len === 0) return { ok: true, value: new Uint8Array(0) };
  if (offset + len > buf.length) {
    return fail('NTLM_FIELD_OUT_OF_BOUNDS', `${what} (${len} bytes at ${offset}) lies past the end of the message`, at);
  }
  return { ok: true, value: buf.slice(offset, offset + len) };
}

/** "major.minor.build" */
export const formatProductVersion = (v: NtlmProductVersion): string => `${v.major}.${v.minor}.${v.build}`;
