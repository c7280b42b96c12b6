/**
 * An unstable network must never read as a healthy server (issue 22), over a real non-loopback path made here:
 * a network namespace and a veth pair (netns.ts), real xrdp and FreeRDP shadow listening on this side's veth
 * address, and a userspace relay inside the namespace (relay.ts) that the probe reaches over the veth.
 * - a relay that cuts a third of the connections right after the server's first answer (xrdp), or inside the
 *   TLS handshake (shadow): network-unstable on every one of 5 runs, each TLS version right or "unknown";
 * - a relay that only adds latency and jitter: never network-unstable, every TLS version right and settled;
 * - a relay that cuts every connection at the same point: a server problem, not the network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import { scanFleet } from '../../electron/probe/fleet/scanFleet';
import { buildReport } from '../../electron/report/buildReport';
import { renderMarkdown } from '../../electron/report/renderMarkdown';
import type { ProbeResult, TlsVersionName } from '../../shared/probe';
import { needPeers, type Peer, startShadow, startXrdp } from '../peers';
import { createNetnsPath, type NetnsPath, type NsRelay, netnsMissing } from '../peers/netns';
import type { RelayOptions } from '../peers/relay';

const FILE = 'network-unstable.test.ts';
const RUNS = 5;
/** what both servers really offer (tests/fixtures/probe/xrdp-healthy.json, shadow-nla.json) */
const TRUTH: Record<TlsVersionName, boolean> = { TLSv1: false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true };

function nsAvailability(): boolean {
  const reason = netnsMissing();
  if (!reason) return false;
  if (process.env.CI === 'true') throw new Error(`CI must be able to make a network namespace: ${FILE}: ${reason}`);
  console.warn(`[skipped] ${FILE}: ${reason}`);
  return true;
}
const peers = needPeers(['xrdp', 'shadow'], FILE);
const skip = peers.skip || nsAvailability();

const ids = (r: ProbeResult) => r.findings.map((f) => f.id);

/**
 * On this shared machine the shadow server has been seen failing to open a display Xvfb had just reported
 * ready, three times in one startShadow call (which retries by itself), then starting fine a second later.
 */
