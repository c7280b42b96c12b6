// Hostile fake servers (named as fakes: no real server misbehaves on purpose): garbage, a TPKT claiming more
// than it sends, a flood, a one-byte-a-second drip, a Connection Confirm followed by TLS garbage. Each is cut
// off with a named error, the probe ends by its deadline, and no socket stays open.
import type net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../electron/probe/runProbe';
import { drip, type Peer, startTcpServer } from '../peers';

const started: Peer[] = [];
afterAll(async () => {
  await Promise.all(started.map((p) => p.stop()));
});
async function fake(onData: (s: net.Socket, first: Buffer) => void): Promise<{ peer: Peer; open: () => number }> {
  const sockets = new Set<net.Socket>();
  const peer = await startTcpServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.once('data', (d) => onData(s, d));
  });
  started.push(peer);
  return { peer, open: () => sockets.size };
}
/** A valid X.224 Connection Confirm selecting TLS. */
const CC_TLS = Buffer.from([3, 0, 0, 19, 14, 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0, 8, 0, 1, 0, 0, 0]);

async function settle(open: () => number): Promise<number> {
  for (let i = 0; i < 50 && open() > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return open();
}

describe('probe: hostile servers (fakes)', () => {
  it('garbage bytes: not RDP, sample kept printable', async () => {
    const { peer, open } = await fake((s) => s.end(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0x41])));
    const r = await runProbe({ target: peer.target, timeoutMs: 3000, stabilitySamples: 0 });
    expect(r.negotiation!.notRdp).toEqual({ kind: 'unknown', sample: '.....A' });
    expect(await settle(open)).toBe(0);
  });

  it('a TPKT that claims 65535 bytes and sends 10: INCOMPLETE at the deadline, not a hang', async () => {
    const { peer, open } = await fake((s) => s.write(Buffer.from([3, 0, 0xff, 0xff, 1, 2, 3, 4, 5, 6])));
    const r = await runProbe({ target: peer.target, timeoutMs: 1200, stabilitySamples: 0 });
    for (const a of r.negotiation!.attempts) expect(a.error?.code).toBe('X224_INCOMPLETE');
    expect(r.durationMs).toBeLessThan(1200 + 5000); // a bound against hangs, not a speed claim
    expect(await settle(open)).toBe(0);
  });

  it('a flood of megabytes after a TPKT header: cut off as TOO_LARGE or a bad frame', async () => {
    const { peer, open } = await fake((s) => {
      const chunk = Buffer.alloc(256 * 1024, 0x41);
      chunk[0] = 3;
      chunk[1] = 0;
      for (let i = 0; i < 16 && !s.destroyed; i++) s.write(chunk);
    });
    const r = await runProbe({ target: peer.target, timeoutMs: 3000, stabilitySamples: 0 });
    for (const a of r.negotiation!.attempts) {
      expect(a.outcome).not.toBe('selected');
      expect(a.error?.code).toMatch(/X224_(TOO_LARGE|BAD_FRAME|CLOSED|RESET)|X224_NOT_CONFIRM|X224_BAD_LENGTH/);
    }
    expect(await settle(open)).toBe(0);
  });

  it('a one-byte-a-second drip of a valid confirm: INCOMPLETE at the deadline', async () => {
    const { peer, open } = await fake((s) => drip(s, CC_TLS, 1000));
    const r = await runProbe({ target: peer.target, timeoutMs: 1500, stabilitySamples: 0 });
    for (const a of r.negotiation!.attempts) expect(['X224_INCOMPLETE', 'X224_ABORTED']).toContain(a.error?.code);
    expect(r.durationMs).toBeLessThan(1500 + 5000); // a bound against hangs, not a speed claim
    expect(await settle(open)).toBe(0);
  });

  it('a valid confirm selecting TLS, then garbage instead of a ServerHello: every TLS version fails, named', async () => {
    const { peer, open } = await fake((s) => {
      s.write(CC_TLS);
      s.once('data', () => s.write(Buffer.from('NOT TLS AT ALL\r\n')));
    });
    const r = await runProbe({ target: peer.target, timeoutMs: 3000, stabilitySamples: 0 });
    expect(r.negotiation!.supports.tls).toBe(true);
    for (const v of r.tls!.versions) {
      expect(v.ok).toBe(false);
      expect(v.failure?.kind).toBeTruthy();
    }
    expect(r.steps.tls.status).toBe('failed');
    expect(await settle(open)).toBe(0);
  });

  it('a confirm with an RDP_NEG_RSP of the wrong length: a typed error with its offset', async () => {
    const bad = Buffer.from(CC_TLS);
    bad[13] = 9; // length field of RDP_NEG_RSP
    const { peer } = await fake((s) => s.end(bad));
    const r = await runProbe({ target: peer.target, timeoutMs: 3000, stabilitySamples: 0 });
    expect(r.negotiation!.attempts[0]!.error).toMatchObject({ code: 'RDPNEG_BAD_LENGTH' });
    expect(r.negotiation!.attempts[0]!.error!.message).toMatch(/at byte 13/);
  });
});
