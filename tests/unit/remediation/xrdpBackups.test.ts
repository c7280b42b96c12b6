// Backups of xrdp.ini, made by the phase scripts themselves (xrdp-ini-backup.sh): in the root-only folder, named
// job + phase + a random part (two phases, or two runs of one phase, in the same second never share a name), and
// undo reads only from there. The scripts run for real in /bin/sh here (plan and a refused undo only: nothing is
// written to this machine's /var/backups); apply and undo run against the namespaced hosts of the integration
// tests. The [Globals] edit in awk (xrdp-ini.sh) is compared with the TypeScript editor byte for byte.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseShResult } from '../../../electron/remediation/ssh/shCall';
import { setIniValuesInBytes } from '../../../electron/remediation/xrdp/iniFile';
import { SH_INCLUDES, XRDP_SCRIPTS } from '../../../electron/remediation/xrdp/scripts';

const root = process.getuid?.() === 0;
// root-owned and writable by root alone all the way (the scripts refuse anything else): only when root
const dir = mkdtempSync(path.join(root ? homedir() : tmpdir(), 'rdpdoc-ini-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const M = 'rdpdoc-result-test';

function run(script: string, args: string[]) {
  const r = spawnSync('/bin/sh', ['-c', XRDP_SCRIPTS[script] as string, script, `rdpdoc_marker=${M}`, ...args], {
    encoding: 'utf8',
  });
  return { ...r, doc: parseShResult(r.stdout, M) };
}

function ini(text: string): string {
  const p = path.join(dir, `xrdp-${Math.random().toString(16).slice(2)}.ini`);
  writeFileSync(p, text, { mode: 0o644 });
  return p;
}

describe.skipIf(!root)('ini backups (the phase scripts, as root)', () => {
  it('named job + phase + random in /var/backups/rdp-doctor, with the SHA-256 of the old bytes; the planned write is what the TypeScript editor makes', () => {
    const text = '[Globals]\nsecurity_layer=rdp ; old\r\nport=3389\n';
    const p = ini(text);
    const r = run('phase-set-security-layer.sh', [
      'action=plan',
      `ini=${p}`,
      'job=job-1',
      'phase=xrdp-set-security-layer',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const b = r.doc?.backup as Record<string, string>;
    expect(b.savedAs).toMatch(/^\/var\/backups\/rdp-doctor\/job-1-xrdp-set-security-layer-[0-9a-f]{12}\.ini$/);
    expect(b).toMatchObject({ kind: 'ini', path: p, sha256: sha(text) });
    const after = setIniValuesInBytes(Buffer.from(text), 'Globals', { security_layer: 'negotiate' }).bytes;
    expect(r.doc?.writes).toEqual([{ path: p, before: sha(text), after: sha(after) }]);
    // plan changes nothing
    expect(readFileSync(p, 'utf8')).toBe(text);
  });
  it('two in the same second, same job and phase: two names', () => {
    const p = ini('[Globals]\nssl_protocols=TLSv1\n');
    const names = new Set(
      Array.from({ length: 12 }, () => {
        const b = run('phase-set-ssl-protocols.sh', ['action=plan', `ini=${p}`, 'job=j', 'phase=p']).doc?.backup;
        return (b as Record<string, string>).savedAs;
      }),
    );
    expect(names.size).toBe(12);
  });
  it('a job id with slashes, dots or spaces cannot leave the folder', () => {
    const p = ini('[Globals]\nsecurity_layer=rdp\n');
    const r = run('phase-set-security-layer.sh', ['action=plan', `ini=${p}`, 'job=../../etc/passwd x', 'phase=..']);
    expect((r.doc?.backup as Record<string, string> | undefined)?.savedAs).toMatch(
      /^\/var\/backups\/rdp-doctor\/_\.\._etc_passwd_x-x-[0-9a-f]{12}\.ini$/,
    );
  });
  it('already right: no backup, nothing to write', () => {
    const p = ini('[Globals]\nsecurity_layer=negotiate\n');
    const r = run('phase-set-security-layer.sh', ['action=plan', `ini=${p}`, 'job=j', 'phase=p']);
    expect(r.doc).toMatchObject({ ok: true, changed: false });
    expect(r.doc?.backup).toBeUndefined();
  });
  it('undo refuses a backup path outside the folder (an edited audit log), before touching the host', () => {
    const text = '[Globals]\nsecurity_layer=negotiate\n';
    const p = ini(text);
    for (const savedAs of ['/var/backups/rdp-doctor/../../etc/shadow', '/etc/shadow', '/tmp/x.ini']) {
      const r = run('phase-set-security-layer.sh', [
        'action=undo',
        `ini=${p}`,
        'backup_kind=ini',
        `backup_path=${p}`,
        `backup_savedAs=${savedAs}`,
        'backup_sha256=x',
      ]);
      expect(r.status).toBe(3);
      expect(r.doc).toMatchObject({ ok: false, error: { code: 'bad-backup' } });
      expect(String((r.doc?.error as { message?: string } | undefined)?.message)).toMatch(
        /outside \/var\/backups\/rdp-doctor/,
      );
    }
    expect(readFileSync(p, 'utf8')).toBe(text);
  });
  it('a symlinked xrdp.ini is refused (writes never follow one)', () => {
    const real = ini('[Globals]\nsecurity_layer=rdp\n');
    const link = path.join(dir, 'link.ini');
    execFileSync('ln', ['-s', real, link]);
    const r = run('phase-set-security-layer.sh', ['action=plan', `ini=${link}`, 'job=j', 'phase=p']);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/symbolic link/);
  });
});

describe('xrdp-ini.sh sets [Globals] as the TypeScript editor does, byte for byte (property, real sh)', () => {
  const line = fc.constantFrom(
    '[Globals]',
    '[globals]',
    ' [ Globals ] ',
    '[Logging]',
    'port=3389',
    'security_layer=rdp',
    ' Security_Layer = tls ; comment',
    'security_layer=negotiate # c',
    'ssl_protocols=TLSv1',
    '; comment only',
    '# security_layer=rdp',
    '',
    'key_file=/etc/xrdp/key.pem',
    'x=y=z',
    'é=ü',
  );
  const file = fc
    .tuple(fc.array(line, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([lines, eol, endNl]) => ['[Globals]', ...lines].join(eol) + (endNl ? eol : ''));
  const kv = fc.tuple(
    fc.constantFrom('security_layer', 'ssl_protocols', 'key_file', 'certificate', 'port'),
    fc.constantFrom('negotiate', 'TLSv1.2, TLSv1.3', '/etc/xrdp/rdp-doctor-20260101T000000.key', 'rdp'),
  );
  const lib = `phase_fail() { echo "$2" >&2; exit 3; }\n${SH_INCLUDES['xrdp-ini.sh']}\nini_set "$1" "$2" "$3"`;

  it('same bytes out', { timeout: 120_000 }, () => {
    const work = mkdtempSync(path.join(tmpdir(), 'rdpdoc-iniprop-'));
    try {
      fc.assert(
        fc.property(file, kv, (text, [key, value]) => {
          const p = path.join(work, 'x.ini');
          writeFileSync(p, text);
          const out = execFileSync('/bin/sh', ['-c', lib, 'ini', p, key, value]);
          const want = setIniValuesInBytes(Buffer.from(text), 'Globals', { [key]: value }).bytes;
          expect(out.toString('latin1')).toBe(want.toString('latin1'));
        }),
        { numRuns: 80 },
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    expect(existsSync(work)).toBe(false);
  });
});
