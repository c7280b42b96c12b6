/**
 * RDP security negotiation structures carried in the X.224 Connection Request/Confirm variable part:
 * RDP_NEG_REQ (MS-RDPBCGR 2.2.1.1.1), RDP_NEG_RSP (2.2.1.2.1), RDP_NEG_FAILURE (2.2.1.2.2).
 */
import type { ProtocolName } from '../../../shared/probe';
import { hex, type PduResult, pduFail, pduOk } from './pduResult';

// MS-RDPBCGR 2.2.1.1.1: type values
export const TYPE_RDP_NEG_REQ = 0x01;
export const TYPE_RDP_NEG_RSP = 0x02;
export const TYPE_RDP_NEG_FAILURE = 0x03;
export const RDP_NEG_LENGTH = 8;

// MS-RDPBCGR 2.2.1.1.1: requestedProtocols / selectedProtocol flags
export const PROTOCOL_RDP = 0x00000000;
export const PROTOCOL_SSL = 0x00000001;
export const PROTOCOL_HYBRID = 0x00000002;
export const PROTOCOL_RDSTLS = 0x00000004;
export const PROTOCOL_HYBRID_EX = 0x00000008;
export const PROTOCOL_RDSAAD = 0x00000010;

export const PROTOCOL_BITS: Record<ProtocolName, number> = {
  rdp: PROTOCOL_RDP,
  tls: PROTOCOL_SSL,
  hybrid: PROTOCOL_HYBRID,
  rdstls: PROTOCOL_RDSTLS,
  hybridEx: PROTOCOL_HYBRID_EX,
};

/**
 * What we put in requestedProtocols when we ask about one protocol. Like mstsc, a request for NLA also offers
 * TLS, so a server without NLA answers by selecting TLS (which we record as "NLA not supported") instead of
 * failing; a request for HYBRID_EX also offers HYBRID and TLS. Standard RDP is requested alone (0).
 */
export const REQUESTED_PROTOCOLS: Record<ProtocolName, number> = {
  rdp: PROTOCOL_RDP,
  tls: PROTOCOL_SSL,
  hybrid: PROTOCOL_SSL | PROTOCOL_HYBRID,
  hybridEx: PROTOCOL_SSL | PROTOCOL_HYBRID | PROTOCOL_HYBRID_EX,
  rdstls: PROTOCOL_SSL | PROTOCOL_RDSTLS,
};

/** selectedProtocol value → our name; null for a value outside the ones we know (e.g. RDSAAD). */
export function protocolName(selected: number): ProtocolName | null {
  switch (selected) {
    case PROTOCOL_RDP:
      return 'rdp';
    case PROTOCOL_SSL:
      return 'tls';
    case PROTOCOL_HYBRID:
      return 'hybrid';
    case PROTOCOL_RDSTLS:
      return 'rdstls';
    case PROTOCOL_HYBRID_EX:
      return 'hybridEx';
    default:
      return null;
  }
}

// MS-RDPBCGR 2.2.1.2.1: RDP_NEG_RSP flags
export const RSP_FLAG_NAMES: ReadonlyArray<[number, string]> = [
  [0x01, 'EXTENDED_CLIENT_DATA_SUPPORTED'],
  [0x02, 'DYNVC_GFX_PROTOCOL_SUPPORTED'],
  [0x04, 'NEGRSP_FLAG_RESERVED'],
  [0x08, 'RESTRICTED_ADMIN_MODE_SUPPORTED'],
  [0x10, 'REDIRECTED_AUTHENTICATION_MODE_SUPPORTED'],
];

// MS-RDPBCGR 2.2.1.2.2: RDP_NEG_FAILURE failureCode
export const SSL_REQUIRED_BY_SERVER = 0x00000001;
export const SSL_NOT_ALLOWED_BY_SERVER = 0x00000002;
export const SSL_CERT_NOT_ON_SERVER = 0x00000003;
export const INCONSISTENT_FLAGS = 0x00000004;
export const HYBRID_REQUIRED_BY_SERVER = 0x00000005;
export const SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER = 0x00000006;

export const FAILURE_CODE_NAMES: Record<number, string> = {
  [SSL_REQUIRED_BY_SERVER]: 'SSL_REQUIRED_BY_SERVER',
  [SSL_NOT_ALLOWED_BY_SERVER]: 'SSL_NOT_ALLOWED_BY_SERVER',
  [SSL_CERT_NOT_ON_SERVER]: 'SSL_CERT_NOT_ON_SERVER',
  [INCONSISTENT_FLAGS]: 'INCONSISTENT_FLAGS',
  [HYBRID_REQUIRED_BY_SERVER]: 'HYBRID_REQUIRED_BY_SERVER',
  [SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER]: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

export const failureName = (code: number): string => FAILURE_CODE_NAMES[code] ?? `UNKNOWN_FAILURE_${hex(code, 8)}`;

export function flagNames(flags: number): string[] {
  const names = RSP_FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  const known = RSP_FLAG_NAMES.reduce((acc, [bit]) => acc | bit, 0);
  const unknown = flags & ~known;
  if (unknown) names.push(`UNKNOWN_${hex(unknown)}`);
  return names;
}

export function encodeRdpNegReq(requestedProtocols: number, flags = 0): Uint8Array {
  const out = new Uint8Array(RDP_NEG_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = TYPE_RDP_NEG_REQ;
  out[1] = flags;
  view.setUint16(2, RDP_NEG_LENGTH, true);
  view.setUint32(4, requestedProtocols >>> 0, true);
  return out;
}

export type RdpNegReply =
  | { type: 'response'; flags: number; selectedProtocol: number }
  | { type: 'failure'; flags: number; failureCode: number };

/** Decodes an RDP_NEG_RSP or RDP_NEG_FAILURE (8 bytes, little-endian). */
export function decodeRdpNegReply(buf: Uint8Array): PduResult<RdpNegReply> {
  if (buf.length < RDP_NEG_LENGTH) {
    return pduFail('RDPNEG_TRUNCATED', `RDP negotiation data needs 8 bytes, got ${buf.length}`, buf.length);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const type = buf[0]!;
  const flags = buf[1]!;
  const length = view.getUint16(2, true);
  if (length !== RDP_NEG_LENGTH) return pduFail('RDPNEG_BAD_LENGTH', `RDP negotiation length ${length}, expected 8`, 2);
  const value = view.getUint32(4, true);
  if (type === TYPE_RDP_NEG_RSP) return pduOk({ type: 'response', flags, selectedProtocol: value });
  if (type === TYPE_RDP_NEG_FAILURE) return pduOk({ type: 'failure', flags, failureCode: value });
  return pduFail('RDPNEG_BAD_TYPE', `RDP negotiation type ${hex(type)} is neither a response nor a failure`, 0);
}
