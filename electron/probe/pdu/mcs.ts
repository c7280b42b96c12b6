/**
 * MCS Connect-Initial and Connect-Response (T.125 section 11.1/11.2, BER encoded), as RDP uses them in
 * MS-RDPBCGR 2.2.1.3 and 2.2.1.4: the Initial carries the GCC Conference Create Request in its userData,
 * the Response carries the result and the GCC Conference Create Response. Only what RDP uses is handled.
 */
import { hex, type PduResult, pduFail, pduOk } from './pduResult';

// T.125 BER application tags (high tag number form: 0x7F then the number)
const TAG_CONNECT_INITIAL = 101;
const TAG_CONNECT_RESPONSE = 102;
const BER_OCTET_STRING = 0x04;
const BER_BOOLEAN = 0x01;
const BER_INTEGER = 0x02;
const BER_ENUMERATED = 0x0a;
const BER_SEQUENCE = 0x30;

/** T.125 Result: rt-successful and the rest by name (T.125 section 7, Result) */
export const MCS_RESULT_NAMES = [
  'rt-successful',
  'rt-domain-merging',
  'rt-domain-not-hierarchical',
  'rt-no-such-channel',
  'rt-no-such-domain',
  'rt-no-such-user',
  'rt-not-admitted',
  'rt-other-user-id',
  'rt-parameters-unacceptable',
  'rt-token-not-available',
  'rt-token-not-possessed',
  'rt-too-many-channels',
  'rt-too-many-tokens',
  'rt-too-many-users',
  'rt-unspecified-failure',
  'rt-user-rejected',
];

export function berLength(n: number): number[] {
  if (n < 0x80) return [n];
  if (n < 0x100) return [0x81, n];
  return [0x82, n >> 8, n & 0xff];
}

function berInteger(n: number): number[] {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return [BER_INTEGER, bytes.length, ...bytes];
}

function domainParameters(values: number[]): number[] {
  const body = values.flatMap(berInteger);
  return [BER_SEQUENCE, ...berLength(body.length), ...body];
}

/**
 * The domain parameters every RDP client sends (target, minimum, maximum), in T.125 DomainParameters order:
 * maxChannelIds, maxUserIds, maxTokenIds, numPriorities, minThroughput, maxHeight, maxMCSPDUsize, protocolVersion.
 */
const TARGET_PARAMS = [34, 2, 0, 1, 0, 1, 0xffff, 2];
const MINIMUM_PARAMS = [1, 1, 1, 1, 0, 1, 0x420, 2];
const MAXIMUM_PARAMS = [0xffff, 0xfc17, 0xffff, 1, 0, 1, 0xffff, 2];

export function encodeMcsConnectInitial(userData: Uint8Array): Uint8Array {
  const body = [
    ...[BER_OCTET_STRING, 1, 1], // callingDomainSelector
    ...[BER_OCTET_STRING, 1, 1], // calledDomainSelector
    ...[BER_BOOLEAN, 1, 0xff], // upwardFlag
    ...domainParameters(TARGET_PARAMS),
    ...domainParameters(MINIMUM_PARAMS),
    ...domainParameters(MAXIMUM_PARAMS),
    BER_OCTET_STRING,
    ...berLength(userData.length),
  ];
  const contentLength = body.length + userData.length;
  const head = [0x7f, TAG_CONNECT_INITIAL, ...berLength(contentLength)];
  const out = new Uint8Array(head.length + contentLength);
  out.set(head, 0);
  out.set(body, head.length);
  out.set(userData, head.length + body.length);
  return out;
}

interface Tlv {
  contentStart: number;
  end: number;
}

function readBerTlv(buf: Uint8Array, offset: number, expect: number[], limit: number): PduResult<Tlv> {
  for (let i = 0; i < expect.length; i++) {
    if (offset + i >= limit) return pduFail('MCS_TRUNCATED', 'the MCS PDU ends inside a tag', offset + i);
    if (buf[offset + i] !== expect[i]) {
      return pduFail(
        'MCS_UNEXPECTED_TAG',
        `expected BER tag ${expect.map((b) => hex(b)).join(' ')}, got ${hex(buf[offset + i]!)}`,
        offset + i,
      );
    }
  }
  let p = offset + expect.length;
  if (p >= limit) return pduFail('MCS_TRUNCATED', 'the MCS PDU ends before a length', p);
  const first = buf[p++]!;
  let length = first;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 2) return pduFail('MCS_BAD_LENGTH', `unsupported BER length form ${hex(first)}`, p - 1);
    if (p + n > limit) return pduFail('MCS_TRUNCATED', 'the MCS PDU ends inside a length', p);
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + buf[p++]!;
  }
  if (p + length > limit) return pduFail('MCS_TRUNCATED', `BER length ${length} runs past the end of the PDU`, p);
  return pduOk({ contentStart: p, end: p + length });
}

function readUnsigned(buf: Uint8Array, tlv: Tlv): number {
  let v = 0;
  for (let i = tlv.contentStart; i < tlv.end; i++) v = v * 256 + buf[i]!;
  return v;
}

export interface McsConnectResponse {
  result: number;
  resultName: string;
  /** the GCC Conference Create Response (PER), empty when the result is a failure without user data */
  userData: Uint8Array;
}

/** Decodes an MCS Connect-Response (the payload of an X.224 Data TPDU). */
export function decodeMcsConnectResponse(buf: Uint8Array): PduResult<McsConnectResponse> {
  const outer = readBerTlv(buf, 0, [0x7f, TAG_CONNECT_RESPONSE], buf.length);
  if (!outer.ok) {
    if (outer.error.code === 'MCS_UNEXPECTED_TAG') {
      return pduFail('MCS_NOT_CONNECT_RESPONSE', 'the reply is not an MCS Connect-Response', outer.error.offset);
    }
    return outer;
  }
  const limit = outer.value.end;
  const result = readBerTlv(buf, outer.value.contentStart, [BER_ENUMERATED], limit);
  if (!result.ok) return result;
  if (result.value.end - result.value.contentStart !== 1) {
    return pduFail('MCS_BAD_RESULT', 'the MCS result is not one byte', result.value.contentStart);
  }
  const code = readUnsigned(buf, result.value);
  const resultName = MCS_RESULT_NAMES[code] ?? `rt-unknown-${code}`;
  const connectId = readBerTlv(buf, result.value.end, [BER_INTEGER], limit);
  if (!connectId.ok) return connectId;
  const params = readBerTlv(buf, connectId.value.end, [BER_SEQUENCE], limit);
  if (!params.ok) return params;
  if (params.value.end >= limit && code !== 0) return pduOk({ result: code, resultName, userData: new Uint8Array(0) });
  const userData = readBerTlv(buf, params.value.end, [BER_OCTET_STRING], limit);
  if (!userData.ok) return userData;
  return pduOk({ result: code, resultName, userData: buf.subarray(userData.value.contentStart, userData.value.end) });
}
