/** MS-NLMP 2.2.1.1 NEGOTIATE_MESSAGE: flags and our version, no domain or workstation (nothing secret). */
import { CLIENT_NEGOTIATE_FLAGS, CLIENT_VERSION, NTLMSSP_SIGNATURE, NtLmNegotiate } from './ntlmConstants';

const NEGOTIATE_HEADER_BYTES = 40;

export function encodeNtlmNegotiate(flags: number = CLIENT_NEGOTIATE_FLAGS): Uint8Array {
  const out = new Uint8Array(NEGOTIATE_HEADER_BYTES);
  const view = new DataView(out.buffer);
  out.set(NTLMSSP_SIGNATURE, 0);
  view.setUint32(8, NtLmNegotiate, true);
  view.setUint32(12, flags >>> 0, true);
  // DomainNameFields and WorkstationFields: empty, offset at the end of the header
  view.setUint32(20, NEGOTIATE_HEADER_BYTES, true);
  view.setUint32(28, NEGOTIATE_HEADER_BYTES, true);
  out.set(CLIENT_VERSION, 32);
  return out;
}
