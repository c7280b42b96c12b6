import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTpkt, encodeTpkt, tpktFrameLength } from '../../../../electron/probe/pdu/tpkt';
import { neverThrows } from './pduProperty';

describe('TPKT', () => {
  it('round-trips any payload that fits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 3, maxLength: 2000 }), (payload) => {
        const framed = encodeTpkt(payload);
        const d = decodeTpkt(framed);
        expect(d.ok).toBe(true);
        if (d.ok) {
          expect(Buffer.from(d.value.payload).equals(Buffer.from(payload))).toBe(true);
          expect(d.value.length).toBe(framed.length);
        }
      }),
    );
  });

  it('asks for more bytes until the header is in, then gives the length', () => {
    expect(tpktFrameLength(Uint8Array.of(3))).toEqual({ ok: true, value: { need: 3 } });
    expect(tpktFrameLength(Uint8Array.of(3, 0, 0x01, 0x13))).toEqual({ ok: true, value: { length: 0x113 } });
  });

  it('names what is wrong: another version, a length too short for X.224, a truncation', () => {
    const ssh = new TextEncoder().encode('SSH-2.0-OpenSSH');
    expect(tpktFrameLength(ssh)).toMatchObject({ ok: false, error: { code: 'TPKT_BAD_VERSION', offset: 0 } });
    expect(tpktFrameLength(Uint8Array.of(3, 0, 0, 5))).toMatchObject({ ok: false, error: { code: 'TPKT_BAD_LENGTH' } });
    expect(decodeTpkt(Uint8Array.of(3, 0, 0, 40, 1, 2))).toMatchObject({
      ok: false,
      error: { code: 'TPKT_TRUNCATED' },
    });
  });

  it('any bytes: a value or a typed error', () => {
    neverThrows(decodeTpkt);
    neverThrows((b) => tpktFrameLength(b));
  });
});
