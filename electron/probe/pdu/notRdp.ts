/**
 * Recognises replies that are not RDP at all, from their first bytes: an SSH banner, an HTTP response,
 * a TLS record (a bare TLS service), an SMTP/FTP-style greeting, or unknown bytes. Pure.
 */
import { TPKT_VERSION } from './tpkt';

export interface NotRdp {
  kind: 'ssh' | 'http' | 'tls' | 'smtp-like' | 'unknown';
  /** printable characters of the first bytes, at most 80 */
  sample: string;
}

export function printableSample(buf: Uint8Array, max = 80): string {
  let out = '';
  for (const b of buf.subarray(0, max)) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
  return out;
}

/** null when the bytes may be the start of a TPKT (version 3), else what they look like. */
export function classifyNonRdp(buf: Uint8Array): NotRdp | null {
  if (buf.length === 0) return null;
  if (buf[0] === TPKT_VERSION) return null;
  const text = new TextDecoder('latin1').decode(buf.subarray(0, 16));
  const sample = printableSample(buf);
  if (text.startsWith('SSH-')) return { kind: 'ssh', sample };
  if (text.startsWith('HTTP/') || text.startsWith('<!DOCTYPE') || text.startsWith('<html'))
    return { kind: 'http', sample };
  // TLS record: content type 0x15 (alert) or 0x16 (handshake), version 3.x
  if ((buf[0] === 0x15 || buf[0] === 0x16) && (buf.length < 2 || buf[1] === 0x03)) return { kind: 'tls', sample };
  if (/^\d{3}[ -]/.test(text)) return { kind: 'smtp-like', sample };
  return { kind: 'unknown', sample };
}
