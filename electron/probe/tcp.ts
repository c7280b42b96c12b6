/**
 * Probe step 2: TCP. Connect to each resolved address in turn until one works (as a client falls back from
 * one address to the next), recording each attempt's time and how it failed.
 */
import type { TcpFacts } from '../../shared/probe';
import { type Step, stepBudget } from './stepTypes';
import { connectTcp } from './tcpConnect';

/** Per address: long enough for a slow WAN SYN/ACK, short enough to leave time for the other steps. */
const CONNECT_TIMEOUT_MS = 4_000;

export const tcpStep: Step<TcpFacts> = async (ctx) => {
  const addresses = ctx.facts.target?.addresses ?? [];
  const facts: TcpFacts = { address: null, port: ctx.port, connectMs: null, attempts: [] };
  for (const { address } of addresses) {
    const timeoutMs = stepBudget(ctx, CONNECT_TIMEOUT_MS);
    const r = await connectTcp({ address, port: ctx.port, signal: ctx.signal, timeoutMs, trace: ctx.trace });
    if (r.ok) {
      // the negotiation's first request goes on with this connection (handoff.ts): one connection fewer
      if (ctx.handoff) ctx.handoff.putConnected(r.socket);
      else r.socket.destroy();
      facts.attempts.push({ address, ok: true, ms: r.ms });
      facts.address = address;
      facts.connectMs = r.ms;
      const fallback = facts.attempts.length > 1 ? ` after ${facts.attempts.length - 1} failed address(es)` : '';
      return { status: 'passed', summary: `connected to ${show(address)}:${ctx.port} in ${r.ms} ms${fallback}`, facts };
    }
    facts.attempts.push({ address, ok: false, ms: r.ms, errorCode: r.code, message: r.message });
    if (r.code === 'aborted') break;
  }
  const last = facts.attempts.at(-1);
  if (!last) {
    return {
      status: 'failed',
      summary: 'no address to connect to',
      error: { code: 'TCP_NO_ADDRESS', message: 'no address to connect to' },
      facts,
    };
  }
  const code = `TCP_${(last.errorCode ?? 'error').toUpperCase()}`;
  const message = `port ${ctx.port}: ${last.message ?? 'connection failed'}`;
  return { status: 'failed', summary: message, error: { code, message }, facts };
};

const show = (a: string) => (a.includes(':') ? `[${a}]` : a);
