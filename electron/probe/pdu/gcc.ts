/**
 * GCC Conference Create Request/Response (T.124, PER encoded) wrapping the RDP client and server data
 * blocks (MS-RDPBCGR 2.2.1.3.1 and 2.2.1.4.1). RDP uses one fixed shape: the T.124 object identifier
 * {0 0 20 124 0 1}, one user data set keyed by the H.221 non-standard key "Duca" (client) / "McDn" (server).
 */
import { hex, type PduResult, pduFail, pduOk } from './pduResult';

/** Key choice "object" (0), length 5, the T.124 identifier {itu-t recommendation t 124 version(0) 1} */
const T124_IDENTIFIER = [0x00, 0x05, 0x00, 0x14, 0x7c, 0x00, 0x01];
/**
 * ConferenceCreateRequest up to its user data: choice, conference name "1", no password, lockedConference
 * and friends false, terminationMethod automatic, one user data set with an H.221 key of 4 bytes "Duca".
 */
const CREATE_REQUEST_HEAD = [0x00, 0x08, 0x00, 0x10, 0x00, 0x01, 0xc0, 0x00, 0x44, 0x75, 0x63, 0x61];
const H221_SERVER_KEY = 'McDn';

export function perLength(n: number): number[] {
  if (n < 0x80) return [n];
  if (n > 0x3fff) throw new RangeError(`PER length ${n} needs fragmentation`);
  return [0x80 | (n >> 8), n & 0xff];
}

export function encodeGccConferenceCreateRequest(clientData: Uint8Array): Uint8Array {
  const dataLen = perLength(clientData.length);
  const pdu = [...CREATE_REQUEST_HEAD, ...dataLen];
  const connectPduLength = pdu.length + clientData.length;
  const head = [...T124_IDENTIFIER, ...perLength(connectPduLength), ...pdu];
  const out = new Uint8Array(head.length + clientData.length);
  out.set(head, 0);
  out.set(clientData, head.length);
  return out;
}

function readPerLength(buf: Uint8Array, p: number): PduResult<{ length: number; next: number }> {
  if (p >= buf.length) return pduFail('GCC_TRUNCATED', 'the GCC PDU ends before a length', p);
  const first = buf[p]!;
  if ((first & 0x80) === 0) return pduOk({ length: first, next: p + 1 });
  if ((first & 0xc0) === 0xc0) return pduFail('GCC_FRAGMENTED', 'fragmented PER lengths are not used by RDP', p);
  if (p + 1 >= buf.length) return pduFail('GCC_TRUNCATED', 'the GCC PDU ends inside a length', p);
  return pduOk({ length: ((first & 0x3f) << 8) | buf[p + 1]!, next: p + 2 });
}

/** The server data blocks inside a GCC Conference Create Response. */
export function decodeGccConferenceCreateResponse(buf: Uint8Array): PduResult<Uint8Array> {
  const r = decodeResponse(buf);
  // a skipped field can point past the end: report where the data ran out
  if (!r.ok && r.error.offset > buf.length) return pduFail(r.error.code, r.error.message, buf.length);
  return r;
}

function decodeResponse(buf: Uint8Array): PduResult<Uint8Array> {
  for (let i = 0; i < T124_IDENTIFIER.length; i++) {
    if (buf[i] !== T124_IDENTIFIER[i]) {
      if (i >= buf.length) return pduFail('GCC_TRUNCATED', 'the GCC PDU ends inside the T.124 identifier', i);
      return pduFail('GCC_BAD_IDENTIFIER', `not a T.124 ConnectData (byte ${hex(buf[i]!)})`, i);
    }
  }
  const connectLen = readPerLength(buf, T124_IDENTIFIER.length);
  if (!connectLen.ok) return connectLen;
  let p = connectLen.value.next;
  // choice (ConferenceCreateResponse, with extension bit), nodeID (2 bytes, constrained integer)
  if (p + 3 > buf.length) return pduFail('GCC_TRUNCATED', 'the GCC response ends before its node id', p);
  p += 3;
  // tag: an unconstrained integer, length-prefixed
  if (p >= buf.length) return pduFail('GCC_TRUNCATED', 'the GCC response ends before its tag', p);
  const tagLen = buf[p]!;
  p += 1 + tagLen;
  // result (enumerated), number of user data sets, user data element choice
  if (p + 3 > buf.length) return pduFail('GCC_TRUNCATED', 'the GCC response ends before its result', p);
  const result = buf[p]!;
  if (result !== 0) return pduFail('GCC_RESULT', `the GCC conference was not created (result ${result})`, p);
  p += 3;
  // H.221 non-standard key: a constrained octet string of at least 4 bytes
  if (p >= buf.length) return pduFail('GCC_TRUNCATED', 'the GCC response ends before its H.221 key', p);
  const keyLen = buf[p]! + 4;
  p += 1;
  if (p + keyLen > buf.length) return pduFail('GCC_TRUNCATED', 'the GCC response ends inside its H.221 key', p);
  const key = String.fromCharCode(...buf.subarray(p, p + keyLen));
  if (key !== H221_SERVER_KEY) return pduFail('GCC_BAD_KEY', `expected the H.221 key "McDn", got "${key}"`, p);
  p += keyLen;
  const dataLen = readPerLength(buf, p);
  if (!dataLen.ok) return dataLen;
  const start = dataLen.value.next;
  if (start + dataLen.value.length > buf.length) {
    return pduFail('GCC_TRUNCATED', `server data of ${dataLen.value.length} bytes runs past the end`, start);
  }
  return pduOk(buf.subarray(start, start + dataLen.value.length));
}
