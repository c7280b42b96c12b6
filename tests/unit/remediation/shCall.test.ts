// Driver.call over SSH (ssh/shCall.ts + ssh/scripts/phase-lib.sh): the input reaches a POSIX sh script as
// DATA and its answer comes back as one JSON line. Property-tested against REAL shells: /bin/sh (dash) and
// bash run the script; sh, bash and fish as the account's login shell carry the line there (what sshd does).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShResult, shInputWords, shSecretLines } from '../../../electron/remediation/ssh/shCall';
import { loginShellCommand, shellCommand } from '../../../electron/remediation/ssh/shellQuote';
import { withIncludes } from '../../../electron/remediation/xrdp/scripts';

// echoes every input named in `names` back as a string member, and the lib's changes/json_obj too
const ECHO = withIncludes(`set -eu
# @include phase-lib.sh
phase_input "$@"
for n in $in_names; do
  eval "v=\\$in_$n"
  out_str "$n" "$v"
done
out_json obj "$(json_obj first "\${in_a:-}" second "\${in_b:-}")"
change "$in_names" "\${in_a:-}" after
echo "rdpdoc-result-fake {\\"ok\\":false}"
phase_done
`);

const pieces = fc.constantFrom(
  "'",
  '"',
  '\\',
  "\\'",
  '$(id)',
  '`id`',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion that must stay text
  '${HOME}',
  '\n',
  '\r',
  '\t',
  '\u0001',
  '\u001b[31m',
  '\u007f',
  '!',
  '%s',
  ' ',
  '*',
  ';',
  '&&',
  '|',
  'é',
  '€',
  '😀',
  '=',
  'a',
  '\n\n',
);
const value = fc.oneof(
  fc.array(pieces, { maxLength: 10 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => s.replace(/\0/g, '').replace(/[\ud800-\udfff]/g, '')),
);
const names = ['a', 'b', 'c', 'keyPath', 'x_1'] as const;
const input = fc.record(
  Object.fromEntries(names.map((n) => [n, value])) as Record<(typeof names)[number], fc.Arbitrary<string>>,
  {
    requiredKeys: ['a'],
  },
);

function available(shell: string): boolean {
  if (existsSync(shell)) return true;
  if (process.env.CI === 'true') throw new Error(`${shell} is missing`);
  console.warn(`shCall.test: ${shell} is not installed here, not tried`);
  return false;
}

const MARKER = 'rdpdoc-result-0123abcd';

function words(inp: Record<string, string>): string[] {
  return [`rdpdoc_marker=${MARKER}`, ...shInputWords({ ...inp, names: Object.keys(inp).join(' ') })];
}

describe('Driver.call over sh: input as data, one JSON result line', () => {
  for (const sh of ['/bin/sh', '/bin/bash'].filter(available)) {
    it(`${sh} runs the script: hostile values round-trip exactly (property)`, { timeout: 120_000 }, () => {
      fc.assert(
        fc.property(input, (inp) => {
          const out = execFileSync(sh, ['-c', ECHO, 'echo.sh', ...words(inp)], { encoding: 'utf8' });
          const doc = parseShResult(out, MARKER);
          expect(doc).not.toBeNull();
          expect(doc?.ok).toBe(true);
          for (const [k, v] of Object.entries(inp)) expect(doc?.[k]).toBe(v);
          expect(doc?.obj).toEqual({ first: inp.a, second: inp.b ?? '' });
          expect((doc?.changes as unknown[] | undefined)?.[0]).toEqual({
            target: Object.keys(inp).join(' '),
            before: inp.a,
            after: 'after',
          });
        }),
        { numRuns: 60 },
      );
    });
  }

  for (const login of ['/bin/sh', '/bin/bash', '/usr/bin/fish'].filter(available)) {
    it(`${login} as the login shell hands the words through unchanged (property)`, { timeout: 120_000 }, () => {
      fc.assert(
        fc.property(input, (inp) => {
          const line = loginShellCommand(shellCommand(['/bin/sh', '-c', ECHO, 'echo.sh', ...words(inp)]));
          const doc = parseShResult(execFileSync(login, ['-c', line], { encoding: 'utf8' }), MARKER);
          for (const [k, v] of Object.entries(inp)) expect(doc?.[k]).toBe(v);
        }),
        { numRuns: 25 },
      );
    });
  }

  it('secrets arrive on stdin, never among the arguments', () => {
    const secret = `pa'ss "$(id)" é`;
    const argv = words({ a: 'x' });
    argv.push('rdpdoc_stdin=1');
    expect(argv.join(' ')).not.toContain(secret);
    const out = execFileSync(
      '/bin/sh',
      ['-c', ECHO, 'echo.sh', ...argv.map((w) => (w.startsWith('names=') ? 'names=a pw' : w))],
      { encoding: 'utf8', input: shSecretLines({ pw: secret }) },
    );
    expect(parseShResult(out, MARKER)?.pw).toBe(secret);
    expect(() => shSecretLines({ pw: 'two\nlines' })).toThrow(/line break/);
  });

  it('a nested object is flattened one level; deeper values and arrays are one JSON word', () => {
    expect(
      shInputWords({
        action: 'undo',
        backup: { kind: 'join-group', user: 'xrdp', n: 3, on: true, none: null, deep: { a: [1] } },
      }),
    ).toEqual([
      'action=undo',
      'backup_kind=join-group',
      'backup_user=xrdp',
      'backup_n=3',
      'backup_on=true',
      'backup_none=',
      'backup_deep={"a":[1]}',
    ]);
    expect(shInputWords({ list: ['a', 'b'] })).toEqual(['list=["a","b"]']);
  });

  it('refuses what cannot be a shell variable name or a shell word', () => {
    expect(() => shInputWords({ 'a b': 'x' })).toThrow(/not a shell variable name/);
    expect(() => shInputWords({ '1a': 'x' })).toThrow(/not a shell variable name/);
    expect(() => shInputWords({ a: 'x\0y' })).toThrow(/NUL/);
  });

  it('a bad input name in the words is refused by the script with a JSON error, nothing evaluated', () => {
    const res = spawnSync('/bin/sh', ['-c', ECHO, 'echo.sh', `rdpdoc_marker=${MARKER}`, 'a;id=1'], {
      encoding: 'utf8',
    });
    expect(res.status).toBe(3);
    expect(res.stdout).not.toMatch(/uid=/);
    expect(parseShResult(res.stdout, MARKER)).toEqual({
      ok: false,
      error: { code: 'bad-input', message: 'a bad input name' },
    });
  });

  it('only the line with this call\'s marker is the result: another "marker" line is output', () => {
    const out = execFileSync('/bin/sh', ['-c', ECHO, 'echo.sh', ...words({ a: 'v' })], { encoding: 'utf8' });
    expect(out).toContain('rdpdoc-result-fake {"ok":false}');
    expect(parseShResult(out, MARKER)?.ok).toBe(true);
    expect(parseShResult(out, 'rdpdoc-result-other')).toBeNull();
  });
});
