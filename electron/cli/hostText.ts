/**
 * Text a host under repair supplied (inspection lines, evidence, script output, error text that quotes its
 * stderr), made safe to print in a terminal. A hostile host could otherwise send escape sequences that
 * rewrite the screen (ESC [2J, a fake "✓ Verified" over a failure, an OSC 52 clipboard write), move the cursor
 * back with CR or BS, or reorder a line with Unicode bidi controls. Every such character becomes a visible
 * escape (`\x1b`, `\u202e`); tab and newline stay (they cannot change what was already printed).
 */
// C0 except tab and newline, DEL, C1, and the Unicode format controls that reorder or hide text
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

export function hostText(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
