/**
 * X.224 (ISO 8073 class 0) TPDUs as RDP uses them: the Connection Request with its optional routing cookie
 * and RDP_NEG_REQ (MS-RDPBCGR 2.2.1.1), the Connection Confirm with RDP_NEG_RSP or RDP_NEG_FAILURE
 * (2.2.1.2), and the 3-byte Data TPDU header that precedes MCS PDUs (2.2.1.3).
 */
import { hex, type PduResult, pduFail, pduOk } from './pduResult';
import { decodeRdpNegReply, encodeRdpNegReq, type RdpNegReply } from './rdpNeg';
import { decodeTpkt, encodeTpkt } from './tpkt';

// X.224 TPDU codes (ISO 8073 13.3–13.7), upper nibble of the code byte
export const X224_TPDU_CONNECTION_REQUEST = 0xe0;
export const X224_TPDU_CONNECTION_CONFIRM = 0xd0;
export const X224_TPDU_DISCONNECT_REQUEST = 0x80;
export const X224_TPDU_DATA = 0xf0;
export const X224_TPDU_ERROR = 0x70;
/** Data TPDU: LI=2, code 0xF0, EOT bit set (MS-RDPBCGR 2.2.1.3 x224Data) */
export const X224_DATA_HEADER = Uint8Array.of(0x02, X224_TPDU_DATA, 0x80);

const CR_FIXED = 6; // code, dst-ref(2), src-ref(2), class

/** TPKT + X.224 Connection Request, with `Cookie: mstshash=` when a name is given and an RDP_NEG_REQ. */
export function encodeConnectionRequest(requestedProtocols: number, opts: { cookie?: string } = {}): Uint8Array {
  const cookie = opts.cookie ? new TextEncoder().encode(`Cookie: mstshash=${opts.cookie}\r\n`) : new Uint8Array(0);
  const neg = encodeRdpNegReq(requestedProtocols);
  const li = CR_FIXED + cookie.length + neg.length;
  const tpdu = new Uint8Array(1 + li);
  tpdu[0] = li;
  tpdu[1] = X224_TPDU_CONNECTION_REQUEST;
  // dst-ref, src-ref and class option all zero
  tpdu.set(cookie, 1 + CR_FIXED);
  tpdu.set(neg, 1 + CR_FIXED + cookie.length);
  return encodeTpkt(tpdu);
}

export interface ConnectionConfirm {
  /** absent for a server that predates RDP 5 negotiation (Standard RDP implied) */
  negotiation: RdpNegReply | null;
}

/** Decodes a whole TPKT holding an X.224 Connection Confirm. */
export function decodeConnectionConfirm(buf: Uint8Array): PduResult<ConnectionConfirm> {
  const tpkt = decodeTpkt(buf);
  if (!tpkt.ok) return tpkt;
  const tpdu = tpkt.value.payload;
  const base = 4;
  if (tpdu.length < 1 + CR_FIXED) {
    return pduFail('X224_TRUNCATED', `X.224 TPDU of ${tpdu.length} bytes is too short for a Connection Confirm`, base);
  }
  const li = tpdu[0]!;
  if (li + 1 > tpdu.length) return pduFail('X224_BAD_LENGTH', `X.224 length indicator ${li} runs past the TPKT`, base);
  if (li < CR_FIXED) return pduFail('X224_BAD_LENGTH', `X.224 length indicator ${li} is too short`, base);
  const code = tpdu[1]! & 0xf0;
  if (code === X224_TPDU_DISCONNECT_REQUEST) {
    return pduFail('X224_DISCONNECT', 'the server answered with an X.224 Disconnect Request', base + 1);
  }
  if (code !== X224_TPDU_CONNECTION_CONFIRM) {
    return pduFail('X224_NOT_CONFIRM', `expected an X.224 Connection Confirm (0xD0), got ${hex(tpdu[1]!)}`, base + 1);
  }
  const variable = tpdu.subarray(1 + CR_FIXED, 1 + li);
  if (variable.length === 0) return pduOk({ negotiation: null });
  const neg = decodeRdpNegReply(variable);
  if (!neg.ok) return pduFail(neg.error.code, neg.error.message, base + 1 + CR_FIXED + neg.error.offset);
  return pduOk({ negotiation: neg.value });
}

/** Wraps an MCS PDU in an X.224 Data TPDU and a TPKT. */
export function encodeX224Data(payload: Uint8Array): Uint8Array {
  const tpdu = new Uint8Array(X224_DATA_HEADER.length + payload.length);
  tpdu.set(X224_DATA_HEADER, 0);
  tpdu.set(payload, X224_DATA_HEADER.length);
  return encodeTpkt(tpdu);
}

/** Unwraps a whole TPKT holding an X.224 Data TPDU: the payload (an MCS PDU). */
export function decodeX224Data(buf: Uint8Array): PduResult<Uint8Array> {
  const tpkt = decodeTpkt(buf);
  if (!tpkt.ok) return tpkt;
  const tpdu = tpkt.value.payload;
  if (tpdu.length < 3) return pduFail('X224_TRUNCATED', 'X.224 Data TPDU shorter than its 3-byte header', 4);
  if ((tpdu[1]! & 0xf0) === X224_TPDU_DISCONNECT_REQUEST) {
    return pduFail('X224_DISCONNECT', 'the server answered with an X.224 Disconnect Request', 5);
  }
  if (tpdu[0] !== 2 || (tpdu[1]! & 0xf0) !== X224_TPDU_DATA) {
    return pduFail('X224_NOT_DATA', `expected an X.224 Data TPDU, got ${hex(tpdu[1]!)}`, 5);
  }
  return pduOk(tpdu.subarray(3));
}
