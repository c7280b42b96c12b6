import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BER_MAX_LENGTH,
  decodeInteger,
  encodeInteger,
  encodeLength,
  encodeOctetString,
  readTlv,
} from '../../../../electron/probe/pdu/ber';

describe('BER/DER', () => {
  it('round-trips INTEGERs, minimal and signed', () => {
    expect(Buffer.from(encodeInteger(0)).toString('hex')).toBe('020100');
    expect(Buffer.from(encodeInteger(6)).toString('hex')).toBe('020106');
    expect(Buffer.from(encodeInteger(128)).toString('hex')).toBe('02020080');
    expect(Buffer.from(encodeInteger(-1)).toString('hex')).toBe('0201ff');
    expect(Buffer.from(encodeInteger(0xc000006d)).toString('hex')).toBe('020500c000006d');
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (n) => {
        const der = encodeInteger(n);
        const tlv = readTlv(der, 0);
        if (!tlv.ok) return false;
        const v = decodeInteger(der, tlv.value);
        return v.ok && v.value === n && tlv.value.end === der.length;
      }),
    );
  });

  it('encodes long-form lengths', () => {
    expect(Buffer.from(encodeLength(127)).toString('hex')).toBe('7f');
    expect(Buffer.from(encodeLength(128)).toString('hex')).toBe('8180');
    expect(Buffer.from(encodeLength(300)).toString('hex')).toBe('82012c');
    const big = encodeOctetString(new Uint8Array(70_000));
    const tlv = readTlv(big, 0);
    expect(tlv.ok && tlv.value.end).toBe(big.length);
  });

  it('names hostile and broken lengths', () => {
    const err = (bytes: number[]) => {
      const r = readTlv(Uint8Array.from(bytes), 0);
      return r.ok ? null : r.error.code;
    };
    expect(err([0x30, 0x80])).toBe('BER_INDEFINITE_LENGTH');
    expect(err([0x30, 0x85, 1, 1, 1, 1, 1])).toBe('BER_LENGTH_TOO_LARGE');
    expect(err([0x30, 0x84, 0x7f, 0xff, 0xff, 0xff])).toBe('BER_LENGTH_TOO_LARGE');
    expect(err([0x30, 0x05, 1])).toBe('BER_TRUNCATED');
    expect(err([0x1f, 0x01, 0])).toBe('BER_MULTIBYTE_TAG');
    expect(err([])).toBe('BER_TRUNCATED');
    expect(BER_MAX_LENGTH).toBeGreaterThan(65_536);
  });

  it('any bytes: a TLV inside the data or a typed error, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(70), (bytes, at) => {
        const r = readTlv(bytes, at);
        if (r.ok) return r.value.end <= bytes.length && r.value.contentStart > at;
        return typeof r.error.code === 'string' && r.error.offset >= 0;
      }),
      { numRuns: 2000 },
    );
  });
});
