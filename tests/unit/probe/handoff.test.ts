// The TCP step's connection handed on to the negotiation's first request (issue 20), on real loopback sockets.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Handoff } from '../../../electron/probe/handoff';

const HOST = '127.44.0.1';
let server: net.Server;
let port = 0;
const accepted: net.Socket[] = [];

beforeAll(async () => {
  server = net.createServer((s) => {
    accepted.push(s);
    s.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const s of accepted) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

async function connected(): Promise<net.Socket> {
  const socket = net.connect({ host: HOST, port });
  await new Promise((resolve) => socket.once('connect', resolve));
  // until the server side exists, nothing it does can be tested
  while (accepted.length === 0 || accepted.at(-1)!.remotePort !== socket.localPort) {
    await new Promise((r) => setTimeout(r, 5));
  }
  return socket;
}

describe('Handoff: the TCP step connection', () => {
  it('is handed on once, open and unused', async () => {
    const handoff = new Handoff();
    const socket = await connected();
    handoff.putConnected(socket);
    expect(handoff.takeConnected()).toBe(socket);
    expect(handoff.takeConnected()).toBeNull();
    expect(socket.destroyed).toBe(false);
    socket.destroy();
  });

  it('is not handed on once the server spoke first or closed it: the negotiation then opens a fresh one', async () => {
    const handoff = new Handoff();
    const spoke = await connected();
    spoke.on('data', () => {});
    accepted.at(-1)!.write('SSH-2.0-not-rdp\r\n');
    await new Promise((r) => spoke.once('data', r));
    handoff.putConnected(spoke);
    expect(handoff.takeConnected()).toBeNull();
    expect(spoke.destroyed).toBe(true);

    const closed = await connected();
    closed.resume();
    accepted.at(-1)!.end();
    await new Promise((r) => closed.once('end', r));
    handoff.putConnected(closed);
    expect(handoff.takeConnected()).toBeNull();
    expect(closed.destroyed).toBe(true);
  });

  it('is closed with the probe when nobody took it, and a second one is not kept', async () => {
    const handoff = new Handoff();
    const first = await connected();
    const second = await connected();
    handoff.putConnected(first);
    handoff.putConnected(second);
    expect(second.destroyed).toBe(true);
    handoff.closeAll();
    expect(first.destroyed).toBe(true);
    const late = await connected();
    handoff.putConnected(late);
    expect(late.destroyed).toBe(true);
    expect(handoff.takeConnected()).toBeNull();
  });
});
