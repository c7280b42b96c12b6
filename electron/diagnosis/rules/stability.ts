/** The stability step: a few extra TCP connects. Failures, or a slowest connect far above the usual one. */
import type { Finding, ProbeResult } from '../../../shared/probe';
import { makeFinding } from '../makeFinding';

/**
 * "Widely varying": the slowest connect is more than 3× the median AND more than 200 ms above it, so a
 * fast LAN's sub-millisecond noise and a steady slow WAN both pass.
 */
export const SPREAD_FACTOR = 3;
export const SPREAD_MIN_MS = 200;

/**
 * On loopback there is no network to be unstable: slow or failed connects there come from the server's accept
 * queue (xrdp listens with a backlog of 2, so SYNs are dropped and retried after 1 s while the probe's own
 * other connections are still open). Saying "the network" would send the technician the wrong way.
 */
export function isLoopback(address: string | null | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase().replace(/^::ffff:/, '');
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

export function stabilityRule(result: ProbeResult): Finding[] {
  const s = result.stability;
  if (s === null || s.attempts === 0) return [];
  if (isLoopback(result.tcp?.address ?? result.target?.addresses[0]?.address)) return [];
  const evidence = [
    `${s.attempts} TCP connects: ${s.failures} failed; min ${fmt(s.minMs)}, median ${fmt(s.medianMs)}, max ${fmt(s.maxMs)}`,
  ];
  if (s.failures > 0) {
    return [
      makeFinding('network-unstable', `${s.failures} of ${s.attempts} connections to the server failed.`, evidence),
    ];
  }
  if (s.medianMs !== null && s.maxMs !== null) {
    const limit = Math.max(SPREAD_FACTOR * s.medianMs, s.medianMs + SPREAD_MIN_MS);
    if (s.maxMs > limit) {
      return [
        makeFinding(
          'network-unstable',
          `Connect times varied from ${fmt(s.minMs)} to ${fmt(s.maxMs)} (median ${fmt(s.medianMs)}).`,
          evidence,
        ),
      ];
    }
  }
  return [];
}

function fmt(ms: number | null): string {
  return ms === null ? '?' : `${Math.round(ms)} ms`;
}
