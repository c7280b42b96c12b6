/**
 * Probe step 8: stability. A couple of extra TCP connects, one after another, to the address that worked, on top
 * of the connect times of every connection the probe already opened: connect latency min/median/max and how
 * many of the extra connects failed (a flaky link or an overloaded listener shows here).
 *
 * When the server speaks RDP, each sample also sends an X.224 Connection Request and waits for the confirm
 * (the connect time alone is what is measured): a server with a tiny accept backlog (xrdp's holds 3) has then
 * taken the connection off its queue before the next one, so the probe does not cause the very SYN drops
 * (1 s retransmits) it is trying to detect. Without RDP, plain connects are paced instead.
 */
import type { StabilityFacts } from '../../shared/probe';
import { pathFacts } from './connectionLog';
import { describeCutSteps, judgePath } from './pathVerdict';
import { type Step, type StepContext, stepBudget } from './stepTypes';
import { connectTcp } from './tcpConnect';
import { exchangeX224 } from './x224Exchange';

const SAMPLE_TIMEOUT_MS = 2_000;
/** pause between plain connects, so a slow-accepting listener's queue drains between samples */
const PLAIN_CONNECT_PAUSE_MS = 25;

export function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 10) / 10;
}

type Sample = { ok: true; ms: number } | { ok: false; code: string } | { ok: false; code: 'aborted' };

async function sample(ctx: StepContext, address: string, rdp: boolean): Promise<Sample> {
  const timeoutMs = stepBudget(ctx, SAMPLE_TIMEOUT_MS);
  if (rdp) {
    const x = await exchangeX224({
      address,
      port: ctx.port,
      requested: 'rdp',
      signal: ctx.signal,
      timeoutMs,
      trace: ctx.trace,
    });
    if (x.connectMs !== null) return { ok: true, ms: x.connectMs };
    if (ctx.signal.aborted) return { ok: false, code: 'aborted' };
    return { ok: false, code: x.attempt.error?.code.replace(/^TCP_/, '').toLowerCase() ?? 'error' };
  }
  const r = await connectTcp({ address, port: ctx.port, signal: ctx.signal, timeoutMs, trace: ctx.trace });
  if (r.ok) {
    r.socket.destroy();
    return { ok: true, ms: r.ms };
  }
  return { ok: false, code: r.code };
}

export const stabilityStep: Step<StabilityFacts> = async (ctx) => {
  const n = ctx.options.stabilitySamples;
  const address = ctx.address;
  if (!address) return { status: 'skipped', summary: 'no address to test' };
  // The connect times of every connection the probe already opened are samples too: no extra connection for
  // them (issue 13). Their failures are not counted: the TCP step's fallback from an unreachable address is
  // no sign of an unstable path to the address that worked. With no extra connects asked for (a fleet scan's
  // default, verification probes) they are the whole measure.
  const earlier = (ctx.connections?.records ?? []).filter((r) => r.ok).map((r) => r.ms);
  const cutsSoFar = ctx.connections?.cuts.length ?? 0;
  if (n === 0 && cutsSoFar === 0 && earlier.length === 0) return { status: 'skipped', summary: 'not asked for' };
  const rdp = Object.values(ctx.facts.negotiation?.supports ?? {}).some((v) => v === true);
  const samples: number[] = [...earlier];
  let failures = 0;
  let attempts = earlier.length;
  const codes: string[] = [];
  for (let i = 0; i < n && !ctx.signal.aborted; i++) {
    if (i > 0 && !rdp) await new Promise((r) => setTimeout(r, PLAIN_CONNECT_PAUSE_MS));
    const s = await sample(ctx, address, rdp);
    if (s.ok) {
      attempts++;
      samples.push(s.ms);
    } else if (s.code !== 'aborted') {
      attempts++;
      failures++;
      codes.push(s.code);
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const facts: StabilityFacts = {
    attempts,
    failures,
    minMs: sorted[0] ?? null,
    medianMs: median(sorted),
    maxMs: sorted.at(-1) ?? null,
    samplesMs: samples,
    ...(ctx.connections ? { path: pathFacts(ctx.connections) } : {}),
  };
  const spread = samples.length
    ? `connect ${facts.minMs}/${facts.medianMs}/${facts.maxMs} ms (min/median/max)`
    : 'no connect succeeded';
  // every connection of the probe is a sample of the path: cuts where the server owed an answer (issue 22)
  const verdict = judgePath(facts.path);
  if (verdict?.unstable) {
    const message = `${verdict.sentence}; ${describeCutSteps(facts.path!.cuts).join('; ')}`;
    return { status: 'warning', summary: message, error: { code: 'STABILITY_CONNECTIONS_CUT', message }, facts };
  }
  if (failures > 0) {
    const message = `${failures} of ${attempts} connects failed (${[...new Set(codes)].join(', ')}); ${spread}`;
    return {
      status: failures === attempts ? 'failed' : 'warning',
      summary: message,
      error: { code: 'STABILITY_CONNECT_FAILURES', message },
      facts,
    };
  }
  const extra = attempts - earlier.length;
  return {
    status: 'passed',
    summary: `${attempts} connects (${extra ? `${extra} extra` : 'no extra'}), ${spread}`,
    facts,
  };
};
