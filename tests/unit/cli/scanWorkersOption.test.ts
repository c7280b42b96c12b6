// `rdp-doctor scan --workers N` and the new default concurrency, refused or shown before any host is probed.
// The worker threads themselves run in tests/integration/fleet-scan-mixed.test.ts (the built CLI).
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../support/runCli';

afterEach(() => {
  process.exitCode = undefined;
});

describe('scan --workers', () => {
  it.each(['9', '-1', 'two', '1.5'])('--workers %s is refused with exit code 2', async (n) => {
    const r = await runCli('scan', '127.39.0.1:1', '--workers', n);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--workers must be a whole number from 0 to 8/);
    expect(r.out).toBe('');
  });

  it('asks for the build when run from the sources (no worker script to start)', async () => {
    const r = await runCli('scan', '127.39.0.1:1', '--workers', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--workers needs the built CLI \(npm run build\)/);
  });

  it('--workers 0 scans on the main thread; the default concurrency is 64 per thread', async () => {
    const r = await runCli('scan', '127.39.0.1:1', '--workers', '0', '--json', '--timeout', '1');
    const report = JSON.parse(r.out) as { scan: { concurrency: number; total: number } };
    expect(report.scan).toMatchObject({ concurrency: 64, total: 1 });
    expect(r.code).toBe(1); // nothing listens there: an error finding
  });
});
