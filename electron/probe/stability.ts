/**
 * Probe step 8: stability. A few extra TCP connects, one after another, to the address that worked:
 * connect latency min/median/max and how many failed (a flaky link or an overloaded listener shows here).
 */
import type { StabilityFacts } from '../../shared/probe';
import type { Step } from './stepTypes';
import { connectTcp } from './tcpConnect';

const SAMPLE_TIMEOUT_MS = 2_000;

export function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 10) / 10;
}

export const stabilityStep: Step<StabilityFacts> = async (ctx) => {
  const n = ctx.options.stabilitySamples;
  if (n === 0 || !ctx.address) return { status: 'skipped', summary: n === 0 ? 'not asked for' : 'no address to test' };
  const samples: number[] = [];
  let failures = 0;
  let attempts = 0;
  const codes: string[] = [];
  for (let i = 0; i < n && !ctx.signal.aborted; i++) {
    const timeoutMs = Math.max(1, Math.min(SAMPLE_TIMEOUT_MS, ctx.deadline - Date.now()));
    attempts++;
    const r = await connectTcp({ address: ctx.address, port: ctx.port, signal: ctx.signal, timeoutMs });
    if (r.ok) {
      r.socket.destroy();
      samples.push(r.ms);
    } else if (r.code !== 'aborted') {
      failures++;
      codes.push(r.code);
    } else {
      attempts--;
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
  };
  const spread = samples.length
    ? `connect ${facts.minMs}/${facts.medianMs}/${facts.maxMs} ms (min/median/max)`
    : 'no connect succeeded';
  if (failures > 0) {
    const message = `${failures} of ${attempts} connects failed (${[...new Set(codes)].join(', ')}); ${spread}`;
    return {
      status: failures === attempts ? 'failed' : 'warning',
      summary: message,
      error: { code: 'STABILITY_CONNECT_FAILURES', message },
      facts,
    };
  }
  return { status: 'passed', summary: `${attempts} connects, ${spread}`, facts };
};
