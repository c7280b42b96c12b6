/**
 * A relay that lets a plain TLS client (openssl s_client) talk to an RDP server: for each client connection it
 * opens one to the server, sends the X.224 Connection Request with RDP_NEG_REQ asking for TLS (PROTOCOL_SSL,
 * MS-RDPBCGR 2.2.1.1.1), reads the Connection Confirm, checks the server selected TLS, and from then on only
 * copies bytes both ways. The TLS handshake is the real client's own, end to end with the real server.
 * Written by hand, apart from the probe's encoder, so the check does not lean on the code it checks.
 * Listens on the 127.40.*.* loopback block (issue 21's helper block).
 */
import net from 'node:net';

/** TPKT (4) + X.224 CR (7) + RDP_NEG_REQ (8) requesting PROTOCOL_SSL = 19 bytes. */
const CONNECTION_REQUEST = Buffer.from([
  0x03, 0x00, 0x00, 0x13, 0x0e, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00,
]);

let next = 0;
const relayAddress = () => `127.40.${process.pid % 250}.${(next++ % 250) + 1}`;

export interface Relay {
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function startPreambleRelay(upstream: { host: string; port: number }): Promise<Relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const up = net.connect({ host: upstream.host, port: upstream.port });
    const fail = () => {
      client.destroy();
      up.destroy();
    };
    up.on('error', fail);
    client.on('error', fail);
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
    up.once('connect', () => up.write(CONNECTION_REQUEST));
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const length = buf.readUInt16BE(2);
      if (buf.length < length) return;
      up.off('data', onData);
      // X.224 Connection Confirm (0xd0) carrying RDP_NEG_RSP (type 2) that selected PROTOCOL_SSL (1)
      const ok = buf[5] === 0xd0 && length >= 19 && buf[11] === 0x02 && buf.readUInt32LE(15) === 1;
      if (!ok) return fail();
      const rest = buf.subarray(length);
      if (rest.length) client.write(rest);
      up.pipe(client);
      client.pipe(up);
      client.resume();
    };
    up.on('data', onData);
  });
  const host = relayAddress();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    host,
    port,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
