// The xrdp.ini reader and in-place editor: reads what xrdp reads (comments from "#" or ";" anywhere,
// first "=" splits, first occurrence wins), changes only the lines it must, keeps every other byte.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIni, setIniValues, setIniValuesInBytes } from '../../../electron/remediation/xrdp/iniFile';

const STOCK = [
  '[Globals]',
  '; xrdp.ini file version number',
  'ini_version=1',
  '',
  'port=3389',
  '#security_layer=tls',
  'security_layer=rdp',
  'certificate=',
  'key_file=',
  'ssl_protocols=TLSv1 ; only the old one',
  '',
  '[Logging]',
  'LogFile=xrdp.log',
  'security_layer=not-globals',
  '',
].join('\n');

describe('parseIni', () => {
  it('reads [Globals] as xrdp does', () => {
    const g = parseIni(STOCK).get('globals');
    expect(g?.get('security_layer')).toBe('rdp');
    expect(g?.get('ssl_protocols')).toBe('TLSv1');
    expect(g?.get('certificate')).toBe('');
    expect(parseIni(STOCK).get('logging')?.get('logfile')).toBe('xrdp.log');
  });

  it('the first occurrence of a key in a section wins; keys ignore case; spaces are trimmed', () => {
    const g = parseIni('[Globals]\n  Security_Layer =  tls  \nsecurity_layer=rdp\n').get('globals');
    expect(g?.get('security_layer')).toBe('tls');
  });
});

describe('setIniValues', () => {
  it('changes only the lines of the keys it sets, keeping comments and everything else', () => {
    const edit = setIniValues(STOCK, 'Globals', { security_layer: 'negotiate', ssl_protocols: 'TLSv1.2, TLSv1.3' });
    expect(edit.changed).toEqual([
      { key: 'security_layer', before: 'rdp', after: 'negotiate' },
      { key: 'ssl_protocols', before: 'TLSv1', after: 'TLSv1.2, TLSv1.3' },
    ]);
    const a = STOCK.split('\n');
    const b = edit.text.split('\n');
    expect(b.length).toBe(a.length);
    const differing = a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]]));
    expect(differing).toEqual([
      ['security_layer=rdp', 'security_layer=negotiate'],
      ['ssl_protocols=TLSv1 ; only the old one', 'ssl_protocols=TLSv1.2, TLSv1.3 ; only the old one'],
    ]);
    expect(parseIni(edit.text).get('logging')?.get('security_layer')).toBe('not-globals');
  });

  it('adds a missing key after the last key line of the section; CRLF files stay CRLF', () => {
    const crlf = '[Globals]\r\nport=3389\r\n\r\n[Logging]\r\nLogFile=x\r\n';
    const edit = setIniValues(crlf, 'Globals', { ssl_protocols: 'TLSv1.2, TLSv1.3' });
    expect(edit.text).toBe(
      '[Globals]\r\nport=3389\r\nssl_protocols=TLSv1.2, TLSv1.3\r\n\r\n[Logging]\r\nLogFile=x\r\n',
    );
  });

  it('setting the value a key already has changes no byte', () => {
    expect(setIniValues(STOCK, 'Globals', { port: '3389' })).toEqual({ text: STOCK, changed: [] });
  });

  it('refuses values xrdp could not read back, and a missing section', () => {
    expect(() => setIniValues(STOCK, 'Globals', { certificate: '/etc/x#y.pem' })).toThrow(/"#" or ";"/);
    expect(() => setIniValues(STOCK, 'Globals', { port: 'a\nb' })).toThrow(/one line/);
    expect(() => setIniValues('[Logging]\n', 'Globals', { port: '1' })).toThrow(/no \[Globals\]/);
  });

  it('property: after an edit the file reads back with the new values, and every other key is unchanged', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9_.,\- /]{0,12}$/).map((s) => s.trim());
    const key = fc.stringMatching(/^[a-z_]{1,10}$/);
    const file = fc
      .array(fc.tuple(key, word), { maxLength: 8 })
      .map((kvs) => ['[Globals]', ...kvs.map(([k, v]) => `${k}=${v}`), '[Other]', 'a=b', ''].join('\n'));
    fc.assert(
      fc.property(file, fc.dictionary(key, word, { maxKeys: 3 }), (text, values) => {
        const edit = setIniValues(text, 'Globals', values);
        const before = parseIni(text).get('globals') ?? new Map();
        const after = parseIni(edit.text).get('globals') ?? new Map();
        for (const [k, v] of Object.entries(values)) expect(after.get(k)).toBe(v);
        for (const [k, v] of before) if (!(k in values)) expect(after.get(k)).toBe(v);
        expect(parseIni(edit.text).get('other')?.get('a')).toBe('b');
        // idempotent: the same edit again changes nothing
        expect(setIniValues(edit.text, 'Globals', values)).toEqual({ text: edit.text, changed: [] });
      }),
      { numRuns: 300 },
    );
  });
});

describe('bytes stay bytes', () => {
  it('a Latin-1 é in a comment survives a security_layer edit byte for byte', () => {
    const before = Buffer.concat([
      Buffer.from('[Globals]\n; caf', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(' (Latin-1)\nsecurity_layer=rdp\r\nport=3389\n', 'latin1'),
    ]);
    const edit = setIniValuesInBytes(before, 'Globals', { security_layer: 'negotiate' });
    expect(edit.changed).toEqual([{ key: 'security_layer', before: 'rdp', after: 'negotiate' }]);
    const want = Buffer.concat([
      Buffer.from('[Globals]\n; caf', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from(' (Latin-1)\nsecurity_layer=negotiate\r\nport=3389\n', 'latin1'),
    ]);
    expect(edit.bytes.equals(want)).toBe(true);
  });

  it('property: any bytes outside the edited line come back unchanged (no decoding on the way)', () => {
    const lineBytes = fc
      .uint8Array({ maxLength: 40 })
      .map((a) => Buffer.from(a.filter((b) => b !== 0x0a && b !== 0x0d && b !== 0x5b && b !== 0x3d)));
    fc.assert(
      fc.property(fc.array(lineBytes, { maxLength: 6 }), fc.array(lineBytes, { maxLength: 6 }), (head, tail) => {
        // comment lines made of arbitrary bytes (";" first, so xrdp ignores them) around the key line
        const comment = (b: Buffer) => Buffer.concat([Buffer.from(';'), b, Buffer.from('\n')]);
        const pre = Buffer.concat([Buffer.from('[Globals]\n'), ...head.map(comment)]);
        const post = Buffer.concat(tail.map(comment));
        const before = Buffer.concat([pre, Buffer.from('security_layer=rdp\n'), post]);
        const edit = setIniValuesInBytes(before, 'Globals', { security_layer: 'negotiate' });
        expect(edit.bytes.equals(Buffer.concat([pre, Buffer.from('security_layer=negotiate\n'), post]))).toBe(true);
      }),
    );
  });
});
