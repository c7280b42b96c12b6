import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../electron/probe/fleet/csv';
import { expandEntry, parseTargets, TargetList } from '../../../../electron/probe/fleet/parseTargets';
import { parseTarget } from '../../../../electron/probe/parseTarget';
import { FLEET_MAX_TARGETS } from '../../../../shared/fleet';

const targetsOf = (args: string[], texts: Array<{ source: string; text: string }> = []) =>
  parseTargets(args, texts).targets.map((t) => t.target);

describe('fleet targets', () => {
  it('takes host, host:port, [v6] and [v6]:port, leaving out the default port', () => {
    expect(targetsOf(['srv01', 'SRV02.corp.example:3390', '10.0.0.5:3389', '[::1]', '[fe80::1]:3390'])).toEqual([
      'srv01',
      'srv02.corp.example:3390',
      '10.0.0.5',
      '[::1]',
      '[fe80::1]:3390',
    ]);
  });

  it('probes duplicates once (same host and port, whatever the spelling)', () => {
    const r = parseTargets(['srv01', 'SRV01:3389', 'srv01:3390', '[0:0::1]', '[::1]:3389']);
    expect(r.targets.map((t) => t.target)).toEqual(['srv01', 'srv01:3390', '[::1]']);
    expect(r.duplicates).toBe(2);
  });

  it('expands a CIDR range without its network and broadcast addresses', () => {
    const t = targetsOf(['192.168.1.0/30', '10.9.8.7/32:3390', '10.0.0.0/31']);
    expect(t).toEqual(['192.168.1.1', '192.168.1.2', '10.9.8.7:3390', '10.0.0.0', '10.0.0.1']);
    expect(targetsOf(['10.1.2.3/24'])).toHaveLength(254);
    expect(targetsOf(['10.1.2.3/24'])[0]).toBe('10.1.2.1');
  });

  it('takes a /22 and refuses anything larger with the reason', () => {
    expect(targetsOf(['10.0.4.0/22'])).toHaveLength(1022);
    for (const big of ['10.0.0.0/21', '10.0.0.0/16', '0.0.0.0/0']) {
      const r = parseTargets([big]);
      expect(r.targets).toEqual([]);
      expect(r.errors[0]?.message).toMatch(/addresses; ranges are limited to \/22 \(1024 addresses\)/);
    }
  });

  it('refuses IPv6 ranges and malformed ranges with a sentence', () => {
    expect(parseTargets(['fe80::/120']).errors[0]?.message).toMatch(/IPv6 ranges are not scanned/);
    expect(parseTargets(['10.0.0.0/33']).errors[0]?.message).toMatch(/not an IPv4 prefix/);
    expect(parseTargets(['10.0.0/24']).errors[0]?.message).toMatch(/not an IPv4 address/);
    expect(parseTargets(['10.0.0.0/24:0']).errors[0]?.message).toMatch(/not a port number/);
    expect(parseTargets(['a/b/c']).errors[0]?.message).toMatch(/not a range/);
  });

  it('reads a file: comments, blank lines, bad lines with their line numbers, the rest kept', () => {
    const text = '# our RDP hosts\n\nsrv01\n  srv02:3390   # the new one\nbad host!\n\r\n10.0.0.0/8\nsrv03\n';
    const r = parseTargets([], [{ source: 'hosts.txt', text }]);
    expect(r.targets.map((t) => t.target)).toEqual(['srv01', 'srv02:3390', 'srv03']);
    expect(r.errors.map((e) => [e.source, e.line, e.text])).toEqual([
      ['hosts.txt', 5, 'bad host!'],
      ['hosts.txt', 7, '10.0.0.0/8'],
    ]);
    expect(r.errors[1]?.message).toMatch(/16,777,216 addresses/);
  });

  it('reads a CSV inventory by its host column (and port column), with quotes and other columns', () => {
    const text =
      'Name,Owner,Host,Port\r\n"Web, front",ops,web01.corp.example,\r\nDB,"Smith, ""J""",db01,3390\r\nEmpty,ops,,\r\nBad,ops,no such!,\r\nX,ops,x01,port\r\n';
    const r = parseTargets([], [{ source: 'inventory.csv', text }]);
    expect(r.targets.map((t) => t.target)).toEqual(['web01.corp.example', 'db01:3390']);
    expect(r.errors.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(r.errors[0]?.message).toMatch(/"Host" column is empty/);
  });

  it('reads a semicolon CSV (Excel in many locales) with a comment before the header', () => {
    const r = parseTargets([], [{ source: 'x.csv', text: '# export\nhostname;site\nsrv01;Paris\n[::1]:3390;Lab\n' }]);
    expect(r.targets.map((t) => t.target)).toEqual(['srv01', '[::1]:3390']);
    expect(r.errors).toEqual([]);
  });

  it('names an unterminated quote in a CSV and keeps the rows before it', () => {
    const r = parseTargets([], [{ source: 'x.csv', text: 'host,note\nsrv01,ok\nsrv02,"never closed\nsrv03,x\n' }]);
    expect(r.targets.map((t) => t.target)).toEqual(['srv01']);
    expect(r.errors[0]).toMatchObject({ line: 3, message: expect.stringMatching(/never closed/) });
  });

  it(`stops at ${FLEET_MAX_TARGETS} hosts and says so once`, () => {
    const list = new TargetList();
    for (let i = 0; i < 5; i++) list.add(`10.${i}.0.0/22`, 'argument', i + 1);
    const r = list.result();
    expect(r.targets).toHaveLength(FLEET_MAX_TARGETS);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.message).toMatch(/limited to 4096 hosts/);
  });

  it('fuzz: any text gives targets the probe accepts, no duplicates, and errors with real line numbers', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('# c', '', 'srv01', '10.0.0.0/30', '[::1]:3390', 'host,port', '"a,b",c'),
      fc.ipV4().map((ip) => `${ip}/${30 + (ip.length % 3)}`),
      fc.domain(),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const text = lines.join(eol);
        const r = parseTargets([], [{ source: 'f', text }]);
        const keys = r.targets.map((t) => `${t.host.toLowerCase()}|${t.port}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const t of r.targets) {
          const p = parseTarget(t.target);
          expect(p.ok).toBe(true);
          if (p.ok) expect(p.port).toBe(t.port);
        }
        const lineCount = text.split(/\r\n|\n|\r/).length;
        for (const e of r.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lineCount);
          expect(e.message.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('fuzz: a single entry is a target list or one clear error, never a throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const r = expandEntry(s.trim());
        if (r.ok) expect(r.targets.length).toBeGreaterThan(0);
        else expect(r.message).toMatch(/\w/);
      }),
      { numRuns: 1000 },
    );
  });

  it('fuzz: CSV fields survive quoting (parse of a written row gives the fields back)', () => {
    const field = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const quote = (f: string) => `"${f.replace(/"/g, '""')}"`;
        const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
        const parsed = parseCsv(text, ',');
        expect(parsed.error).toBeNull();
        expect(parsed.rows.map((r) => r.fields)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
