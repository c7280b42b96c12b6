// Shared property for every PDU decoder: any byte string gives a value or a typed error with an in-range
// offset, never a throw. Named after what it checks.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { PduResult } from '../../../../electron/probe/pdu/pduResult';

export function neverThrows<T>(decode: (b: Uint8Array) => PduResult<T>, prefix?: fc.Arbitrary<Uint8Array>): void {
  const bytes = fc.uint8Array({ maxLength: 400 });
  const input = prefix
    ? fc.tuple(prefix, bytes).map(([p, b]) => Uint8Array.from([...p, ...b]))
    : fc.oneof(bytes, fc.uint8Array({ maxLength: 8 }));
  fc.assert(
    fc.property(input, (b) => {
      const r = decode(b);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) {
        expect(r.error.code).toMatch(/^[A-Z0-9_]+$/);
        expect(r.error.offset).toBeGreaterThanOrEqual(0);
        expect(r.error.offset).toBeLessThanOrEqual(b.length);
        expect(r.error.message.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: 2000 },
  );
}
