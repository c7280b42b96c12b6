import { afterEach, describe, expect, it } from 'vitest';
import pkg from '../../../package.json';
import { runCli as run } from '../../support/runCli';

/** Runs the CLI in-process and captures what it writes. */

afterEach(() => {
  process.exitCode = undefined;
});

describe('rdp-doctor CLI', () => {
  it('--help lists the commands and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: rdp-doctor/);
    for (const cmd of ['probe', 'decode', 'web']) expect(r.out).toContain(cmd);
  });

  it('--version prints the package version', async () => {
    const r = await run('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(pkg.version);
  });

  it('an unknown command is a clear error with exit code 2', async () => {
    const r = await run('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command 'frobnicate'/);
  });

  it('an unknown option is exit code 2', async () => {
    const r = await run('web', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--bogus'/);
  });

  it.each(['70000', '-1', 'abc', '80x'])('web --port %s is refused with exit code 2', async (port) => {
    const r = await run('web', '--port', port, '--no-open');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--port must be a number from 0 to 65535/);
  });
});
