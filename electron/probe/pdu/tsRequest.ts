/**
 * MS-CSSP 2.2.1 TSRequest: the one message CredSSP exchanges, DER-encoded.
 *
 *   TSRequest ::= SEQUENCE {
 *     version     [0] INTEGER,
 *     negoTokens  [1] NegoData OPTIONAL,      -- SEQUENCE OF SEQUENCE { negoToken [0] OCTET STRING }
 *     authInfo    [2] OCTET STRING OPTIONAL,  -- TSCredentials: we never send it
 *     pubKeyAuth  [3] OCTET STRING OPTIONAL,
 *     errorCode   [4] INTEGER OPTIONAL,       -- NTSTATUS, version 3+
 *     clientNonce [5] OCTET STRING OPTIONAL } -- version 5+
 */
import {
  type BerResult,
  berFail,
  contextTag,
  decodeInteger,
  encodeContext,
  encodeInteger,
  encodeOctetString,
  encodeSequence,
  expectTlv,
  ok,
  readTlv,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from './ber';

/** The highest version we speak (MS-CSSP 2.2.1: 6 adds nothing over 5 for a client that stops early). */
export const TSREQUEST_CLIENT_VERSION = 6;
/** A TSRequest larger than this is hostile: a CHALLENGE with target info is well under 1 KiB. */
export const TSREQUEST_MAX_BYTES = 64 * 1024;

export interface TsRequest {
  version: number;
  negoTokens: Uint8Array[];
  authInfo?: Uint8Array;
  pubKeyAuth?: Uint8Array;
  /** NTSTATUS as an unsigned 32-bit number */
  errorCode?: number;
  clientNonce?: Uint8Array;
}

export function encodeTsRequest(req: Omit<TsRequest, 'authInfo'>): Uint8Array {
  const fields: Uint8Array[] = [encodeContext(0, encodeInteger(req.version))];
  if (req.negoTokens.length > 0) {
    const items = req.negoTokens.map((t) => encodeSequence(encodeContext(0, encodeOctetString(t))));
    fields.push(encodeContext(1, encodeSequence(...items)));
  }
  if (req.pubKeyAuth) fields.push(encodeContext(3, encodeOctetString(req.pubKeyAuth)));
  if (req.errorCode !== undefined) fields.push(encodeContext(4, encodeInteger(req.errorCode)));
  if (req.clientNonce) fields.push(encodeContext(5, encodeOctetString(req.clientNonce)));
  return encodeSequence(...fields);
}

/**
 * How long the TSRequest at the start of `buf` is, from its DER header: `{ need }` more bytes while the
 * header is incomplete, then `{ length }` (header included). The size bound is the reader's job
 * (TSREQUEST_MAX_BYTES), so a hostile length comes back as a number for it to refuse by name.
 * Shaped for SocketReader's FrameLength.
 */
export function tsRequestFrameLength(buf: Uint8Array): BerResult<{ length: number } | { need: number }> {
  if (buf.length === 0) return ok({ need: 2 });
  if (buf[0] !== TAG_SEQUENCE) {
    return berFail('BER_UNEXPECTED_TAG', `a TSRequest starts with SEQUENCE (0x30), got 0x${buf[0]!.toString(16)}`, 0);
  }
  if (buf.length < 2) return ok({ need: 1 });
  const first = buf[1]!;
  if (first < 0x80) return ok({ length: 2 + first });
  if (first === 0x80) return berFail('BER_INDEFINITE_LENGTH', 'indefinite length is not allowed here', 1);
  const n = first & 0x7f;
  if (n > 4) return berFail('BER_LENGTH_TOO_LARGE', `a ${n}-byte length field is too large`, 1);
  if (buf.length < 2 + n) return ok({ need: 2 + n - buf.length });
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + buf[2 + i]!;
  return ok({ length: 2 + n + length });
}

export function decodeTsRequest(buf: Uint8Array): BerResult<TsRequest> {
  const outer = expectTlv(buf, 0, buf.length, TAG_SEQUENCE, 'TSRequest SEQUENCE');
  if (!outer.ok) return outer;
  const seq = outer.value;
  let version: number | undefined;
  const req: Omit<TsRequest, 'version'> = { negoTokens: [] };
  let at = seq.contentStart;
  while (at < seq.end) {
    const field = readTlv(buf, at, seq.end);
    if (!field.ok) return field;
    const f = field.value;
    switch (f.tag) {
      case contextTag(0): {
        const v = readIntegerIn(buf, f.contentStart, f.end);
        if (!v.ok) return v;
        version = v.value;
        break;
      }
      case contextTag(1): {
        const tokens = decodeNegoData(buf, f.contentStart, f.end);
        if (!tokens.ok) return tokens;
        req.negoTokens = tokens.value;
        break;
      }
      case contextTag(2):
      case contextTag(3):
      case contextTag(5): {
        const os = expectTlv(buf, f.contentStart, f.end, TAG_OCTET_STRING, 'OCTET STRING');
        if (!os.ok) return os;
        const bytes = buf.slice(os.value.contentStart, os.value.end);
        if (f.tag === contextTag(2)) req.authInfo = bytes;
        else if (f.tag === contextTag(3)) req.pubKeyAuth = bytes;
        else req.clientNonce = bytes;
        break;
      }
      case contextTag(4): {
        const v = readIntegerIn(buf, f.contentStart, f.end);
        if (!v.ok) return v;
        req.errorCode = v.value >>> 0;
        break;
      }
      default:
        break; // a later version's field: skip it
    }
    at = f.end;
  }
  if (version === undefined) return berFail('BER_UNEXPECTED_TAG', 'the TSRequest has no version field', seq.start);
  return ok({ version, ...req });
}

function readIntegerIn(buf: Uint8Array, start: number, end: number): BerResult<number> {
  const int = expectTlv(buf, start, end, TAG_INTEGER, 'INTEGER');
  if (!int.ok) return int;
  return decodeInteger(buf, int.value);
}

function decodeNegoData(buf: Uint8Array, start: number, end: number): BerResult<Uint8Array[]> {
  const list = expectTlv(buf, start, end, TAG_SEQUENCE, 'NegoData SEQUENCE OF');
  if (!list.ok) return list;
  const tokens: Uint8Array[] = [];
  let at = list.value.contentStart;
  while (at < list.value.end) {
    const item = expectTlv(buf, at, list.value.end, TAG_SEQUENCE, 'NegoData item SEQUENCE');
    if (!item.ok) return item;
    const tagged = expectTlv(buf, item.value.contentStart, item.value.end, contextTag(0), 'negoToken [0]');
    if (!tagged.ok) return tagged;
    const os = expectTlv(buf, tagged.value.contentStart, tagged.value.end, TAG_OCTET_STRING, 'negoToken OCTET STRING');
    if (!os.ok) return os;
    tokens.push(buf.slice(os.value.contentStart, os.value.end));
    at = item.value.end;
  }
  return ok(tokens);
}
