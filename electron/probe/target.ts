/**
 * Probe step 1: the target. Parse what was typed and resolve it the way the operating system will for
 * mstsc (getaddrinfo: hosts file, DNS, ...), keeping every A/AAAA address and the time taken.
 * `localhost` and IP literals skip DNS.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { TargetFacts } from '../../shared/probe';
import { parseTarget } from './parseTarget';
import { type Step, stepBudget } from './stepTypes';

/** A healthy resolver answers in milliseconds; 4 s covers one retransmit to a slow DNS server. */
const DNS_TIMEOUT_MS = 4_000;

type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: Lookup = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

export function makeTargetStep(lookup: Lookup = systemLookup): Step<TargetFacts> {
  return async (ctx) => {
    const input = ctx.options.target;
    const parsed = parseTarget(input);
    if (!parsed.ok) {
      return { status: 'failed', summary: parsed.message, error: { code: 'TARGET_INVALID', message: parsed.message } };
    }
    const { host, port } = parsed;
    const literal = net.isIP(host);
    if (literal || host === 'localhost') {
      const addresses =
        literal === 4
          ? [{ address: host, family: 4 as const }]
          : literal === 6
            ? [{ address: host, family: 6 as const }]
            : [
                { address: '127.0.0.1', family: 4 as const },
                { address: '::1', family: 6 as const },
              ];
      const facts: TargetFacts = { input, host, port, dnsSkipped: true, addresses, dnsMs: null };
      return {
        status: 'passed',
        summary: `${literal ? 'IP address' : 'localhost'}, port ${port} (no DNS needed)`,
        facts,
      };
    }
    const started = performance.now();
    const timeoutMs = stepBudget(ctx, DNS_TIMEOUT_MS);
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([
      lookup(host).then(
        (list) => ({ ok: true as const, list }),
        (err: NodeJS.ErrnoException) => ({ ok: false as const, err }),
      ),
      new Promise<{ ok: false; err: NodeJS.ErrnoException }>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, err: Object.assign(new Error('timeout'), { code: 'DNS_TIMEOUT' }) }),
          timeoutMs,
        );
      }),
    ]);
    clearTimeout(timer);
    const dnsMs = Math.round((performance.now() - started) * 10) / 10;
    if (!result.ok) {
      const code = result.err.code;
      const [errCode, message] =
        code === 'ENOTFOUND' || code === 'ENODATA'
          ? ['DNS_NOT_FOUND', `the name "${host}" does not resolve to any address`]
          : code === 'DNS_TIMEOUT'
            ? ['DNS_TIMEOUT', `resolving "${host}" took longer than ${timeoutMs} ms`]
            : code === 'EAI_AGAIN'
              ? ['DNS_TEMPORARY', `the DNS server could not answer for "${host}" right now (EAI_AGAIN)`]
              : ['DNS_ERROR', `resolving "${host}" failed: ${code ?? result.err.message}`];
      const facts: TargetFacts = { input, host, port, dnsSkipped: false, addresses: [], dnsMs };
      return { status: 'failed', summary: message, error: { code: errCode, message }, facts };
    }
    const seen = new Set<string>();
    const addresses: TargetFacts['addresses'] = [];
    for (const a of result.list) {
      if (seen.has(a.address)) continue;
      seen.add(a.address);
      addresses.push({ address: a.address, family: a.family === 6 ? 6 : 4 });
    }
    const facts: TargetFacts = { input, host, port, dnsSkipped: false, addresses, dnsMs };
    const list = addresses.map((a) => a.address).join(', ');
    return { status: 'passed', summary: `${host} → ${list} (${dnsMs} ms)`, facts };
  };
}

export const targetStep = makeTargetStep();
