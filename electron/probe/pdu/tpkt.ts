/**
 * TPKT framing (RFC 1006 section 6, used by MS-RDPBCGR 2.2.1.1 for every slow-path PDU): version 3, a reserved
 * byte, then a big-endian 16-bit length that includes the 4-byte header.
 */
import { hex, type PduResult, pduFail, pduOk } from './pduResult';

export const TPKT_VERSION = 3;
export const TPKT_HEADER_LENGTH = 4;
/** the 16-bit length field caps a TPKT at 65535 bytes, which also bounds what we buffer */
export const TPKT_MAX_LENGTH = 0xffff;

export function encodeTpkt(payload: Uint8Array): Uint8Array {
  const length = payload.length + TPKT_HEADER_LENGTH;
  if (length > TPKT_MAX_LENGTH) throw new RangeError(`TPKT payload too large: ${payload.length}`);
  const out = new Uint8Array(length);
  out[0] = TPKT_VERSION;
  out[1] = 0;
  out[2] = length >> 8;
  out[3] = length & 0xff;
  out.set(payload, TPKT_HEADER_LENGTH);
  return out;
}

/**
 * How long the TPKT starting at the front of `buf` is: `{ length }` once the header is in, `{ need }` while
 * fewer than 4 bytes have arrived, or an error when the bytes are not a TPKT header.
 */
export function tpktFrameLength(buf: Uint8Array): PduResult<{ length: number } | { need: number }> {
  if (buf.length >= 1 && buf[0] !== TPKT_VERSION) {
    return pduFail('TPKT_BAD_VERSION', `expected TPKT version 3, got ${hex(buf[0]!)}`, 0);
  }
  if (buf.length < TPKT_HEADER_LENGTH) return pduOk({ need: TPKT_HEADER_LENGTH - buf.length });
  const length = (buf[2]! << 8) | buf[3]!;
  if (length < TPKT_HEADER_LENGTH + 3) {
    // the smallest thing RDP carries in a TPKT is an X.224 Data header (3 bytes)
    return pduFail('TPKT_BAD_LENGTH', `TPKT length ${length} is shorter than any X.224 TPDU`, 2);
  }
  return pduOk({ length });
}

/** Splits one whole TPKT off the front of `buf`: its payload and the total bytes it used. */
export function decodeTpkt(buf: Uint8Array): PduResult<{ payload: Uint8Array; length: number }> {
  const head = tpktFrameLength(buf);
  if (!head.ok) return head;
  if ('need' in head.value)
    return pduFail('TPKT_TRUNCATED', `TPKT header needs ${head.value.need} more bytes`, buf.length);
  const { length } = head.value;
  if (buf.length < length)
    return pduFail('TPKT_TRUNCATED', `TPKT says ${length} bytes, only ${buf.length} present`, buf.length);
  return pduOk({ payload: buf.subarray(TPKT_HEADER_LENGTH, length), length });
}
