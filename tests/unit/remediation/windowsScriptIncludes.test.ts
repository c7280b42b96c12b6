/**
 * The Windows scripts share code through *.lib.ps1 files: a script includes one with a dot-source line that
 * works from its file (Pester), and scripts.ts puts the lib's text in that line's place for a host, which
 * gets ONE script text per run. Here: the one copy reaches every script that includes it, and nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WINDOWS_SCRIPTS, withIncludes } from '../../../electron/remediation/windows/bundledScripts';

const DIR = join(__dirname, '../../../electron/remediation/windows/scripts');
const LIB = readFileSync(join(DIR, 'RdpKeyAcl.lib.ps1'), 'utf8');
const INCLUDE_LINE = /^\. \(Join-Path \$PSScriptRoot '[^']+'\)\r?$/m;

describe('Windows script includes', () => {
  it('replaces the include line with the lib, once, keeping the rest byte for byte', () => {
    const text = "param([string]$InputJson)\n. (Join-Path $PSScriptRoot 'X.lib.ps1')\nWrite-Output $x\n";
    expect(withIncludes(text, { 'X.lib.ps1': '$x = 1\n' })).toBe(
      'param([string]$InputJson)\n$x = 1\nWrite-Output $x\n',
    );
    // a lib text with $ patterns is inserted as it is (no replacement patterns like $& or $1)
    expect(withIncludes(text, { 'X.lib.ps1': "$& $1 $$ '$'" })).toContain("$& $1 $$ '$'");
  });

  it('an include of a lib that scripts.ts does not know fails at load, not on a host', () => {
    expect(() => withIncludes(". (Join-Path $PSScriptRoot 'Nope.lib.ps1')", {})).toThrow(/Nope\.lib\.ps1/);
  });

  it('only a whole include line counts: the same words elsewhere are left alone', () => {
    const text = "# . (Join-Path $PSScriptRoot 'X.lib.ps1')\n$a = \". (Join-Path $PSScriptRoot 'X.lib.ps1')\"";
    expect(withIncludes(text, {})).toBe(text);
  });

  it('every script sent to a host has its libs inlined: no include line is left', () => {
    for (const [name, text] of Object.entries(WINDOWS_SCRIPTS)) {
      expect(INCLUDE_LINE.test(text), name).toBe(false);
    }
  });

  it('the key-ACL functions are written once (the lib) and reach both phases that touch a key file', () => {
    for (const name of ['Grant-RdpKeyRead.ps1', 'Set-RdpTrustedCert.ps1']) {
      const onDisk = readFileSync(join(DIR, name), 'utf8');
      expect(onDisk, name).toMatch(INCLUDE_LINE);
      expect(onDisk, name).not.toMatch(/function (Test-RdpKeySddlRead|Grant-RdpKeyFileRead|Restore-RdpKeyFileAcl)\b/);
      const sent = WINDOWS_SCRIPTS[name] ?? '';
      expect(sent.split('function Grant-RdpKeyFileRead').length - 1, name).toBe(1);
      expect(sent).toContain(LIB.trimEnd());
    }
    // no other script file carries its own copy
    for (const f of readdirSync(DIR).filter((n) => n.endsWith('.ps1') && n !== 'RdpKeyAcl.lib.ps1')) {
      expect(readFileSync(join(DIR, f), 'utf8'), f).not.toMatch(
        /function (Grant-RdpKeyFileRead|Restore-RdpKeyFileAcl)\b/,
      );
    }
    expect(Object.keys(WINDOWS_SCRIPTS)).not.toContain('RdpKeyAcl.lib.ps1');
  });
});
