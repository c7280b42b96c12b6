// `rdp-doctor probe` in-process: usage errors exit 2 before any connection; a real probe of a closed loopback
// port prints one JSON document whose findings decide the exit code; the password comes only from stdin.
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveTable, readPasswordLine, wrapWords } from '../../../electron/cli/probeCommand';
import { ProbeResultSchema, STEP_IDS, type StepId } from '../../../shared/probe';
import { runCli as run } from '../../support/runCli';

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('rdp-doctor probe', () => {
  it.each([
    [['probe', 'fe80::1:3389'], /brackets/],
    [['probe', 'host:99999'], /port number/],
    [['probe', 'host', '--timeout', 'soon'], /--timeout must be a number/],
    [['probe', 'host', '--timeout', '50'], /between 100 and 120000/],
    [['probe', 'host', '--user', 'alice'], /--password-stdin/],
    [['probe', 'host', '--password-stdin'], /needs --user/],
  ])('%j is bad usage: exit 2 with a sentence', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  it('--password on the command line does not exist', async () => {
    const r = await run('probe', 'host', '--user', 'a', '--password', 'secret');
    expect(r.code).toBe(2);
  });

  it('--json prints exactly one ProbeResult; the exit code follows the error findings', async () => {
    const port = await closedPort();
    const r = await run('probe', `127.0.0.1:${port}`, '--json', '--timeout', '3000');
    const doc = JSON.parse(r.out);
    expect(ProbeResultSchema.safeParse(doc).success).toBe(true);
    expect(doc.steps.tcp).toMatchObject({ status: 'failed', error: { code: 'TCP_REFUSED' } });
    const hasError = doc.findings.some((f: { severity: string }) => f.severity === 'error');
    expect(r.code).toBe(hasError ? 1 : 0);
  });

  it('human output: one line per step with its label and the verdict, no colour when not a TTY', async () => {
    const port = await closedPort();
    const r = await run('probe', `127.0.0.1:${port}`, '--timeout', '3000');
    expect(r.out).toMatch(/Probing 127\.0\.0\.1:\d+/);
    expect(r.out).toMatch(/✗ TCP connection\s+\d+ ms\s+port \d+: connection refused/);
    expect(r.out).toMatch(/- Security negotiation/);
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it('on a colour TTY the table is live: a row per step from the start, redrawn in place, fitted to the width', () => {
    let text = '';
    const t = new LiveTable(
      true,
      (s) => {
        text += s;
      },
      true,
      60,
    );
    t.header('srv:3389');
    expect(text.match(/waiting/g)).toHaveLength(9);
    text = '';
    t.step({ step: 'tcp', status: 'running', durationMs: null, summary: '' });
    expect(text.startsWith('\x1b[9A')).toBe(true);
    expect(text.match(/\x1b\[2K/g)).toHaveLength(9);
    text = '';
    t.step({ step: 'tcp', status: 'passed', durationMs: 3, summary: 'x'.repeat(200) });
    const tcpRow = text.split('\n').find((l) => l.includes('TCP connection'))!;
    const visible = tcpRow.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace('\r', '');
    expect(visible.length).toBeLessThanOrEqual(60);
    expect(visible.endsWith('…')).toBe(true);
  });

  it('the live table colours on request', () => {
    let text = '';
    const t = new LiveTable(true, (s) => {
      text += s;
    });
    for (const step of ['target', 'tcp', 'negotiation'] as const)
      t.step({ step, status: 'passed', durationMs: 1, summary: 'ok' });
    t.step({ step: 'tls', status: 'failed', durationMs: 12, summary: 'no TLS version worked' });
    t.step({ step: 'tls', status: 'running', durationMs: null, summary: '' });
    expect(text).toMatch(/\x1b\[31m✗/);
    expect(text.split('\n').filter(Boolean)).toHaveLength(4);
  });

  it('prints steps in their fixed order, not in the order they finish', () => {
    let text = '';
    const t = new LiveTable(false, (s) => {
      text += s;
    });
    const done = (step: StepId) => t.step({ step, status: 'passed', durationMs: 1, summary: `${step} done` });
    // finishing order as in a real run: the parallel steps after the negotiation finish in any order
    for (const step of [
      'target',
      'tcp',
      'negotiation',
      'rdpSecurity',
      'credssp',
      'tls',
      'nlaCheck',
      'certificate',
      'stability',
    ] as const)
      done(step);
    const order = text
      .split('\n')
      .filter(Boolean)
      .map((l) => /(\w+) done/.exec(l)?.[1]);
    expect(order).toEqual([...STEP_IDS]);
  });
});

describe('readPasswordLine', () => {
  it('takes the first line only, without its line ending', async () => {
    const s = new PassThrough();
    const p = readPasswordLine(s);
    s.write('pa ss:wörd\r\nsecond line\n');
    await expect(p).resolves.toBe('pa ss:wörd');
  });

  it('accepts a last line without a newline, refuses empty input', async () => {
    const a = new PassThrough();
    const pa = readPasswordLine(a);
    a.end('x');
    await expect(pa).resolves.toBe('x');
    const b = new PassThrough();
    const pb = readPasswordLine(b);
    b.end();
    await expect(pb).rejects.toThrow(/empty/);
  });
});

describe('rdp-doctor probe --report', () => {
  it('writes the report next to the output, and an unwritable path is bad usage', async () => {
    const { mkdtempSync, existsSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-report-'));
    try {
      const port = await closedPort();
      const file = path.join(dir, 'r.json');
      const ok = await run('probe', `127.0.0.1:${port}`, '--timeout', '2000', '--report', file);
      expect([0, 1]).toContain(ok.code);
      expect(existsSync(file)).toBe(true);
      expect(ok.out).toContain(`Report written to ${file}`);
      const bad = await run('probe', `127.0.0.1:${port}`, '--timeout', '2000', '--report', path.join(dir, 'r.exe'));
      expect(bad.code).toBe(2);
      expect(bad.out).toBe(''); // refused before probing
      const unwritable = await run(
        'probe',
        `127.0.0.1:${port}`,
        '--timeout',
        '2000',
        '--report',
        path.join(dir, 'no/such/dir/r.md'),
      );
      expect(unwritable.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--codes and --redact shape the report; bad codes, or --redact without --report, are bad usage', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-report-'));
    try {
      const port = await closedPort();
      const target = `127.0.0.1:${port}`;
      const file = path.join(dir, 'r.md');
      const ok = await run('probe', target, '--timeout', '2000', '--report', file, '--codes', '0x904 0x7', '--redact');
      expect(ok.code).toBe(1); // tcp-refused is an error finding
      const md = readFileSync(file, 'utf8');
      expect(md).toContain('disconnectReasonAtClientWinsockFDCLOSE');
      expect(md).not.toContain('127.0.0.1');
      const badCodes = await run('probe', target, '--report', file, '--codes', 'banana');
      expect(badCodes.code).toBe(2);
      expect(badCodes.err).toMatch(/--codes: "banana" is not a code/);
      const redactAlone = await run('probe', target, '--redact');
      expect(redactAlone.code).toBe(2);
      expect(redactAlone.err).toMatch(/--redact shapes the report: use it with --report FILE/);
      expect(redactAlone.out).toBe('');
      // --codes alone is fine (issue 13): it orders the findings and says which one explains the code
      const codesAlone = await run('probe', target, '--timeout', '2000', '--codes', '0x204', '--no-color');
      expect(codesAlone.code).toBe(1);
      expect(codesAlone.out).toMatch(
        /Explains the code you saw \(0x204\): Nothing is listening on the Remote Desktop port \(tcp-refused\)/,
      );
      expect(codesAlone.out).toMatch(/most likely cause, explains the code you saw/);
      const badKind = await run('probe', target, '--host-kind', 'mac');
      expect(badKind.code).toBe(2);
      expect(badKind.err).toMatch(/--host-kind must be windows, xrdp or unknown/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('wrapWords', () => {
  it('wraps at spaces within the width and keeps every word in order', () => {
    const text = 'The server falls back to the old Standard RDP Security, which cannot prove who it is.';
    const lines = wrapWords(text, 24);
    expect(lines.every((l) => l.length <= 24)).toBe(true);
    expect(lines.join(' ')).toBe(text);
  });

  it('puts a word longer than the width on its own line rather than cutting it', () => {
    expect(wrapWords('a C4687AB98D07C54877C01E79A16D1E1C33823F32 b', 10)).toEqual([
      'a',
      'C4687AB98D07C54877C01E79A16D1E1C33823F32',
      'b',
    ]);
  });
});
