/**
 * The client side of an NTLMv2 exchange (MS-NLMP 3.1.5.1.2): from the CHALLENGE and the credentials to
 * the AUTHENTICATE message with MIC, and the sealing contexts for both directions.
 * The password is used once (NTOWFv2) and every derived secret is zeroed by `wipe()`.
 */
import { randomBytes } from 'node:crypto';
import { AUTHENTICATE_MIC_OFFSET, encodeNtlmAuthenticate } from '../pdu/ntlmAuthenticate';
import { type AvPair, encodeAvPairs, utf16le } from '../pdu/ntlmAvPairs';
import { epochMsToFileTime, type NtlmChallengeMessage } from '../pdu/ntlmChallenge';
import {
  CLIENT_NEGOTIATE_FLAGS,
  MSV_AV_FLAG_MIC_PROVIDED,
  MsvAvChannelBindings,
  MsvAvFlags,
  MsvAvTargetName,
  NTLMSSP_NEGOTIATE_128,
  NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY,
  NTLMSSP_NEGOTIATE_KEY_EXCH,
  NTLMSSP_NEGOTIATE_SEAL,
  NTLMSSP_NEGOTIATE_TARGET_INFO,
} from '../pdu/ntlmConstants';
import { ntlmv2Response, ntowfv2 } from './ntlmv2';
import { rc4 } from './rc4';
import { NtlmSealer } from './sealing';
import { computeMic, deriveSessionKeys } from './sessionKeys';

/** What a user typed split per MS-NLMP: DOMAIN\name → (name, DOMAIN); a UPN stays whole with no domain. */
export function splitAccount(account: string): { user: string; domain: string } {
  const slash = account.indexOf('\\');
  if (slash >= 0) return { user: account.slice(slash + 1), domain: account.slice(0, slash) };
  return { user: account, domain: '' };
}

export interface NtlmAuthInput {
  account: string;
  password: string;
  negotiate: Uint8Array;
  challengeBytes: Uint8Array;
  challenge: NtlmChallengeMessage;
  /** e.g. TERMSRV/host, put in MsvAvTargetName */
  spn?: string;
  /** for the known-answer tests only */
  fixed?: { clientChallenge: Uint8Array; exportedSessionKey: Uint8Array; time?: Uint8Array };
}

export interface NtlmAuthOutput {
  authenticate: Uint8Array;
  /** seals what we send */
  client: NtlmSealer;
  /** unseals what the server sends */
  server: NtlmSealer;
  wipe(): void;
}

export type NtlmAuthResult =
  | { ok: true; value: NtlmAuthOutput }
  | { ok: false; error: { code: string; message: string } };

const REQUIRED_FLAGS = NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_SEAL;

export function buildNtlmAuthenticate(input: NtlmAuthInput): NtlmAuthResult {
  const { challenge } = input;
  if ((challenge.negotiateFlags & REQUIRED_FLAGS) !== REQUIRED_FLAGS) {
    return {
      ok: false,
      error: {
        code: 'NTLM_WEAK_SERVER',
        message: 'the server does not offer NTLMv2 extended session security with 128-bit sealing',
      },
    };
  }
  const flags = (challenge.negotiateFlags & (CLIENT_NEGOTIATE_FLAGS | NTLMSSP_NEGOTIATE_TARGET_INFO)) >>> 0;
  const keyExch = (flags & NTLMSSP_NEGOTIATE_KEY_EXCH) !== 0;
  const { user, domain } = splitAccount(input.account);
  const clientChallenge = input.fixed?.clientChallenge ?? new Uint8Array(randomBytes(8));
  const randomSessionKey = input.fixed?.exportedSessionKey ?? new Uint8Array(randomBytes(16));
  // With the server's MsvAvTimestamp we echo its time (so our clock does not matter) and add a MIC.
  const withMic = challenge.timestamp !== null;
  const time = input.fixed?.time ?? challenge.timestamp ?? epochMsToFileTime(Date.now());

  const pairs: AvPair[] = challenge.avPairs.filter((p) => p.id !== MsvAvFlags);
  if (withMic) {
    const prior = challenge.avPairs.find((p) => p.id === MsvAvFlags)?.value;
    const prev = prior && prior.length === 4 ? new DataView(prior.buffer, prior.byteOffset, 4).getUint32(0, true) : 0;
    const value = new Uint8Array(4);
    new DataView(value.buffer).setUint32(0, (prev | MSV_AV_FLAG_MIC_PROVIDED) >>> 0, true);
    pairs.push({ id: MsvAvFlags, value });
  }
  if (withMic && !pairs.some((p) => p.id === MsvAvChannelBindings)) {
    // no TLS channel bindings (CredSSP binds through pubKeyAuth instead): Z(16), as Windows clients send
    pairs.push({ id: MsvAvChannelBindings, value: new Uint8Array(16) });
  }
  if (input.spn && !pairs.some((p) => p.id === MsvAvTargetName)) {
    pairs.push({ id: MsvAvTargetName, value: utf16le(input.spn) });
  }
  const serverName = encodeAvPairs(pairs);

  const responseKeyNT = ntowfv2(input.password, user, domain);
  const resp = ntlmv2Response(responseKeyNT, challenge.serverChallenge, clientChallenge, time, serverName);
  responseKeyNT.fill(0);
  // NTLMv2: KeyExchangeKey = SessionBaseKey (3.4.5.1)
  const keyExchangeKey = resp.sessionBaseKey;
  const exportedSessionKey = keyExch ? randomSessionKey : keyExchangeKey.slice();
  const encryptedRandomSessionKey = keyExch ? rc4(keyExchangeKey, randomSessionKey) : new Uint8Array(0);

  const authenticate = encodeNtlmAuthenticate({
    lmChallengeResponse: withMic ? new Uint8Array(24) : resp.lmChallengeResponse,
    ntChallengeResponse: resp.ntChallengeResponse,
    domainName: utf16le(domain),
    userName: utf16le(user),
    workstation: new Uint8Array(0),
    encryptedRandomSessionKey,
    negotiateFlags: flags,
  });
  if (withMic) {
    const mic = computeMic(exportedSessionKey, input.negotiate, input.challengeBytes, authenticate);
    authenticate.set(mic, AUTHENTICATE_MIC_OFFSET);
  }
  const keys = deriveSessionKeys(exportedSessionKey);
  const client = new NtlmSealer(keys.clientSigningKey, keys.clientSealingKey);
  const server = new NtlmSealer(keys.serverSigningKey, keys.serverSealingKey);
  keys.clientSealingKey.fill(0);
  keys.serverSealingKey.fill(0);
  keyExchangeKey.fill(0);
  exportedSessionKey.fill(0);
  randomSessionKey.fill(0);
  return {
    ok: true,
    value: {
      authenticate,
      client,
      server,
      wipe() {
        // the NTLMv2 response is an offline-crackable hash of the password: do not keep it either
        authenticate.fill(0);
        client.wipe();
        server.wipe();
      },
    },
  };
}
