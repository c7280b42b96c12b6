/** MS-NLMP 2.2.1.3 AUTHENTICATE_MESSAGE (with VERSION and MIC, so an 88-byte header). */
import { CLIENT_VERSION, NTLMSSP_SIGNATURE, NtLmAuthenticate } from './ntlmConstants';

export const AUTHENTICATE_HEADER_BYTES = 88;
/** where the 16-byte MIC sits: computed over the whole message with these bytes zero */
export const AUTHENTICATE_MIC_OFFSET = 72;

export interface NtlmAuthenticateFields {
  lmChallengeResponse: Uint8Array;
  ntChallengeResponse: Uint8Array;
  domainName: Uint8Array;
  userName: Uint8Array;
  workstation: Uint8Array;
  encryptedRandomSessionKey: Uint8Array;
  negotiateFlags: number;
  version?: Uint8Array;
  /** 16 bytes; zero while the MIC is computed */
  mic?: Uint8Array;
}

export function encodeNtlmAuthenticate(f: NtlmAuthenticateFields): Uint8Array {
  // payload order follows the header's field order
  const payload = [
    f.lmChallengeResponse,
    f.ntChallengeResponse,
    f.domainName,
    f.userName,
    f.workstation,
    f.encryptedRandomSessionKey,
  ];
  let total = AUTHENTICATE_HEADER_BYTES;
  for (const p of payload) total += p.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(NTLMSSP_SIGNATURE, 0);
  view.setUint32(8, NtLmAuthenticate, true);
  let at = AUTHENTICATE_HEADER_BYTES;
  payload.forEach((p, i) => {
    const field = 12 + i * 8;
    view.setUint16(field, p.length, true);
    view.setUint16(field + 2, p.length, true);
    view.setUint32(field + 4, at, true);
    out.set(p, at);
    at += p.length;
  });
  view.setUint32(60, f.negotiateFlags >>> 0, true);
  out.set(f.version ?? CLIENT_VERSION, 64);
  if (f.mic) out.set(f.mic, AUTHENTICATE_MIC_OFFSET);
  return out;
}
