import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyNonRdp } from '../../../../electron/probe/pdu/notRdp';

const text = (s: string) => new TextEncoder().encode(s);

describe('classifyNonRdp', () => {
  it('recognises SSH, HTTP, TLS, text greetings and garbage; a TPKT start is not judged', () => {
    expect(classifyNonRdp(text('SSH-2.0-OpenSSH_9.2p1 Debian\r\n'))).toMatchObject({ kind: 'ssh' });
    expect(classifyNonRdp(text('HTTP/1.1 400 Bad Request\r\n'))).toMatchObject({ kind: 'http' });
    expect(classifyNonRdp(Uint8Array.of(0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x28))).toMatchObject({ kind: 'tls' });
    expect(classifyNonRdp(text('220 mail.example ESMTP\r\n'))).toMatchObject({ kind: 'smtp-like' });
    expect(classifyNonRdp(Uint8Array.of(0xde, 0xad, 0xbe, 0xef))).toMatchObject({ kind: 'unknown', sample: '....' });
    expect(classifyNonRdp(Uint8Array.of(3, 0, 0, 19))).toBeNull();
    expect(classifyNonRdp(new Uint8Array(0))).toBeNull();
  });

  it('keeps at most 80 printable characters of any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const r = classifyNonRdp(b);
        if (r) expect(r.sample).toMatch(/^[\x20-\x7e]{0,80}$/);
      }),
    );
  });
});
