/** MS-NLMP 3.3.2 NTLM v2 authentication: NTOWFv2, the NTLMv2 response and the session base key. */
import { createHmac } from 'node:crypto';
import { utf16le } from '../pdu/ntlmAvPairs';
import { md4 } from './md4';

export const hmacMd5 = (key: Uint8Array, ...data: Uint8Array[]): Uint8Array => {
  const h = createHmac('md5', key);
  for (const d of data) h.update(d);
  return new Uint8Array(h.digest());
};

/**
 * NTOWFv2(Passwd, User, UserDom) = HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(Uppercase(User) || UserDom)).
 * The UTF-16 password copy and the NT hash are zeroed before returning.
 */
export function ntowfv2(password: string, user: string, domain: string): Uint8Array {
  const pw = utf16le(password);
  const ntHash = md4(pw);
  pw.fill(0);
  const key = hmacMd5(ntHash, utf16le(user.toUpperCase() + domain));
  ntHash.fill(0);
  return key;
}

export interface Ntlmv2Response {
  ntProofStr: Uint8Array;
  /** NTProofStr || temp: the NtChallengeResponse */
  ntChallengeResponse: Uint8Array;
  /** LMv2: HMAC_MD5(ResponseKeyLM, ServerChallenge || ClientChallenge) || ClientChallenge */
  lmChallengeResponse: Uint8Array;
  sessionBaseKey: Uint8Array;
}

/**
 * temp = Responserversion(1) HiResponserversion(1) Z(6) Time(8) ClientChallenge(8) Z(4) ServerName Z(4),
 * where ServerName is the AV pair list (terminated by MsvAvEOL).
 */
export function ntlmv2Response(
  responseKeyNT: Uint8Array,
  serverChallenge: Uint8Array,
  clientChallenge: Uint8Array,
  time: Uint8Array,
  serverName: Uint8Array,
): Ntlmv2Response {
  const temp = new Uint8Array(28 + serverName.length + 4);
  temp[0] = 1;
  temp[1] = 1;
  temp.set(time, 8);
  temp.set(clientChallenge, 16);
  temp.set(serverName, 28);
  const ntProofStr = hmacMd5(responseKeyNT, serverChallenge, temp);
  const ntChallengeResponse = new Uint8Array(16 + temp.length);
  ntChallengeResponse.set(ntProofStr, 0);
  ntChallengeResponse.set(temp, 16);
  const lm = new Uint8Array(24);
  lm.set(hmacMd5(responseKeyNT, serverChallenge, clientChallenge), 0);
  lm.set(clientChallenge, 16);
  return {
    ntProofStr,
    ntChallengeResponse,
    lmChallengeResponse: lm,
    sessionBaseKey: hmacMd5(responseKeyNT, ntProofStr),
  };
}
