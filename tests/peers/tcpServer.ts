/**
 * Fake servers for what no real peer does on purpose: a non-RDP service, garbage, oversized lengths,
 * slow drips, a listener that never answers. Named as fakes; every socket is destroyed on stop().
 */
import net from 'node:net';
import { nextLoopbackAddress } from './process';
import type { Peer } from './types';

export async function startTcpServer(
  onConnection: (socket: net.Socket) => void,
  opts: { host?: string } = {},
): Promise<Peer> {
  const host = opts.host ?? nextLoopbackAddress();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    kind: 'tcp',
    host,
    port,
    target: host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`,
    log: () => '',
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes `bytes` one byte every `everyMs` until the socket closes. */
export function drip(socket: net.Socket, bytes: Uint8Array, everyMs: number): void {
  let i = 0;
  const t = setInterval(() => {
    if (socket.destroyed || i >= bytes.length) {
      clearInterval(t);
      return;
    }
    socket.write(Buffer.from([bytes[i++] as number]));
  }, everyMs);
  socket.on('close', () => clearInterval(t));
}

/** A port on `host` where nothing listens (bound, then closed). */
export async function closedPort(
  host = nextLoopbackAddress(),
): Promise<{ host: string; port: number; target: string }> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, host, () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return { host, port, target: `${host}:${port}` };
}
