/**
 * MD4 (RFC 1320), needed only for the NT hash. Node's OpenSSL 3 has dropped it from the default
 * provider, so we use js-md4's pure-JS hasher (its top-level function would call into OpenSSL and fail).
 */
import md4lib from 'js-md4';

export function md4(data: Uint8Array): Uint8Array {
  return new Uint8Array(md4lib.create().update(data).arrayBuffer());
}
