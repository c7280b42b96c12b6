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

/** Bytes that mean the same to every login shell inside '…' AND to sh inside printf's "…" format. */
const LITERAL_BYTE = /^[A-Za-z0-9 _.,:;=+@/(){}[\]<>|&*?#~^-]$/;

/**
 * A POSIX command line → the line sent over SSH, which sshd hands to the ACCOUNT'S LOGIN SHELL (`$SHELL -c`).
 * That shell may not be POSIX: fish reads `\'` and `\\` inside single quotes as escapes (so a shellQuote'd
 * word holding a backslash before a quote is cut in the wrong place), csh refuses a newline inside quotes and
 * expands `!`. So the command travels as `/bin/sh -c 'eval "$(printf "…")"'` where every byte outside a
 * small safe set is a three-digit octal escape (`\047` for '): the login shell sees only letters, digits,
 * punctuation without meaning, and backslash + digit (literal in sh, bash, zsh, fish and csh quotes);
 * /bin/sh's printf turns it back into the exact bytes and eval runs them. No value is spliced: `command`
 * is already built from shellQuote'd words.
 */
export function loginShellCommand(command: string): string {
  if (command.includes('\0')) throw new Error('A value with a NUL byte cannot be passed to a shell.');
  let encoded = '';
  for (const byte of Buffer.from(command, 'utf8')) {
    const ch = String.fromCharCode(byte);
    encoded += LITERAL_BYTE.test(ch) ? ch : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `/bin/sh -c 'eval "$(printf "${encoded}")"'`;
}
