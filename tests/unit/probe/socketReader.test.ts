// The bounded reader over real loopback sockets: frames split across packets, a length that is too large, a
// flood, a peer that stops half-way, a close, and the AbortSignal.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TPKT_MAX_LENGTH, tpktFrameLength } from '../../../electron/probe/pdu/tpkt';
import { SocketReader } from '../../../electron/probe/socketReader';

const cleanup: Array<() => void> = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

/** A connected pair: `client` (what the reader wraps) and `server` (what the test writes from). */
async function pair(): Promise<{ client: net.Socket; server: net.Socket }> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  const serverSide = new Promise<net.Socket>((r) => srv.once('connection', r));
  const client = net.connect(port, '127.0.0.1');
  const server = await serverSide;
  server.on('error', () => {});
  cleanup.push(() => {
    client.destroy();
    server.destroy();
    srv.close();
  });
  return { client, server };
}

describe('SocketReader', () => {
  it('assembles a frame sent in pieces and keeps the rest for the next read', async () => {
    const { client, server } = await pair();
    const reader = new SocketReader(client, { signal: new AbortController().signal, maxBytes: TPKT_MAX_LENGTH });
    server.write(Buffer.from([3, 0]));
    setTimeout(() => server.write(Buffer.from([0, 8, 1, 2, 3, 4, 3, 0, 0, 7, 9, 9, 9])), 20);
    const a = await reader.readFrame(tpktFrameLength, 2000);
    expect(a.ok && [...a.value]).toEqual([3, 0, 0, 8, 1, 2, 3, 4]);
    const b = await reader.readFrame(tpktFrameLength, 2000);
    expect(b.ok && [...b.value]).toEqual([3, 0, 0, 7, 9, 9, 9]);
    reader.dispose();
  });

  it('refuses an announced length above its bound before buffering it', async () => {
    const { client, server } = await pair();
    const reader = new SocketReader(client, { signal: new AbortController().signal, maxBytes: 100 });
    server.write(Buffer.from([3, 0, 0x10, 0x00]));
    const r = await reader.readFrame(tpktFrameLength, 2000);
    expect(r).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
  });

  it('cuts off a flood without growing past its bound', async () => {
    const { client, server } = await pair();
    const reader = new SocketReader(client, { signal: new AbortController().signal, maxBytes: 1024 });
    const junk = Buffer.alloc(64 * 1024, 0x41);
    junk[0] = 3;
    server.write(junk);
    const r = await reader.readFrame(() => ({ ok: true, value: { need: 1 } }), 2000);
    expect(r).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    expect(client.destroyed).toBe(true);
  });

  it('names silence, a half message, a close and an abort; keeps the first bytes seen', async () => {
    const silent = await pair();
    const r1 = await new SocketReader(silent.client, { signal: new AbortController().signal, maxBytes: 999 }).readFrame(
      tpktFrameLength,
      50,
    );
    expect(r1).toMatchObject({ ok: false, error: { code: 'NO_RESPONSE' } });

    const half = await pair();
    half.server.write(Buffer.from([3, 0, 0, 50, 1]));
    const r2 = await new SocketReader(half.client, { signal: new AbortController().signal, maxBytes: 999 }).readFrame(
      tpktFrameLength,
      150,
    );
    expect(r2).toMatchObject({ ok: false, error: { code: 'INCOMPLETE' } });
    if (!r2.ok) expect([...r2.error.received]).toEqual([3, 0, 0, 50, 1]);

    const closing = await pair();
    closing.server.end(Buffer.from('SSH-2.0-x\r\n'));
    const r3 = await new SocketReader(closing.client, {
      signal: new AbortController().signal,
      maxBytes: 999,
    }).readFrame(tpktFrameLength, 2000);
    expect(r3).toMatchObject({ ok: false, error: { code: 'BAD_FRAME' } });
    if (!r3.ok) expect(Buffer.from(r3.error.received).toString()).toMatch(/^SSH-2\.0/);

    const aborted = await pair();
    const ac = new AbortController();
    const p = new SocketReader(aborted.client, { signal: ac.signal, maxBytes: 999 }).readFrame(tpktFrameLength, 5000);
    ac.abort();
    expect(await p).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
  });
});
