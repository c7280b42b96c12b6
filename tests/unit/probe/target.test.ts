// The target step: IP literals and localhost skip DNS; names go through the system resolver (here a name from
// /etc/hosts, so nothing leaves the machine); resolver failures are named (a fake lookup stands in for a DNS
// server, which a test must not contact).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StepContext } from '../../../electron/probe/stepTypes';
import { makeTargetStep, targetStep } from '../../../electron/probe/target';
import { ProbeOptionsSchema } from '../../../shared/probe';

function ctx(target: string, deadlineMs = 5000): StepContext {
  return {
    options: ProbeOptionsSchema.parse({ target }),
    host: target,
    port: 3389,
    address: null,
    signal: new AbortController().signal,
    deadline: Date.now() + deadlineMs,
    facts: {},
  };
}

/** A host name listed in /etc/hosts other than localhost, if any. */
function hostsFileName(): string | null {
  for (const line of readFileSync('/etc/hosts', 'utf8').split('\n')) {
    const [addr, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (addr === '127.0.0.1') for (const n of names) if (n && n !== 'localhost') return n;
  }
  return null;
}

describe('target step', () => {
  it('an IPv4 literal and a bracketed IPv6 literal skip DNS', async () => {
    const v4 = await targetStep(ctx('10.1.2.3:3390'));
    expect(v4.facts).toMatchObject({
      host: '10.1.2.3',
      port: 3390,
      dnsSkipped: true,
      dnsMs: null,
      addresses: [{ address: '10.1.2.3', family: 4 }],
    });
    const v6 = await targetStep(ctx('[fe80::1]'));
    expect(v6.facts).toMatchObject({ host: 'fe80::1', port: 3389, addresses: [{ address: 'fe80::1', family: 6 }] });
  });

  it('localhost means 127.0.0.1 then ::1, without DNS', async () => {
    const r = await targetStep(ctx('localhost'));
    expect(r.facts?.addresses.map((a) => a.address)).toEqual(['127.0.0.1', '::1']);
    expect(r.facts?.dnsSkipped).toBe(true);
  });

  it.skipIf(!hostsFileName())('a name from /etc/hosts resolves through the system resolver, timed', async () => {
    const r = await targetStep(ctx(hostsFileName()!));
    expect(r.status).toBe('passed');
    expect(r.facts?.dnsSkipped).toBe(false);
    expect(r.facts?.addresses).toContainEqual({ address: '127.0.0.1', family: 4 });
    expect(r.facts?.dnsMs).toBeGreaterThanOrEqual(0);
  });

  it('keeps every address once, in the resolver order (fake lookup)', async () => {
    const step = makeTargetStep(async () => [
      { address: '2001:db8::5', family: 6 },
      { address: '192.0.2.5', family: 4 },
      { address: '192.0.2.5', family: 4 },
    ]);
    const r = await step(ctx('rds01.example'));
    expect(r.facts?.addresses).toEqual([
      { address: '2001:db8::5', family: 6 },
      { address: '192.0.2.5', family: 4 },
    ]);
  });

  it('names resolver failures (fake lookup)', async () => {
    const fail = (code: string) => makeTargetStep(() => Promise.reject(Object.assign(new Error(code), { code })));
    expect((await fail('ENOTFOUND')(ctx('nope.example'))).error?.code).toBe('DNS_NOT_FOUND');
    expect((await fail('EAI_AGAIN')(ctx('nope.example'))).error?.code).toBe('DNS_TEMPORARY');
    expect((await fail('EWHATEVER')(ctx('nope.example'))).error?.code).toBe('DNS_ERROR');
    const never = makeTargetStep(() => new Promise(() => {}));
    const r = await never(ctx('slow.example', 200));
    expect(r).toMatchObject({ status: 'failed', error: { code: 'DNS_TIMEOUT' } });
  });

  it('refuses what parseTarget refuses', async () => {
    expect((await targetStep(ctx('fe80::1'))).error?.code).toBe('TARGET_INVALID');
  });
});
