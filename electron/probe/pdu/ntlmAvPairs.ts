/** MS-NLMP 2.2.2.1 AV_PAIR lists (the CHALLENGE's TargetInfo and the NTLMv2 client challenge's copy). */
import { MsvAvEOL } from './ntlmConstants';

export interface AvPair {
  id: number;
  value: Uint8Array;
}

export type AvPairsResult =
  | { ok: true; value: AvPair[] }
  | { ok: false; error: { code: string; message: string; offset: number } };

/** Decodes pairs up to MsvAvEOL (or the end of the data: some servers omit it). */
export function decodeAvPairs(buf: Uint8Array): AvPairsResult {
  const pairs: AvPair[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 4 > buf.length) {
      return { ok: false, error: { code: 'NTLM_AV_TRUNCATED', message: 'an AV_PAIR header is cut short', offset: at } };
    }
    const id = buf[at]! | (buf[at + 1]! << 8);
    const len = buf[at + 2]! | (buf[at + 3]! << 8);
    if (id === MsvAvEOL) return { ok: true, value: pairs };
    if (at + 4 + len > buf.length) {
      return {
        ok: false,
        error: { code: 'NTLM_AV_TRUNCATED', message: `AV_PAIR ${id} claims ${len} bytes past the end`, offset: at },
      };
    }
    pairs.push({ id, value: buf.slice(at + 4, at + 4 + len) });
    at += 4 + len;
  }
  return { ok: true, value: pairs };
}

/** Encodes pairs and the terminating MsvAvEOL. */
export function encodeAvPairs(pairs: AvPair[]): Uint8Array {
  let total = 4;
  for (const p of pairs) total += 4 + p.value.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pairs) {
    out[at] = p.id & 0xff;
    out[at + 1] = p.id >> 8;
    out[at + 2] = p.value.length & 0xff;
    out[at + 3] = p.value.length >> 8;
    out.set(p.value, at + 4);
    at += 4 + p.value.length;
  }
  return out; // the last four bytes stay zero: MsvAvEOL, length 0
}

export const utf16le = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'));
export const fromUtf16le = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.length & ~1).toString('utf16le');
