/**
 * A userspace TCP relay that plays a bad (or merely slow) network path in front of a real server (issue 22).
 * Not a mock: the probe talks real TCP to it, it talks real TCP to the real server, and it passes the bytes on.
 *
 * - `cut`: of the connections that reach the chosen point, a chosen share is cut there (RST, or a FIN with
 *   `how: 'close'`), in a seeded, evenly spaced pattern so a run is repeatable and every few connections that
 *   reach the point one is cut. Points: `after-first-answer` (the client speaks again after the server's first
 *   answer, e.g. the TLS ClientHello after the X.224 confirm: the relay cuts instead of passing it on) and
 *   `after-bytes` (the server has sent N bytes: e.g. 19 + 60 cuts inside the TLS ServerHello).
 * - `latency`: every chunk in each direction waits `baseMs` plus a seeded random share of `jitterMs`; order
 *   is kept, nothing is dropped.
 *
 * Run in-process (`startRelay`) or in another network namespace through relayMain.ts.
 */
import net from 'node:net';

export type CutPoint = { at: 'after-first-answer' } | { at: 'after-bytes'; bytes: number };

export interface RelayOptions {
  listenHost: string;
  listenPort: number;
  targetHost: string;
  targetPort: number;
  cut?: CutPoint & { share: number; seed: number; how?: 'reset' | 'close' };
  latency?: { baseMs: number; jitterMs: number; seed: number };
  /** called for each connection event (accepted, cut, closed) */
  onEvent?: (event: RelayEvent) => void;
}

export interface RelayEvent {
  kind: 'listening' | 'accepted' | 'cut' | 'passed-point';
  /** connection number in accept order */
  conn?: number;
  /** number among the connections that reached the cut point */
  eligible?: number;
  /** bytes the server had sent on the connection so far */
  serverBytes?: number;
  port?: number;
}

export interface Relay {
  port: number;
  stats: { accepted: number; reachedPoint: number; cut: number };
  close(): Promise<void>;
}

/** mulberry32: a tiny seeded PRNG, so the pattern and the jitter repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Whether the n-th connection (0-based) to reach the cut point is cut: evenly spaced with a seeded phase
 * (Bresenham), so over any run of ⌈1/share⌉ connections at least one is cut and over many exactly `share` are.
 */
export function isCut(n: number, share: number, seed: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  const phase = seededRandom(seed)();
  return Math.floor((n + 1) * share + phase) > Math.floor(n * share + phase);
}

export function startRelay(opts: RelayOptions): Promise<Relay> {
  const stats = { accepted: 0, reachedPoint: 0, cut: 0 };
  const sockets = new Set<net.Socket>();
  const rand = opts.latency ? seededRandom(opts.latency.seed) : null;
  const emit = (e: RelayEvent) => opts.onEvent?.(e);

  const server = net.createServer((client) => {
    const conn = stats.accepted++;
    emit({ kind: 'accepted', conn });
    const upstream = net.connect({ host: opts.targetHost, port: opts.targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    let serverBytes = 0;
    let cutDone = false;
    const cutNow = () => {
      cutDone = true;
      if (client.destroyed && upstream.destroyed) return;
      stats.cut++;
      emit({ kind: 'cut', conn, serverBytes });
      if (opts.cut?.how === 'close') {
        client.end();
        upstream.destroy();
      } else {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
    };
    /** the connection reached the cut point: cut it or let it pass, by the pattern */
    const atPoint = (): boolean => {
      const cut = opts.cut!;
      const n = stats.reachedPoint++;
      if (isCut(n, cut.share, cut.seed)) {
        cutNow();
        return true;
      }
      emit({ kind: 'passed-point', conn, eligible: n });
      return false;
    };
    let decided = false;

    const delayed = (to: net.Socket) => {
      // order-keeping delay line: each chunk leaves no earlier than the one before it
      let last = 0;
      return (chunk: Buffer) => {
        if (!rand || !opts.latency) {
          if (!to.destroyed) to.write(chunk);
          return;
        }
        const at = Math.max(last, Date.now() + opts.latency.baseMs + rand() * opts.latency.jitterMs);
        last = at;
        setTimeout(() => {
          if (!to.destroyed) to.write(chunk);
        }, at - Date.now());
      };
    };
    const toServer = delayed(upstream);
    const toClient = delayed(client);

    client.on('data', (chunk) => {
      if (cutDone) return;
      if (opts.cut?.at === 'after-first-answer' && serverBytes > 0 && !decided) {
        decided = true;
        if (atPoint()) return;
      }
      toServer(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cutDone) return;
      const cut = opts.cut;
      if (cut?.at === 'after-bytes' && !decided && serverBytes + chunk.length >= cut.bytes) {
        decided = true;
        const upTo = cut.bytes - serverBytes;
        if (isCut(stats.reachedPoint, cut.share, cut.seed)) {
          // pass exactly `bytes`, then cut (the write is flushed before the RST goes out)
          serverBytes += upTo;
          const head = chunk.subarray(0, upTo);
          stats.reachedPoint++;
          cutDone = true;
          // let the head reach the client before the RST, which would discard anything still unsent
          if (head.length) client.write(head, () => setTimeout(cutNow, 20));
          else cutNow();
          return;
        }
        emit({ kind: 'passed-point', conn, eligible: stats.reachedPoint++ });
      }
      serverBytes += chunk.length;
      toClient(chunk);
    });
    // a side that ends ends the other (after the delay line has drained)
    client.on('end', () =>
      setTimeout(() => upstream.end(), opts.latency ? opts.latency.baseMs + opts.latency.jitterMs : 0),
    );
    upstream.on('end', () =>
      setTimeout(() => client.end(), opts.latency ? opts.latency.baseMs + opts.latency.jitterMs : 0),
    );
    client.on('close', () => upstream.destroy());
    // a server that goes away (a reset has no 'end') takes the client with it, after what is still in the delay line
    upstream.on('close', () => {
      if (opts.latency) setTimeout(() => client.destroy(), opts.latency.baseMs + opts.latency.jitterMs + 10);
      else client.destroy();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.listenPort, opts.listenHost, () => {
      const port = (server.address() as net.AddressInfo).port;
      emit({ kind: 'listening', port });
      resolve({
        port,
        stats,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
