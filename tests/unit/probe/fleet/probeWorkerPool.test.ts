// The worker pool's routing, cancellation and failure, with a stand-in worker script (a fake: it answers
// with which thread got the probe instead of probing). The real worker (the CLI's scanWorker, probing real
// servers) runs in tests/integration/fleet-scan-mixed.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConcurrency, defaultWorkers } from '../../../../electron/probe/fleet/fleetSizing';
import { hostKey, ProbeWorkerPool } from '../../../../electron/probe/fleet/probeWorkerPool';
import type { ProbeResult } from '../../../../shared/probe';

const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** answers each probe after `ms` (or at once when cancelled) with its thread id; target "crash" kills it */
function fakeWorker(ms: number): string {
  const file = path.join(dir, `fake-${ms}.cjs`);
  writeFileSync(
    file,
    `const { parentPort, threadId } = require('node:worker_threads');
     const timers = new Map();
     parentPort.on('message', (m) => {
       if ('cancel' in m) {
         clearTimeout(timers.get(m.cancel));
         parentPort.postMessage({ id: m.cancel, result: { input: 'cancelled', threadId } });
         return;
       }
       if (m.options.target === 'crash') process.exit(3);
       timers.set(m.id, setTimeout(() => parentPort.postMessage({ id: m.id, result: { input: m.options.target, threadId } }), ${ms}));
     });`,
  );
  return file;
}

type Fake = ProbeResult & { threadId: number };

describe('probe worker pool', () => {
  it('keys hosts without their port', () => {
    expect(hostKey('Server1.Corp:3390')).toBe('server1.corp');
    expect(hostKey('10.0.0.5')).toBe('10.0.0.5');
    expect(hostKey('[fe80::1]:3390')).toBe('fe80::1');
    expect(hostKey('fe80::1')).toBe('fe80::1');
  });

  it('spreads hosts over the threads, and sends a host already in flight to the same thread', async () => {
    const pool = new ProbeWorkerPool(fakeWorker(150), 2);
    try {
      const run = (target: string) => pool.probe({ target }) as Promise<Fake>;
      const [a, b, a2, a3] = await Promise.all([run('a.test'), run('b.test'), run('a.test:3390'), run('A.TEST:3391')]);
      expect(a.input).toBe('a.test');
      expect(a.threadId).not.toBe(b.threadId);
      expect(a2.threadId).toBe(a.threadId);
      expect(a3.threadId).toBe(a.threadId);
    } finally {
      await pool.close();
    }
  });

  it('cancels the probes in flight when the signal aborts', async () => {
    const pool = new ProbeWorkerPool(fakeWorker(60_000), 2);
    try {
      const controller = new AbortController();
      const probes = ['x.test', 'y.test'].map((target) => pool.probe({ target }, { signal: controller.signal }));
      controller.abort();
      expect((await Promise.all(probes)).map((r) => r.input)).toEqual(['cancelled', 'cancelled']);
    } finally {
      await pool.close();
    }
  });

  it('a worker that dies fails its probes and every later one (a bug ends the scan, as in-process)', async () => {
    const pool = new ProbeWorkerPool(fakeWorker(10), 1);
    try {
      await expect(pool.probe({ target: 'crash' })).rejects.toThrow(/probe worker stopped \(exit code 3\)/);
      await expect(pool.probe({ target: 'ok.test' })).rejects.toThrow(/exit code 3/);
    } finally {
      await pool.close();
    }
  });

  it('sizes a scan: the main thread below the threshold, one thread per core above it', () => {
    expect(defaultWorkers(100, 8)).toBe(0);
    expect(defaultWorkers(255, 8)).toBe(0);
    expect(defaultWorkers(256, 8)).toBe(2);
    expect(defaultWorkers(1022, 2)).toBe(2);
    expect(defaultWorkers(4096, 16)).toBe(8);
    expect(defaultWorkers(4096, 1)).toBe(0);
    expect(defaultConcurrency(0)).toBe(64);
    expect(defaultConcurrency(2)).toBe(128);
    expect(defaultConcurrency(8)).toBe(256);
  });
});