async function startShadowPatiently(host: string): Promise<Peer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startShadow({ users: [{ user: 'rdn', password: 'Network-22!' }], host });
    } catch (err) {
      if (attempt >= 3 || !/open display/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Every TLS version is either what the server really offers, or unknown with the reason; never a wrong verdict. */
function expectTlsRightOrUnknown(r: ProbeResult, run: number): void {
  expect(r.tls?.versions.map((v) => v.version).sort(), `run ${run}`).toEqual(Object.keys(TRUTH).sort());
  for (const v of r.tls!.versions) {
    if (v.status === 'unknown') {
      expect(v.unknownReason, `run ${run} ${v.version}`).toMatch(/link dropped/);
      expect(v.ok).toBe(false);
    } else {
      expect({ version: v.version, ok: v.ok }, `run ${run}: ${JSON.stringify(v)}`).toEqual({
        version: v.version,
        ok: TRUTH[v.version],
      });
      expect(v.status).toBe(TRUTH[v.version] ? 'offered' : 'not-offered');
    }
  }
}

describe.skipIf(skip)('an unstable path in front of real xrdp and FreeRDP shadow (network namespace + veth)', () => {
  let path: NetnsPath;
  let xrdp: Peer;
  let shadow: Peer;
  const relays: NsRelay[] = [];
  const relay = async (target: Peer, opts: Pick<RelayOptions, 'cut' | 'latency'>) => {
    const r = await path.startRelay({
      listenHost: path.nsAddress,
      listenPort: 0,
      targetHost: path.hostAddress,
      targetPort: target.port,
      ...opts,
    });
    relays.push(r);
    return r;
  };
  const probe = (r: NsRelay) => probeAndDiagnose({ target: `${path.nsAddress}:${r.port}`, timeoutMs: 15_000 });

  beforeAll(async () => {
    path = createNetnsPath();
    xrdp = await startXrdp({ host: path.hostAddress });
    shadow = await startShadowPatiently(path.hostAddress);
  }, 90_000);
  afterAll(async () => {
    for (const r of relays) await r.stop();
    await xrdp?.stop();
    await shadow?.stop();
    path?.remove();
  });

  it("xrdp, a third of the connections cut after the server's first answer: unstable on every run, TLS right or unknown", async () => {
    const cutter = await relay(xrdp, { cut: { at: 'after-first-answer', share: 1 / 3, seed: 22 } });
    for (let run = 1; run <= RUNS; run++) {
      const before = cutter.events.filter((e) => e.kind === 'cut').length;
      const r = await probe(cutter);
      const cutByRelay = cutter.events.filter((e) => e.kind === 'cut').length - before;
      expect(cutByRelay, `run ${run}: the relay cut something`).toBeGreaterThan(0);
      expect(r.aborted, `run ${run}`).toBe(false);
      expect(r.path?.cuts.length, `run ${run}: every cut the relay made is recorded`).toBe(cutByRelay);
      expect(r.path?.cuts.every((c) => c.bytesReceived > 0 && c.phase !== 'negotiation')).toBe(true);
      const unstable = r.findings.find((f) => f.id === 'network-unstable');
      expect(unstable, `run ${run}: ${JSON.stringify(ids(r))} ${JSON.stringify(r.path)}`).toBeDefined();
      expect(unstable?.detail).toMatch(/\d+ of \d+ connections? (was|were) cut after the server's first answer/);
      // the root cause, ahead of the self-signed test certificate: what the fleet row shows
      expect(r.findings[0]?.id, `run ${run}`).toBe('network-unstable');
      expect(unstable?.explainsCodes).toContain('0x904/0x7');
      expectTlsRightOrUnknown(r, run);
      // nothing concluded from a cut connection
      expect(ids(r)).not.toContain('tls-handshake-failed');
      expect(ids(r)).not.toContain('tls-legacy-only');
      expect(r.steps.stability.status, `run ${run}`).toBe('warning');
    }
  });

  it("xrdp, a third of the connections cut before the server's first answer: unstable on every run, each protocol right or unknown", async () => {
    const truth = { rdp: true, tls: true, hybrid: false, hybridEx: false, rdstls: false };
    const cutter = await relay(xrdp, { cut: { at: 'after-bytes', bytes: 0, share: 1 / 3, seed: 11 } });
    for (let run = 1; run <= RUNS; run++) {
      const before = cutter.events.filter((e) => e.kind === 'cut').length;
      const r = await probe(cutter);
      const cutByRelay = cutter.events.filter((e) => e.kind === 'cut').length - before;
      expect(cutByRelay, `run ${run}`).toBeGreaterThan(0);
      expect(r.path?.cuts.length, `run ${run}`).toBe(cutByRelay);
      expect(r.path?.cuts.every((c) => c.phase === 'negotiation' && c.bytesReceived === 0)).toBe(true);
      expect(ids(r), `run ${run}: ${JSON.stringify(r.path)}`).toContain('network-unstable');
      expect(r.findings[0]?.id).toBe('network-unstable');
      expect(r.findings[0]?.detail).toMatch(/cut before the server's first answer, in negotiation/);
      for (const [p, supported] of Object.entries(r.negotiation!.supports)) {
        if (supported !== null) expect(supported, `run ${run} ${p}`).toBe(truth[p as keyof typeof truth]);
      }
      if (r.tls) expectTlsRightOrUnknown(r, run);
      expect(ids(r)).not.toContain('tls-unavailable');
      expect(ids(r)).not.toContain('tls-handshake-failed');
    }
  });

  it('xrdp, two thirds of the connections cut after the first answer: still unstable every run, unsettled versions unknown', async () => {
    const cutter = await relay(xrdp, { cut: { at: 'after-first-answer', share: 2 / 3, seed: 3 } });
    let unknownSeen = 0;
    for (let run = 1; run <= RUNS; run++) {
      const r = await probe(cutter);
      expect(r.aborted, `run ${run}`).toBe(false);
      expect(ids(r), `run ${run}: ${JSON.stringify(r.path)}`).toContain('network-unstable');
      expect(r.findings[0]?.id).toBe('network-unstable');
      expectTlsRightOrUnknown(r, run);
      expect(ids(r), `run ${run}`).not.toContain('tls-handshake-failed');
      expect(ids(r), `run ${run}`).not.toContain('tls-legacy-only');
      const unknown = r.tls!.versions.filter((v) => v.status === 'unknown');
      unknownSeen += unknown.length;
      if (unknown.length) {
        // the report says unknown, never "refused", for a version the link dropped
        const markdown = renderMarkdown(buildReport(r, { ranBy: 'test', machine: 'test' }));
        for (const v of unknown)
          expect(markdown).toMatch(new RegExp(`${v.version.replace('.', '\\.')}\\W+unknown: the connection was cut`));
      }
      if (process.env.RDN_DUMP)
        console.log(
          run,
          JSON.stringify(r.tls?.versions.map((v) => [v.version, v.status, v.retried])),
          r.connections,
          r.durationMs,
        );
    }
    // the path really left facts unsettled, and they were said to be unknown (not "not offered")
    expect(unknownSeen).toBeGreaterThan(0);
  });

  it("FreeRDP shadow, a third of the TLS handshakes cut after 60 bytes of the server's hello: unstable on every run", async () => {
    // 19 bytes of X.224 Connection Confirm, then 60 bytes into the TLS ServerHello
    const cutter = await relay(shadow, { cut: { at: 'after-bytes', bytes: 19 + 60, share: 1 / 3, seed: 7 } });
    for (let run = 1; run <= RUNS; run++) {
      const before = cutter.events.filter((e) => e.kind === 'cut').length;
      const r = await probe(cutter);
      const cutByRelay = cutter.events.filter((e) => e.kind === 'cut').length - before;
      expect(cutByRelay, `run ${run}: the relay cut something`).toBeGreaterThan(0);
      expect(r.path?.cuts.length, `run ${run}`).toBe(cutByRelay);
      expect(r.path?.cuts.every((c) => c.phase === 'tls')).toBe(true);
      expect(ids(r), `run ${run}: ${JSON.stringify(r.path)}`).toContain('network-unstable');
      expect(r.findings[0]?.id).toBe('network-unstable');
      expectTlsRightOrUnknown(r, run);
      expect(ids(r)).not.toContain('tls-handshake-failed');
      expect(ids(r)).not.toContain('tls-legacy-only');
    }
  });

  it('a steady path with latency and jitter is never unstable, and every verdict is settled', async () => {
    const slowXrdp = await relay(xrdp, { latency: { baseMs: 40, jitterMs: 60, seed: 3 } });
    const slowShadow = await relay(shadow, { latency: { baseMs: 40, jitterMs: 60, seed: 4 } });
    for (let run = 1; run <= RUNS; run++) {
      for (const [name, r] of [
        ['xrdp', await probe(slowXrdp)],
        ['shadow', await probe(slowShadow)],
      ] as const) {
        expect(r.aborted, `${name} run ${run}`).toBe(false);
        expect(r.path?.cuts, `${name} run ${run}`).toEqual([]);
        expect(ids(r), `${name} run ${run}`).not.toContain('network-unstable');
        expectTlsRightOrUnknown(r, run);
        expect(r.tls?.versions.every((v) => v.status !== 'unknown' && !v.retried)).toBe(true);
      }
    }
    // it really was slow: the relay delayed every answer
    expect(slowXrdp.events.filter((e) => e.kind === 'accepted').length).toBeGreaterThan(0);
  });

  it('the fleet scan shows the unstable host as such, the steady one not; the report names the affected steps', async () => {
    const cutter = await relay(xrdp, { cut: { at: 'after-first-answer', share: 1 / 3, seed: 5 } });
    const steady = await relay(xrdp, { latency: { baseMs: 20, jitterMs: 30, seed: 6 } });
    const target = (r: NsRelay) => ({ target: `${path.nsAddress}:${r.port}`, host: path.nsAddress, port: r.port });
    const scan = await scanFleet([target(cutter), target(steady)], {
      concurrency: 2,
      timeoutMs: 15_000,
      probe: probeAndDiagnose,
    });
    const [unstableRow, steadyRow] = scan.outcomes;
    expect(unstableRow?.host.rootCause?.id).toBe('network-unstable');
    expect(unstableRow?.host.verdict).not.toBe('ok');
    expect(steadyRow?.host.findingIds).not.toContain('network-unstable');
    const markdown = renderMarkdown(buildReport(unstableRow!.result!, { ranBy: 'test', machine: 'test' }));
    expect(markdown).toMatch(/connections? (was|were) cut after the server's first answer/);
    expect(markdown).toMatch(/affected steps: [^)]*(TLS versions|Standard RDP Security)/);
  });

  it("every connection cut at the same point is the server's doing, not the network", async () => {
    const allCut = await relay(xrdp, { cut: { at: 'after-first-answer', share: 1, seed: 1 } });
    const r = await probe(allCut);
    expect(r.path?.cuts.length).toBeGreaterThan(0);
    expect(ids(r)).not.toContain('network-unstable');
    expect(ids(r)).toContain('tls-handshake-failed');
    // gentle: one retry per cut fact, and the 2-at-once limit held the probe well under its deadline
    expect(r.aborted).toBe(false);
  });
});
