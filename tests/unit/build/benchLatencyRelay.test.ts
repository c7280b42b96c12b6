// The bench's latency relay (scripts/benchLatencyRelay.cjs) adds at least the round trip it is asked for, in
// the right places, and passes every byte through in order; a silent relay never answers. Only lower bounds on
// time are checked (a loaded machine can only make it slower), never a speed.
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const { startRelays } = createRequire(__filename)(
  path.resolve(__dirname, '../../../scripts/benchLatencyRelay.cjs'),
) as {
  startRelays: (
    pairs: { listenHost: string; listenPort: number; upHost: string | null; upPort?: number }[],
    rttMs: number,
  ) => Promise<{ close(): void }>;
};

const RTT = 80;
const HOST = '127.39.0.90';
let echo: net.Server;
let echoPort = 0;
let relay: { close(): void };
let relayPort = 0;
let silentPort = 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, HOST, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, HOST, r));
  echoPort = (echo.address() as net.AddressInfo).port;
  relayPort = await freePort();
  silentPort = await freePort();
  relay = await startRelays(
    [
      { listenHost: HOST, listenPort: relayPort, upHost: HOST, upPort: echoPort },
      { listenHost: HOST, listenPort: silentPort, upHost: null },
    ],
    RTT,
  );
});
afterAll(() => {
  relay?.close();
  echo?.close();
});

/** Connects, sends `data`, resolves with what came back once `expect` bytes have arrived, and the times. */
function exchange(port: number, chunks: Buffer[], want: number) {
  return new Promise<{ got: Buffer; firstMs: number }>((resolve, reject) => {
    const c = net.connect(port, HOST);
    const parts: Buffer[] = [];
    let n = 0;
    let firstMs = -1;
    const t0 = performance.now();
    c.on('connect', () => {
      for (const chunk of chunks) c.write(chunk);
    });
    c.on('data', (d) => {
      if (firstMs < 0) firstMs = performance.now() - t0;
      parts.push(d);
      n += d.length;
      if (n >= want) {
        c.destroy();
        resolve({ got: Buffer.concat(parts), firstMs });
      }
    });
    c.on('error', reject);
  });
}

describe('bench latency relay', () => {
  it('the first answer comes at least 1.5 round trips after connecting (connect 1 RTT + half each way)', async () => {
    const { got, firstMs } = await exchange(relayPort, [Buffer.from('ping')], 4);
    expect(got.toString()).toBe('ping');
    expect(firstMs).toBeGreaterThanOrEqual(RTT * 1.5 - 5);
  });

  it('passes a megabyte through in order, in many chunks', async () => {
    const data = Buffer.alloc(1 << 20);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 8)) & 0xff;
    const chunks = Array.from({ length: 64 }, (_, i) => data.subarray(i << 14, (i + 1) << 14));
    const { got } = await exchange(relayPort, chunks, data.length);
    expect(got.equals(data)).toBe(true);
  });

  it('a silent relay accepts and never answers', async () => {
    const answered = await Promise.race([
      exchange(silentPort, [Buffer.from('hello')], 1).then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), RTT * 4)),
    ]);
    expect(answered).toBe(false);
  });
});
