// The root-writing scripts share one path check (root-path-check.sh), joined in by scripts.ts: the scripts
// sent to the host must be whole (the functions defined, no include line left) and still refuse a symlink.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withRootPathCheck, XRDP_SCRIPTS } from '../../../electron/remediation/xrdp/scripts';

const ROOT_WRITERS = ['put-file.sh', 'root-file-mode.sh', 'save-backup.sh'];

describe('xrdp scripts: the shared root path check', () => {
  // as root: a folder under root's home (root-owned all the way), so only the symlink can be the refusal
  const dir = mkdtempSync(path.join(process.getuid?.() === 0 ? homedir() : tmpdir(), 'rdpdoc-scripts-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(ROOT_WRITERS)('%s is sent whole: refuse_unsafe and check_component defined, no include line', (name) => {
    const text = XRDP_SCRIPTS[name] as string;
    expect(text).toMatch(/^refuse_unsafe\(\) \{$/m);
    expect(text).toMatch(/^check_component\(\) \{$/m);
    expect(text).not.toMatch(/@include/);
    // the shell parses it
    execFileSync('sh', ['-n', '-c', text]);
  });

  it('refuses a script without the include line (a forgotten include fails loudly, not on the host)', () => {
    expect(() => withRootPathCheck('#!/bin/sh\necho hi\n')).toThrow(/@include root-path-check/);
  });

  it.runIf(process.getuid?.() === 0)('put-file.sh as sent refuses a symlinked destination and writes nothing', () => {
    const target = path.join(dir, 'target');
    writeFileSync(target, 'before');
    const link = path.join(dir, 'link');
    symlinkSync(target, link);
    let status = 0;
    let stderr = '';
    try {
      execFileSync('sh', ['-c', XRDP_SCRIPTS['put-file.sh'] as string, 'put-file.sh', link, '0644'], {
        input: 'after',
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (err) {
      status = (err as { status: number }).status;
      stderr = String((err as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(3);
    expect(stderr).toMatch(/refused: .*link is a symbolic link/);
    expect(execFileSync('cat', [target]).toString()).toBe('before');
  });
});
