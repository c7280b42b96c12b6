/**
 * The path: connections cut where the server owed an answer (every connection of the probe is a sample,
 * issue 22); then the stability step's extra TCP connects: failures, or a slowest connect far above the usual one.
 */
import type { Finding, ProbeResult } from '../../../shared/probe';
import { describeCutSteps, judgePath } from '../../probe/pathVerdict';
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
  // Cuts count on loopback too: the accept-backlog exception below is for SYN retries only, never for a
  // connection that was accepted and then dropped mid-handshake.
  const cut = cutRule(result);
  if (cut) return [cut];
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

/** network-unstable from connections the path cut while the server answered correctly on others. */
function cutRule(result: ProbeResult): Finding | null {
  const path = result.path ?? result.stability?.path;
  const verdict = judgePath(path);
  if (!path || !verdict?.unstable) return null;
  const steps = describeCutSteps(path.cuts);
  const unsettled = unsettledFacts(result);
  const retried = retriedFacts(result);
  const evidence = [
    `${verdict.sentence} (seen on the wire)`,
    ...steps,
    ...(retried.length ? [`settled on a retry after a cut: ${retried.join(', ')}`] : []),
    ...(unsettled.length ? [`not concluded, the link dropped them and their retries: ${unsettled.join(', ')}`] : []),
  ];
  const where = [...new Set(steps.map((line) => line.split(':')[0]))].join(', ');
  return makeFinding(
    'network-unstable',
    `${verdict.sentence}, while the server answered correctly on the other connections: the path between here and the server drops connections (affected steps: ${where}).`,
    evidence,
  );
}

/** Facts the probe settled only on their one retry: right, but worth saying how they were got. */
function retriedFacts(result: ProbeResult): string[] {
  const out: string[] = [];
  for (const v of result.tls?.versions ?? []) {
    if (v.retried && v.status !== 'unknown') out.push(`${v.version.replace('TLSv', 'TLS ')} support`);
  }
  for (const a of result.negotiation?.attempts ?? []) {
    if (a.retried && a.outcome !== 'closed') out.push(`the answer to the ${a.requested} request`);
  }
  return out;
}

/** Facts the probe left unknown because their connections were cut (and their retries). */
function unsettledFacts(result: ProbeResult): string[] {
  const out: string[] = [];
  for (const v of result.tls?.versions ?? []) {
    if (v.status === 'unknown') out.push(`${v.version.replace('TLSv', 'TLS ')} support`);
  }
  for (const a of result.negotiation?.attempts ?? []) {
    if (a.outcome === 'closed' && (a.error?.code === 'X224_CLOSED' || a.error?.code === 'X224_RESET')) {
      out.push(`the answer to the ${a.requested} request`);
    }
  }
  if (result.steps.credssp?.error?.code === 'CREDSSP_LINK_DROPPED') out.push('CredSSP');
  if (result.steps.rdpSecurity?.error?.code === 'RDPSEC_LINK_DROPPED') out.push('Standard RDP Security');
  return out;
}

function fmt(ms: number | null): string {
  return ms === null ? '?' : `${Math.round(ms)} ms`;
}
