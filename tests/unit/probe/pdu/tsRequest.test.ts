import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeTsRequest,
  encodeTsRequest,
  TSREQUEST_MAX_BYTES,
  tsRequestFrameLength,
} from '../../../../electron/probe/pdu/tsRequest';

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

describe('TSRequest (MS-CSSP 2.2.1)', () => {
  it('encodes a version-6 request with one NTLM token exactly', () => {
    const der = encodeTsRequest({ version: 6, negoTokens: [hex('4e544c4d')] });
    // SEQ { [0] INTEGER 6, [1] SEQ OF SEQ { [0] OCTET STRING } }
    expect(Buffer.from(der).toString('hex')).toBe('3013a003020106a10c300a3008a006040' + '44e544c4d');
  });

  it('round-trips every field but authInfo, which we never send', () => {
    const arb = fc.record({
      version: fc.integer({ min: 2, max: 6 }),
      negoTokens: fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 3 }),
      pubKeyAuth: fc.option(fc.uint8Array({ maxLength: 300 }), { nil: undefined }),
      errorCode: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
      clientNonce: fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, (req) => {
        const der = encodeTsRequest(req);
        const frame = tsRequestFrameLength(der);
        expect(frame.ok && 'length' in frame.value && frame.value.length).toBe(der.length);
        const back = decodeTsRequest(der);
        if (!back.ok) throw new Error(back.error.message);
        expect(back.value.version).toBe(req.version);
        expect(back.value.negoTokens.map((t) => [...t])).toEqual(req.negoTokens.map((t) => [...t]));
        expect(back.value.pubKeyAuth && [...back.value.pubKeyAuth]).toEqual(req.pubKeyAuth && [...req.pubKeyAuth]);
        expect(back.value.errorCode).toBe(req.errorCode);
        expect(back.value.authInfo).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('reads a negative INTEGER errorCode (as Windows encodes NTSTATUS) as unsigned', () => {
    // SEQ { [0] INTEGER 6, [4] INTEGER c000006d (4 bytes, so negative in two's complement) }
    const ok = decodeTsRequest(hex('300da003020106a4060204c000006d'));
    expect(ok.ok && ok.value.errorCode).toBe(0xc000006d);
  });

  it('frames: asks for more, knows the length, refuses hostile sizes', () => {
    expect(tsRequestFrameLength(new Uint8Array(0))).toEqual({ ok: true, value: { need: 2 } });
    expect(tsRequestFrameLength(hex('30'))).toEqual({ ok: true, value: { need: 1 } });
    expect(tsRequestFrameLength(hex('3082'))).toEqual({ ok: true, value: { need: 2 } });
    expect(tsRequestFrameLength(hex('30820100'))).toEqual({ ok: true, value: { length: 260 } });
    // a hostile length is reported as such, for the reader to refuse against TSREQUEST_MAX_BYTES
    const huge = tsRequestFrameLength(hex('3084ffffffff'));
    expect(huge.ok && 'length' in huge.value && huge.value.length).toBe(0xffffffff + 6);
    expect(TSREQUEST_MAX_BYTES).toBeLessThan(1 << 20);
    const tooLong = tsRequestFrameLength(hex('308501'));
    expect(tooLong.ok ? null : tooLong.error.code).toBe('BER_LENGTH_TOO_LARGE');
    const indefinite = tsRequestFrameLength(hex('3080'));
    expect(indefinite.ok ? null : indefinite.error.code).toBe('BER_INDEFINITE_LENGTH');
    const notSeq = tsRequestFrameLength(hex('160301'));
    expect(notSeq.ok ? null : notSeq.error.code).toBe('BER_UNEXPECTED_TAG');
  });

  it('any bytes: a TSRequest or a typed error, never a throw', () => {
    const nearly = fc
      .record({
        version: fc.integer({ min: 0, max: 9 }),
        negoTokens: fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 2 }),
      })
      .chain((req) => {
        const der = encodeTsRequest(req);
        return fc.tuple(fc.constant(der), fc.nat(der.length), fc.integer({ min: 0, max: 255 }));
      })
      .map(([der, i, b]) => {
        const copy = der.slice();
        copy[i % copy.length] = b;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), nearly), (bytes) => {
        const r = decodeTsRequest(bytes);
        const f = tsRequestFrameLength(bytes);
        return (r.ok || typeof r.error.code === 'string') && (f.ok || typeof f.error.code === 'string');
      }),
      { numRuns: 3000 },
    );
  });
});
