/**
 * The ONE function that turns a value into a POSIX shell word. Every value that reaches a remote shell goes
 * through it (property-tested against a real `sh` in tests/unit/remediation/shellQuote.test.ts).
 *
 * Single quotes keep every byte literal in sh (POSIX 2.2.2) except the single quote itself, which is closed,
 * escaped and reopened: it's → 'it'\''s'. A NUL byte cannot be part of an argument at all, so it is refused.
 */
export function shellQuote(value: string): string {
  if (value.includes('\0')) throw new Error('A value with a NUL byte cannot be passed to a shell.');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** argv → one command line of quoted words. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
