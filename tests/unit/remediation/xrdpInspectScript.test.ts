// xrdp-inspect.sh run with sh on real files (openssl on this machine): the key matches its certificate only
// when both parse and their public keys are the same (two broken files are not "a match"), and the path walk
// lists every component, symlinks followed, with owner and mode.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFactLines } from '../../../electron/remediation/xrdp/factLines';
import { makeCert } from '../../peers/certs';

const SCRIPT = path.join(__dirname, '../../../electron/remediation/xrdp/scripts/xrdp-inspect.sh');

function inspect(dir: string, key: string, cert: string) {
  const out = execFileSync('sh', [SCRIPT, path.join(dir, 'xrdp.ini'), key, cert, '', '', path.join(dir, 'bk')], {
    encoding: 'utf8',
  });
  return parseFactLines(out);
}

describe('xrdp-inspect.sh', { timeout: 60_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-inspect-'));
    const a = makeCert({ cn: 'a.test' });
    const b = makeCert({ cn: 'b.test' });
    writeFileSync(path.join(dir, 'a.key'), a.keyPem);
    writeFileSync(path.join(dir, 'a.crt'), a.certPem);
    writeFileSync(path.join(dir, 'b.crt'), b.certPem);
    writeFileSync(path.join(dir, 'garbage'), 'not a key\n');
    writeFileSync(path.join(dir, 'empty'), '');
    writeFileSync(path.join(dir, 'xrdp.ini'), '[Globals]\n');
    symlinkSync(path.join(dir, 'a.key'), path.join(dir, 'link.key'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const f = (n: string) => path.join(dir, n);

  it('a key and its own certificate: match', () => {
    const { one } = inspect(dir, f('a.key'), f('a.crt'));
    expect([one.get('key_valid'), one.get('cert_valid'), one.get('key_matches_cert')]).toEqual(['yes', 'yes', 'yes']);
  });
  it("a key and another key's certificate: no match", () => {
    expect(inspect(dir, f('a.key'), f('b.crt')).one.get('key_matches_cert')).toBe('no');
  });
  it('either one not parsing (garbage, empty, both): never a match', () => {
    for (const [k, c] of [
      ['garbage', 'a.crt'],
      ['a.key', 'garbage'],
      ['garbage', 'garbage'],
      ['empty', 'empty'],
    ] as const) {
      const { one } = inspect(dir, f(k), f(c));
      expect(one.get('key_matches_cert'), `${k} / ${c}`).toBe('no');
    }
    expect(inspect(dir, f('empty'), f('a.crt')).one.get('key_valid')).toBe('no');
    expect(inspect(dir, f('a.key'), f('empty')).one.get('cert_valid')).toBe('no');
  });
  it('walks every component of each path, following symlinks, and says where a path stops', () => {
    const { all } = inspect(dir, f('link.key'), f('a.crt'));
    const key = all.get('pc_key') ?? [];
    expect(key[0]).toBe('directory:0:755:/');
    expect(key).toContain(`symboliclink:0:777:${f('link.key')}`);
    expect(key[key.length - 1]).toMatch(new RegExp(`^regular(empty)?file:0:644:${f('a.key')}$`));
    expect(all.get('pc_backup')?.at(-1)).toBe(`missing:::${f('bk')}`);
  });
});
