// The line sent over SSH goes through the account's LOGIN shell first (sshd runs `$SHELL -c LINE`). Whatever
// that shell is (sh, bash, fish), /bin/sh must receive exactly the command we built: fish reads `\'` and `\\`
// inside single quotes as escapes, so a plain shellQuote'd line would be cut in the wrong place there.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loginShellCommand, shellCommand, shellQuote } from '../../../electron/remediation/ssh/shellQuote';

const pieces = fc.constantFrom(
  "'",
  '"',
  '\\',
  "\\'",
  '\\\\',
  '$(id)',
  '`id`',
  '\n',
  '!',
  '!!',
  '%s',
  '%',
  ' ',
  '\t',
  'é',
  '€',
  '#',
  '~',
  'a',
);
const value = fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''));

const shells = ['/bin/sh', '/bin/bash', '/usr/bin/fish'].filter((s) => {
  if (existsSync(s)) return true;
  if (process.env.CI === 'true') throw new Error(`${s} is missing (apt-get install fish)`);
  console.warn(`loginShellCommand.test: ${s} is not installed here, not tried`);
  return false;
});

/** Runs the built line as `<login shell> -c LINE` (what sshd does) and returns printf's NUL-separated args. */
function through(shell: string, args: string[]): string[] {
  const line = loginShellCommand(`printf '%s\\0' ${shellCommand(args)}`);
  return execFileSync(shell, ['-c', line], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('loginShellCommand', () => {
  it('the line holds nothing a login shell would interpret: only safe bytes and backslash + octal digits', () => {
    const line = loginShellCommand(`sh -c ${shellQuote("echo 'it''s' \\'\n!x")} name`);
    expect(line.startsWith(`/bin/sh -c 'eval "$(printf "`)).toBe(true);
    const inner = line.slice(`/bin/sh -c 'eval "$(printf "`.length, -`")"'`.length);
    expect(inner).toMatch(/^(?:[A-Za-z0-9 _.,:;=+@/(){}[\]<>|&*?#~^-]|\\[0-7]{3})*$/);
    expect(inner).not.toContain("'");
    expect(inner).not.toContain('\n');
  });

  for (const shell of shells) {
    it(`${shell} as the login shell hands /bin/sh exactly the argv (property, real shell)`, { timeout: 60_000 }, () => {
      fc.assert(
        fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), (args) => {
          expect(through(shell, args)).toEqual(args);
        }),
        { numRuns: 25 },
      );
      const nasty = ["it's", "a\\'b", 'x\\\\y', 'l1\nl2', '$HOME `id` $(id) !! %s', "'\\''", ''];
      expect(through(shell, nasty)).toEqual(nasty);
    });
  }

  it('refuses a NUL byte', () => {
    expect(() => loginShellCommand('a\0b')).toThrow(/NUL/);
  });
});
