/**
 * The result type of every RDP PDU decoder in this folder (tpkt, x224, rdpNeg, mcs, gcc): a value, or a
 * typed error naming what was wrong and the byte offset where decoding stopped. Decoders never throw.
 */

export interface PduError {
  /** machine-readable, e.g. TPKT_BAD_VERSION */
  code: string;
  message: string;
  /** offset into the decoder's input where it went wrong */
  offset: number;
}

export type PduResult<T> = { ok: true; value: T } | { ok: false; error: PduError };

export const pduOk = <T>(value: T): PduResult<T> => ({ ok: true, value });
export const pduFail = <T>(code: string, message: string, offset: number): PduResult<T> => ({
  ok: false,
  error: { code, message, offset },
});

export const hex = (n: number, width = 2): string => `0x${n.toString(16).toUpperCase().padStart(width, '0')}`;
