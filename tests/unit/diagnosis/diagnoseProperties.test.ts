/**
 * Edge cases: every probe step failing in every way. Probe results are generated from the schema's own
 * vocabulary (fast-check), each validated by ProbeResultSchema; whatever the facts, diagnose returns valid,
 * unique catalogue findings in root-cause order and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../electron/diagnosis/diagnose';
import { ROOT_CAUSE_ORDER } from '../../../electron/diagnosis/rootCauseOrder';
import { FINDING_CATALOGUE, FINDING_IDS, HOST_ONLY_FINDING_IDS, isFindingId } from '../../../shared/findings';
import {
  FindingSchema,
  NegotiationOutcomeSchema,
  type ProbeResult,
  ProbeResultSchema,
  ProtocolNameSchema,
  STEP_IDS,
  StepStatusSchema,
  TlsFailureKindSchema,
  TlsVersionNameSchema,
} from '../../../shared/probe';
import { cert, STARTED_AT } from './handmadeProbe';

const FAILURE_NAMES = [
  'SSL_REQUIRED_BY_SERVER',
  'SSL_NOT_ALLOWED_BY_SERVER',
  'SSL_CERT_NOT_ON_SERVER',
  'INCONSISTENT_FLAGS',
  'HYBRID_REQUIRED_BY_SERVER',
  'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
  'SOMETHING_NEW',
];
const ms = fc.double({ min: 0, max: 60_000, noNaN: true });
const protocol = fc.constantFrom(...ProtocolNameSchema.options);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const attempt = fc.record({
  echo: fc.boolean(),
  requested: protocol,
  outcome: fc.constantFrom(...NegotiationOutcomeSchema.options),
  selected: fc.option(maybe(protocol), { nil: undefined }),
  failureName: fc.option(fc.constantFrom(...FAILURE_NAMES), { nil: undefined }),
  failureCode: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
  ms,
});

const tlsVersion = fc.record({
  version: fc.constantFrom(...TlsVersionNameSchema.options),
  ok: fc.boolean(),
  failure: fc.option(
    fc.record({ kind: fc.constantFrom(...TlsFailureKindSchema.options), message: fc.string({ maxLength: 20 }) }),
    { nil: undefined },
  ),
  ms,
});

const isoDate = fc
  .oneof(fc.integer({ min: -4000, max: 4000 }), fc.integer({ min: -40, max: 40 }))
  .map((d) => new Date(Date.parse(STARTED_AT) + d * 86_400_000).toISOString());
const certificate = fc
  .record({
    notBefore: isoDate,
    notAfter: isoDate,
    selfSigned: fc.boolean(),
    trusted: fc.boolean(),
    nameMatches: fc.boolean(),
    keyType: fc.constantFrom('rsa', 'ec', 'ed25519'),
    keyBits: maybe(fc.constantFrom(256, 512, 1024, 2048, 4096, 192, 384)),
    signatureAlgorithm: fc.constantFrom(
      'sha256WithRSAEncryption',
      'sha1WithRSAEncryption',
      'md5WithRSAEncryption',
      'ecdsa-with-SHA384',
    ),
  })
  .map((c) => cert(c));

const stepSummary = fc.record({
  status: fc.constantFrom(...StepStatusSchema.options),
  durationMs: maybe(ms),
  summary: fc.constant(''),
  error: fc.option(
    fc.record({
      code: fc.constantFrom('ENOTFOUND', 'refused', 'timeout', 'unreachable', 'reset', 'error', 'invalid-target'),
      message: fc.string({ maxLength: 30 }),
    }),
    { nil: undefined },
  ),
});

const tcpAttempt = fc.record({
  address: fc.constantFrom('10.0.0.5', '::1', '127.0.0.1'),
  ok: fc.boolean(),
  ms,
  errorCode: fc.option(fc.constantFrom('refused', 'timeout', 'unreachable', 'reset', 'error'), { nil: undefined }),
});

const probeResult: fc.Arbitrary<ProbeResult> = fc
  .record({
    aborted: fc.boolean(),
    steps: fc.tuple(...STEP_IDS.map(() => stepSummary)),
    target: maybe(
      fc.record({
        dnsSkipped: fc.boolean(),
        addresses: fc.array(fc.record({ address: fc.constant('10.0.0.5'), family: fc.constant(4 as const) }), {
          maxLength: 2,
        }),
      }),
    ),
    tcp: maybe(fc.record({ connectMs: maybe(ms), attempts: fc.array(tcpAttempt, { maxLength: 3 }) })),
    negotiation: maybe(
      fc.record({
        attempts: fc.array(attempt, { maxLength: 6 }),
        notRdp: maybe(
          fc.record({ kind: fc.constantFrom('ssh', 'http', 'tls', 'unknown'), sample: fc.string({ maxLength: 20 }) }),
        ),
      }),
    ),
    tls: maybe(
      fc.record({
        via: maybe(protocol),
        versions: fc.array(tlsVersion, { maxLength: 4 }),
        certificate: maybe(certificate),
      }),
    ),
    credssp: maybe(
      fc.record({
        tsRequestVersion: maybe(fc.integer({ min: 0, max: 10 })),
        clockSkewMs: maybe(fc.integer({ min: -3_600_000, max: 3_600_000 })),
      }),
    ),
    stability: maybe(fc.array(ms, { maxLength: 6 })),
    stabilityFailures: fc.integer({ min: 0, max: 5 }),
    nla: maybe(
      fc.constantFrom('accepted', 'rejected', 'not-run', 'error') as fc.Arbitrary<
        'accepted' | 'rejected' | 'not-run' | 'error'
      >,
    ),
  })
  .map((g) => {
    const sorted = [...(g.stability ?? [])].sort((a, b) => a - b);
    return ProbeResultSchema.parse({
      schemaVersion: 1,
      tool: { name: 'rdp-doctor', version: '0.1.0' },
      input: 'host.example',
      startedAt: STARTED_AT,
      finishedAt: STARTED_AT,
      durationMs: 1,
      aborted: g.aborted,
      steps: Object.fromEntries(STEP_IDS.map((id, i) => [id, g.steps[i]])),
      target: g.target && { input: 'host.example', host: 'host.example', port: 3389, dnsMs: null, ...g.target },
      tcp: g.tcp && { address: null, port: 3389, ...g.tcp },
      negotiation: g.negotiation && {
        ...g.negotiation,
        // half the selections echo the request, as a server that supports it does
        attempts: g.negotiation.attempts.map(({ echo, ...a }) =>
          echo && a.outcome === 'selected' ? { ...a, selected: a.requested } : a,
        ),
        supports: { rdp: null, tls: true, hybrid: false, hybridEx: null, rdstls: null },
      },
      tls: g.tls,
      credssp: g.credssp && {
        tsRequestVersion: g.credssp.tsRequestVersion,
        ntlm:
          g.credssp.clockSkewMs === null
            ? null
            : {
                targetName: null,
                netbiosComputer: null,
                netbiosDomain: null,
                dnsComputer: null,
                dnsDomain: null,
                dnsTree: null,
                productVersion: null,
                serverTime: null,
                clockSkewMs: g.credssp.clockSkewMs,
                negotiateFlags: 0,
              },
      },
      rdpSecurity: null,
      stability: g.stability && {
        attempts: g.stability.length + g.stabilityFailures,
        failures: g.stabilityFailures,
        minMs: sorted[0] ?? null,
        medianMs: sorted[Math.floor(sorted.length / 2)] ?? null,
        maxMs: sorted[sorted.length - 1] ?? null,
        samplesMs: g.stability,
      },
      nlaCheck: g.nla && {
        outcome: g.nla,
        user: 'alice',
        ntStatus: null,
        ntStatusName: null,
        reason: 'x',
        credsspVersion: null,
      },
      findings: [],
    });
  });

const RANK = new Map<string, number>(ROOT_CAUSE_ORDER.map((id, i) => [id, i]));
const REACHABILITY = new Set(['dns-unresolved', 'tcp-refused', 'tcp-timeout', 'no-response', 'not-rdp']);

describe('diagnose on arbitrary facts', () => {
  it('never throws; valid, unique catalogue findings in root-cause order', () => {
    fc.assert(
      fc.property(probeResult, (result) => {
        const findings = diagnose(result);
        const seen = new Set<string>();
        let lastRank = -1;
        for (const f of findings) {
          FindingSchema.parse(f);
          expect(isFindingId(f.id)).toBe(true);
          expect(seen.has(f.id)).toBe(false);
          seen.add(f.id);
          const rank = RANK.get(f.id) ?? -1;
          expect(rank).toBeGreaterThanOrEqual(lastRank);
          lastRank = rank;
          expect(f.title).toBe(FINDING_CATALOGUE[f.id as keyof typeof FINDING_CATALOGUE].title);
        }
        // A reachability failure is the only finding: later facts are not judged.
        const reach = findings.filter((f) => REACHABILITY.has(f.id));
        if (reach.length > 0) expect(findings).toHaveLength(1);
        // An aborted handshake leaves nothing to say about a certificate.
        if (seen.has('tls-handshake-failed'))
          expect([...seen].some((id) => id.startsWith('tls-cert') && id !== 'tls-cert-unavailable')).toBe(false);
      }),
      { numRuns: 3000 },
    );
    // 3000 generated results take a few seconds on a busy 2-core machine: room, not a speed check
  }, 60_000);

  it('the generator reaches most findings (so the property above is not vacuous)', () => {
    const reached = new Set<string>();
    for (const r of fc.sample(probeResult, { numRuns: 3000, seed: 42 })) for (const f of diagnose(r)) reached.add(f.id);
    // host-only findings come from an inspection of the host, never from the outside diagnosis
    expect([...FINDING_IDS].filter((id) => !reached.has(id) && !HOST_ONLY_FINDING_IDS.includes(id))).toEqual([]);
    for (const id of HOST_ONLY_FINDING_IDS) expect(reached.has(id), id).toBe(false);
  });

  it('does not change its input', () => {
    fc.assert(
      fc.property(probeResult, (result) => {
        const before = JSON.stringify(result);
        diagnose(result);
        expect(JSON.stringify(result)).toBe(before);
      }),
      { numRuns: 300 },
    );
  });

  it('ROOT_CAUSE_ORDER ranks every catalogue id exactly once', () => {
    expect([...ROOT_CAUSE_ORDER].sort()).toEqual([...FINDING_IDS].sort());
  });
});
