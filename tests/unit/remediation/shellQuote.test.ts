// The one shell-quoting function, against a real /bin/sh: whatever the string (quotes, $(…), backticks,
// newlines, spaces, globs, backslashes, non-ASCII), sh receives exactly it as one argument and runs nothing.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote } from '../../../electron/remediation/ssh/shellQuote';

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/\0/g, '')),
  fc
    .array(
      fc.constantFrom(
        "'",
        '"',
        '$(',
        ')',
        '`',
        '\\',
        '\n',
        ' ',
        '*',
        '?',
        ';',
        '&',
        '|',
        '<',
        '>',
        '$HOME',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, on purpose
        '${x}',
        '!',
        '#',
        '~',
        'é',
        '\t',
        'a',
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join('')),
);

/** printf's each argument between NUL bytes, so the round trip is exact (newlines included). */
function throughSh(args: string[]): string[] {
  const script = `printf '%s\\0' ${shellCommand(args)}`;
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('sh receives exactly the strings it was given, one argument each (property, real sh)', () => {
    // one sh for many cases (a process per case is slow on a busy machine): cases separated by a 0x01 byte
    const cases = fc.sample(
      fc.array(
        hostile.map((x) => x.replace(/\u0001/g, '')),
        { minLength: 1, maxLength: 4 },
      ),
      {
        numRuns: 400,
        seed: Date.now() % 100000,
      },
    );
    const script = cases.map((args) => `printf '%s\\0' ${shellCommand(args)}; printf '\\001'`).join('\n');
    const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const got = out
      .split('\u0001')
      .slice(0, -1)
      .map((chunk) => chunk.split('\0').slice(0, -1));
    expect(got.length).toBe(cases.length);
    for (let i = 0; i < cases.length; i++) expect(got[i], JSON.stringify(cases[i])).toEqual(cases[i]);
  });

  it('runs nothing hidden in a value', () => {
    const values = ['$(echo pwned)', '`echo pwned`', "'; echo pwned; '", '"$(echo pwned)"', 'a\necho pwned'];
    expect(throughSh(values)).toEqual(values);
  });

  it('refuses a NUL byte (it cannot be part of an argument)', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('quotes the empty string as an argument of its own', () => {
    expect(throughSh(['', 'x'])).toEqual(['', 'x']);
  });
});
