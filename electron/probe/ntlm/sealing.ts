/**
 * MS-NLMP 3.4.3 SEAL / 3.4.4.2 MAC with extended session security and key exchange: one RC4 handle and
 * one sequence number per direction, kept for the whole context.
 *   Signature = Version(1) || RC4(handle, HMAC_MD5(SigningKey, SeqNum || Message)[0..7]) || SeqNum
 * The message is encrypted with the same handle first, then the checksum.
 */
import { hmacMd5 } from './ntlmv2';
import { Rc4 } from './rc4';

export const NTLM_SIGNATURE_BYTES = 16;

export class NtlmSealer {
  private readonly handle: Rc4;
  private seq = 0;

  constructor(
    private readonly signingKey: Uint8Array,
    sealingKey: Uint8Array,
  ) {
    this.handle = new Rc4(sealingKey);
  }

  /** Returns { signature, sealed } for the next message in this direction. */
  seal(message: Uint8Array): { signature: Uint8Array; sealed: Uint8Array } {
    const seqBytes = u32le(this.seq);
    const sealed = this.handle.process(message);
    const checksum = this.handle.process(hmacMd5(this.signingKey, seqBytes, message).subarray(0, 8));
    const signature = new Uint8Array(NTLM_SIGNATURE_BYTES);
    signature.set(u32le(1), 0);
    signature.set(checksum, 4);
    signature.set(seqBytes, 12);
    this.seq++;
    return { signature, sealed };
  }

  /** Decrypts and verifies the next message in this direction; null when the signature does not check. */
  unseal(signature: Uint8Array, sealed: Uint8Array): Uint8Array | null {
    if (signature.length !== NTLM_SIGNATURE_BYTES) return null;
    const seqBytes = u32le(this.seq);
    const message = this.handle.process(sealed);
    const expected = this.handle.process(hmacMd5(this.signingKey, seqBytes, message).subarray(0, 8));
    this.seq++;
    const okVersion = signature[0] === 1 && signature[1] === 0 && signature[2] === 0 && signature[3] === 0;
    const okChecksum = expected.every((b, i) => b === signature[4 + i]);
    const okSeq = seqBytes.every((b, i) => b === signature[12 + i]);
    return okVersion && okChecksum && okSeq ? message : null;
  }

  wipe(): void {
    this.handle.wipe();
    this.signingKey.fill(0);
  }
}

function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
}
