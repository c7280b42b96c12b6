/** MS-NLMP 3.4.5 key derivation for extended session security with 128-bit keys, and the MIC (3.1.5.1.2). */
import { createHash } from 'node:crypto';
import { hmacMd5 } from './ntlmv2';

const magic = (s: string): Uint8Array => new Uint8Array(Buffer.from(`${s}\0`, 'latin1'));
const CLIENT_SIGNING = magic('session key to client-to-server signing key magic constant');
const SERVER_SIGNING = magic('session key to server-to-client signing key magic constant');
const CLIENT_SEALING = magic('session key to client-to-server sealing key magic constant');
const SERVER_SEALING = magic('session key to server-to-client sealing key magic constant');

const md5 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

export interface NtlmSessionKeys {
  clientSigningKey: Uint8Array;
  serverSigningKey: Uint8Array;
  clientSealingKey: Uint8Array;
  serverSealingKey: Uint8Array;
}

/** SIGNKEY and SEALKEY (3.4.5.2, 3.4.5.3) for NTLMSSP_NEGOTIATE_128 with extended session security. */
export function deriveSessionKeys(exportedSessionKey: Uint8Array): NtlmSessionKeys {
  return {
    clientSigningKey: md5(exportedSessionKey, CLIENT_SIGNING),
    serverSigningKey: md5(exportedSessionKey, SERVER_SIGNING),
    clientSealingKey: md5(exportedSessionKey, CLIENT_SEALING),
    serverSealingKey: md5(exportedSessionKey, SERVER_SEALING),
  };
}

/** MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE-with-zero-MIC). */
export function computeMic(
  exportedSessionKey: Uint8Array,
  negotiate: Uint8Array,
  challenge: Uint8Array,
  authenticate: Uint8Array,
): Uint8Array {
  return hmacMd5(exportedSessionKey, negotiate, challenge, authenticate);
}

export function wipeSessionKeys(keys: NtlmSessionKeys): void {
  for (const k of Object.values(keys)) k.fill(0);
}
