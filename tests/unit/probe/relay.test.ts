/**
 * The test relay itself (tests/peers/relay.ts), on loopback in-process against a tiny real TCP server that
 * answers each message with "ok:<message>": it cuts exactly where it is told, passes everything else, and only
 * delays under latency.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Relay, type RelayOptions, startRelay } from '../../peers/relay';

const HOST = '127.37.0.1';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function answeringServer(): Promise<number> {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    s.on('data', (d) => s.write(`ok:${d.toString()}`));
  });
  await new Promise<void>((r) => server.listen(0, HOST, r));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return (server.address() as net.AddressInfo).port;
}

async function relayTo(port: number, opts: Pick<RelayOptions, 'cut' | 'latency'>): Promise<Relay> {
  const relay = await startRelay({ listenHost: HOST, listenPort: 0, targetHost: HOST, targetPort: port, ...opts });
  closers.push(() => relay.close());
  return relay;
}

/** Sends each message after the previous answer; says what came back and how the connection ended. */
function converse(port: number, messages: string[]): Promise<{ answers: string[]; end: string }> {
  return new Promise((resolve) => {
    const s = net.connect({ host: HOST, port });
    const answers: string[] = [];
    let i = 0;
    const next = () => {
      if (i < messages.length) s.write(messages[i++]!);
      else {
        s.end();
        resolve({ answers, end: 'done' });
      }
    };
    s.on('connect', next);
    s.on('data', (d) => {
      answers.push(d.toString());
      next();
    });
    s.on('error', (err: NodeJS.ErrnoException) => resolve({ answers, end: err.code ?? 'error' }));
    s.on('end', () => resolve({ answers, end: 'eof' }));
  });
}

describe('test relay', () => {
  it('cuts every third connection that speaks again after the first answer, with a reset', async () => {
    const relay = await relayTo(await answeringServer(), { cut: { at: 'after-first-answer', share: 1 / 3, seed: 0 } });
    const results = [];
    for (let n = 0; n < 6; n++) results.push(await converse(relay.port, ['a', 'b']));
    const cut = results.filter((r) => r.end === 'ECONNRESET');
    expect(cut).toHaveLength(2);
    for (const r of cut) expect(r.answers).toEqual(['ok:a']);
    for (const r of results.filter((x) => x.end !== 'ECONNRESET')) expect(r.answers).toEqual(['ok:a', 'ok:b']);
    expect(relay.stats).toEqual({ accepted: 6, reachedPoint: 6, cut: 2 });
  });

  it('a connection that never speaks again is never cut (it never reached the point)', async () => {
    const relay = await relayTo(await answeringServer(), { cut: { at: 'after-first-answer', share: 1, seed: 0 } });
    expect(await converse(relay.port, ['a'])).toEqual({ answers: ['ok:a'], end: 'done' });
    expect(relay.stats.cut).toBe(0);
  });

  it('after N bytes: passes exactly N bytes of the answer, then resets', async () => {
    const relay = await relayTo(await answeringServer(), { cut: { at: 'after-bytes', bytes: 4, share: 1, seed: 0 } });
    const r = await new Promise<{ got: string; end: string }>((resolve) => {
      const sock = net.connect({ host: HOST, port: relay.port }, () => sock.write('hello'));
      let got = '';
      sock.on('data', (d) => {
        got += d.toString();
      });
      sock.on('error', (err: NodeJS.ErrnoException) => resolve({ got, end: err.code ?? 'error' }));
      sock.on('end', () => resolve({ got, end: 'eof' }));
    });
    expect(r).toEqual({ got: 'ok:h', end: 'ECONNRESET' });
  });

  it('latency and jitter delay but keep every byte in order', async () => {
    const relay = await relayTo(await answeringServer(), { latency: { baseMs: 5, jitterMs: 20, seed: 9 } });
    const r = await converse(relay.port, ['1', '2', '3', '4']);
    expect(r).toEqual({ answers: ['ok:1', 'ok:2', 'ok:3', 'ok:4'], end: 'done' });
    expect(relay.stats.cut).toBe(0);
  });
});
