/** `rdp-doctor decode`, run in-process: human text, --json, and exit 2 with a clear message on bad input. */
import { afterEach, describe, expect, it } from 'vitest';
import { DecodeResultSchema } from '../../../shared/codes';
import { runCli as run } from '../../support/runCli';

afterEach(() => {
  process.exitCode = undefined;
});

describe('rdp-doctor decode', () => {
  it('0x904 0x7: says the server denied and closed, names both codes and the findings to check', async () => {
    const r = await run('decode', '0x904', '0x7');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/reached the server, and the server denied it and closed the connection/);
    expect(r.out).toContain('disconnectReasonAtClientWinsockFDCLOSE');
    expect(r.out).toContain('exDiscReasonServerDeniedConnection');
    for (const id of [
      'tls-handshake-failed',
      'tls-unavailable',
      'nla-required',
      'credssp-outdated',
      'credentials-rejected',
    ]) {
      expect(r.out).toContain(id);
    }
    expect(r.out).not.toMatch(/\u001b\[/); // no colour when not a TTY
  });

  it('accepts what mstsc prints, quoted as one argument', async () => {
    const r = await run('decode', 'Code: 0x904, Extended Error Code: 0x7');
    expect(r.code).toBe(0);
    expect(r.out).toContain('exDiscReasonServerDeniedConnection');
  });

  it('--json prints one DecodeResult', async () => {
    const r = await run('decode', '2308', '--json');
    expect(r.code).toBe(0);
    const parsed = DecodeResultSchema.parse(JSON.parse(r.out));
    expect(parsed.codes[0]?.hex).toBe('0x904');
  });

  it('an unknown code is reported as unknown, with exit 1 (the explanation is incomplete)', async () => {
    const r = await run('decode', '0x905');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/0x905 \(2309\) unknown/);
  });

  it('two unknown codes: says once that they are unknown', async () => {
    const r = await run('decode', '0x1234', '0x99', '--no-color');
    expect(r.code).toBe(1);
    expect(r.out.match(/unknown\./g)).toHaveLength(1);
    expect(r.out.match(/published list/g)).toHaveLength(1);
    expect(r.out).toMatch(/0x1234 \(4660\) unknown/);
    expect(r.out).toMatch(/0x99 \(153\) unknown/);
    expect((await run('decode', '0x904', '0x7')).code).toBe(0);
  });

  it.each([[['decode', 'banana']], [['decode', '0x1', '0x2', '0x3']], [['decode', '0xZZ', '--json']]])(
    'malformed input %j → a clear message and exit 2',
    async (argv) => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^rdp-doctor: .+/);
    },
  );

  it('no codes at all → usage error, exit 2', async () => {
    const r = await run('decode');
    expect(r.code).toBe(2);
  });
});
