/**
 * The small part of ASN.1 DER/BER that CredSSP needs (MS-CSSP 2.2.1 TSRequest): definite-length TLVs with
 * single-byte tags, INTEGER, OCTET STRING, SEQUENCE and context-specific constructed tags [n].
 * Pure: bytes in, values or a typed error with the offset out. Windows and FreeRDP send DER; we accept
 * non-minimal long-form lengths (harmless) but refuse indefinite lengths and multi-byte tags.
 */

export type BerErrorCode =
  | 'BER_TRUNCATED'
  | 'BER_INDEFINITE_LENGTH'
  | 'BER_LENGTH_TOO_LARGE'
  | 'BER_MULTIBYTE_TAG'
  | 'BER_UNEXPECTED_TAG'
  | 'BER_BAD_INTEGER';

export interface BerError {
  code: BerErrorCode;
  message: string;
  offset: number;
}

export type BerResult<T> = { ok: true; value: T } | { ok: false; error: BerError };

export const ok = <T>(value: T): BerResult<T> => ({ ok: true, value });
export const berFail = <T>(code: BerErrorCode, message: string, offset: number): BerResult<T> => ({
  ok: false,
  error: { code, message, offset },
});

// X.690 universal tags (all we use)
export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_SEQUENCE = 0x30; // constructed
/** context-specific, constructed: [n] */
export const contextTag = (n: number): number => 0xa0 | n;

/** A lengths above this is hostile for anything CredSSP carries (a TSRequest is a few KiB). */
export const BER_MAX_LENGTH = 1 << 20;

export interface Tlv {
  tag: number;
  /** offset of the tag byte */
  start: number;
  /** offset of the first content byte */
  contentStart: number;
  /** offset just past the content */
  end: number;
}

/** Reads the tag and length at `offset`; the content must lie within `limit`. */
export function readTlv(buf: Uint8Array, offset: number, limit: number = buf.length): BerResult<Tlv> {
  if (offset >= limit) return berFail('BER_TRUNCATED', 'expected a tag, found the end of the data', offset);
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) return berFail('BER_MULTIBYTE_TAG', `multi-byte tag 0x${hex2(tag)} not supported`, offset);
  const head = readLength(buf, offset + 1, limit);
  if (!head.ok) return head;
  const { length, contentStart } = head.value;
  if (contentStart + length > limit) {
    return berFail('BER_TRUNCATED', `length ${length} runs past the end of the data`, offset + 1);
  }
  return ok({ tag, start: offset, contentStart, end: contentStart + length });
}

/** Reads a definite length at `offset` (X.690 8.1.3). */
export function readLength(
  buf: Uint8Array,
  offset: number,
  limit: number = buf.length,
): BerResult<{ length: number; contentStart: number }> {
  if (offset >= limit) return berFail('BER_TRUNCATED', 'expected a length, found the end of the data', offset);
  const first = buf[offset]!;
  if (first < 0x80) return ok({ length: first, contentStart: offset + 1 });
  if (first === 0x80) return berFail('BER_INDEFINITE_LENGTH', 'indefinite length is not allowed here', offset);
  const n = first & 0x7f;
  if (n > 4) return berFail('BER_LENGTH_TOO_LARGE', `a ${n}-byte length field is too large`, offset);
  if (offset + 1 + n > limit) return berFail('BER_TRUNCATED', 'the length field is cut short', offset);
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + buf[offset + 1 + i]!;
  if (length > BER_MAX_LENGTH)
    return berFail('BER_LENGTH_TOO_LARGE', `length ${length} is larger than allowed`, offset);
  return ok({ length, contentStart: offset + 1 + n });
}

/** Reads a TLV and checks its tag. */
export function expectTlv(buf: Uint8Array, offset: number, limit: number, tag: number, what: string): BerResult<Tlv> {
  const tlv = readTlv(buf, offset, limit);
  if (!tlv.ok) return tlv;
  if (tlv.value.tag !== tag) {
    return berFail(
      'BER_UNEXPECTED_TAG',
      `expected ${what} (tag 0x${hex2(tag)}), found tag 0x${hex2(tlv.value.tag)}`,
      offset,
    );
  }
  return tlv;
}

/** INTEGER content as a JS number: up to 6 bytes, two's complement (X.690 8.3). */
export function decodeInteger(buf: Uint8Array, tlv: Tlv): BerResult<number> {
  const len = tlv.end - tlv.contentStart;
  if (len < 1 || len > 6) return berFail('BER_BAD_INTEGER', `an INTEGER of ${len} bytes is not supported`, tlv.start);
  let value = 0;
  for (let i = tlv.contentStart; i < tlv.end; i++) value = value * 256 + buf[i]!;
  if (buf[tlv.contentStart]! & 0x80) value -= 2 ** (8 * len);
  return ok(value);
}

// ---- encoding (DER) ---------------------------------------------------------------------------

export function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let l = length; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function encodeTlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const content = concatBytes(...parts);
  return concatBytes(Uint8Array.of(tag), encodeLength(content.length), content);
}

/** Minimal two's-complement INTEGER (X.690 8.3.2). */
export function encodeInteger(value: number): Uint8Array {
  if (!Number.isSafeInteger(value)) throw new RangeError('INTEGER out of range');
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(((v % 256) + 256) % 256);
    v = Math.floor(v / 256);
  } while (v !== 0 && v !== -1);
  // add a sign byte when the top bit disagrees with the sign
  if (value >= 0 && bytes[0]! & 0x80) bytes.unshift(0);
  if (value < 0 && !(bytes[0]! & 0x80)) bytes.unshift(0xff);
  return encodeTlv(TAG_INTEGER, Uint8Array.from(bytes));
}

export const encodeOctetString = (bytes: Uint8Array): Uint8Array => encodeTlv(TAG_OCTET_STRING, bytes);
export const encodeSequence = (...parts: Uint8Array[]): Uint8Array => encodeTlv(TAG_SEQUENCE, ...parts);
export const encodeContext = (n: number, ...parts: Uint8Array[]): Uint8Array => encodeTlv(contextTag(n), ...parts);

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
