/**
 * MS-CSSP 3.1.5 pubKeyAuth: binding the NTLM context to the TLS server key.
 * - versions 2–4: the client seals SubjectPublicKey; the server answers with it, first byte + 1.
 * - versions 5+: the client seals SHA256("CredSSP Client-To-Server Binding Hash\0" || ClientNonce ||
 *   SubjectPublicKey); the server answers with the "Server-To-Client" hash.
 */
import { createHash, randomBytes } from 'node:crypto';

const CLIENT_TO_SERVER = Buffer.from('CredSSP Client-To-Server Binding Hash\0', 'latin1');
const SERVER_TO_CLIENT = Buffer.from('CredSSP Server-To-Client Binding Hash\0', 'latin1');
export const CLIENT_NONCE_BYTES = 32;

export const usesNonceHash = (version: number): boolean => version >= 5;
export const newClientNonce = (): Uint8Array => new Uint8Array(randomBytes(CLIENT_NONCE_BYTES));

const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** What the client seals into its pubKeyAuth. */
export function clientPubKeyAuthPlaintext(
  version: number,
  subjectPublicKey: Uint8Array,
  nonce: Uint8Array,
): Uint8Array {
  if (usesNonceHash(version)) return sha256(CLIENT_TO_SERVER, nonce, subjectPublicKey);
  return subjectPublicKey.slice();
}

/** What the server's unsealed pubKeyAuth must equal. */
export function expectedServerPubKeyAuth(version: number, subjectPublicKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (usesNonceHash(version)) return sha256(SERVER_TO_CLIENT, nonce, subjectPublicKey);
  const echo = subjectPublicKey.slice();
  if (echo.length > 0) echo[0] = (echo[0]! + 1) & 0xff;
  return echo;
}
