// The harness itself, against the real Debian servers: each peer listens where it says, answers like
// itself, and stop() really frees its port.
import net from 'node:net';
import { Client } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { needPeers, type Peer, startShadow, startSshd, startXrdp } from '../peers';

const { skip } = needPeers(['xrdp', 'shadow', 'sshd'], 'peers-harness.test.ts');

/** One X.224 Connection Request with RDP_NEG_REQ asking for `protocols`; returns the raw reply. */
function x224(peer: Peer, protocols: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: peer.host, port: peer.port });
    const neg = Buffer.from([1, 0, 8, 0, protocols, 0, 0, 0]);
    const cr = Buffer.concat([Buffer.from([6 + neg.length, 0xe0, 0, 0, 0, 0, 0]), neg]);
    s.on('connect', () => s.write(Buffer.concat([Buffer.from([3, 0, 0, 4 + cr.length]), cr])));
    s.once('data', (d) => {
      s.destroy();
      resolve(d);
    });
    s.on('error', reject);
    s.setTimeout(5000, () => reject(new Error('no reply')));
  });
}

function connectable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe.skipIf(skip)('peers harness', () => {
  const started: Peer[] = [];
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
  });

  it('starts xrdp that selects TLS when asked for TLS, and frees its port on stop', async () => {
    const xrdp = await startXrdp({ securityLayer: 'negotiate' });
    const reply = await x224(xrdp, 1);
    // TPKT v3, X.224 CC (0xd0), RDP_NEG_RSP (type 2) selecting PROTOCOL_SSL (1)
    expect(reply[0]).toBe(3);
    expect(reply[5]).toBe(0xd0);
    expect(reply[11]).toBe(2);
    expect(reply.readUInt32LE(15)).toBe(1);
    await xrdp.stop();
    expect(await connectable(xrdp.host, xrdp.port)).toBe(false);
  });

  it('starts xrdp as user xrdp with a root-only key', async () => {
    const xrdp = await startXrdp({ unreadableKey: true });
    started.push(xrdp);
    const reply = await x224(xrdp, 1);
    expect(reply[5]).toBe(0xd0);
  });

  it('starts the FreeRDP shadow server, which insists on NLA', async () => {
    const shadow = await startShadow({ users: [{ user: 'alice', password: 'S3cret!' }] });
    started.push(shadow);
    const tls = await x224(shadow, 1);
    expect(tls[11]).toBe(3); // RDP_NEG_FAILURE
    expect(tls.readUInt32LE(15)).toBe(5); // HYBRID_REQUIRED_BY_SERVER
    const hybrid = await x224(shadow, 3);
    expect(hybrid[11]).toBe(2);
    expect(hybrid.readUInt32LE(15)).toBe(2); // PROTOCOL_HYBRID
  });

  it('starts sshd that runs a command for the authorized key', async () => {
    const sshd = await startSshd();
    started.push(sshd);
    const out = await new Promise<string>((resolve, reject) => {
      const c = new Client();
      c.on('ready', () => {
        c.exec('echo harness-ok', (err, stream) => {
          if (err) return reject(err);
          let buf = '';
          stream.on('data', (d: Buffer) => {
            buf += d.toString();
          });
          stream.on('close', () => {
            c.end();
            resolve(buf.trim());
          });
        });
      });
      c.on('error', reject);
      c.connect({ host: sshd.host, port: sshd.port, username: sshd.user, privateKey: sshd.clientKeyPem });
    });
    expect(out).toBe('harness-ok');
  });
});
