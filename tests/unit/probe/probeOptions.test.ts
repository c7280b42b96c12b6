// The probe's hand-written options check (electron/probe/probeOptions.ts) accepts exactly what
// ProbeOptionsSchema accepts and completes the same defaults: property-tested against the schema itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProbeOptions } from '../../../electron/probe/probeOptions';
import { ProbeOptionsSchema } from '../../../shared/probe';

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -10, max: 200_000 }),
  fc.double(),
  fc.string({ maxLength: 5 }),
  fc.constantFrom(0, 20, 21, 99, 100, 120_000, 120_001, Number.NaN, Number.POSITIVE_INFINITY, -0, 2.5),
);
const text = (max: number) =>
  fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('', 'x'.repeat(max), 'x'.repeat(max + 1)));

/** mostly right, so that one wrong field at a time decides the verdict */
const mostly = <T>(right: fc.Arbitrary<T>, edges: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: right, weight: 4 }, { arbitrary: edges, weight: 1 }, { arbitrary: anyValue, weight: 1 });

const options = fc.record(
  {
    target: mostly(fc.constantFrom('h', 'host:3390'), text(300)),
    timeoutMs: mostly(fc.constantFrom(undefined, 100, 5000, 120_000), fc.constantFrom(99, 120_001, 2.5, '100')),
    stabilitySamples: mostly(fc.constantFrom(undefined, 0, 2, 20), fc.constantFrom(-1, 21, 0.5, '2')),
    credentials: mostly(
      fc.constantFrom(undefined, { user: 'u', password: '' }, { user: 'u', password: 'p' }),
      fc.record({ user: fc.oneof(text(256), anyValue), password: fc.oneof(text(256), anyValue) }, { requiredKeys: [] }),
    ),
    extra: anyValue,
  },
  { requiredKeys: ['target'] },
);

describe('checkProbeOptions', () => {
  it('accepts and completes exactly as ProbeOptionsSchema does', () => {
    fc.assert(
      fc.property(fc.oneof(options, anyValue, fc.array(fc.integer())), (input) => {
        const ours = checkProbeOptions(input);
        const theirs = ProbeOptionsSchema.safeParse(input);
        expect(ours.ok).toBe(theirs.success);
        if (ours.ok && theirs.success) expect(ours.value).toEqual(theirs.data);
        if (!ours.ok) expect(ours.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('names what is wrong', () => {
    expect(checkProbeOptions({ target: '', timeoutMs: 5 })).toEqual({
      ok: false,
      issues: ['target: expected 1 to 300 characters', 'timeoutMs: expected a whole number from 100 to 120000'],
    });
    expect(checkProbeOptions({ target: 'h', credentials: { user: '', password: 'p' } })).toMatchObject({
      ok: false,
      issues: ['credentials.user: expected 1 to 256 characters'],
    });
    expect(checkProbeOptions({ target: 'h' })).toEqual({
      ok: true,
      value: { target: 'h', timeoutMs: 10_000, stabilitySamples: 2 },
    });
  });
});
