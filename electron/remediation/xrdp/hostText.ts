/**
 * Text the host supplies (log lines, paths, user names, process names) is data: before it reaches a finding,
 * evidence or a summary, control characters are replaced, so a crafted file name or log line cannot move the
 * cursor, recolour a terminal, hide text or fake a line of its own.
 */

// C0 controls (tab included), DEL, C1 controls, and the Unicode line/paragraph separators and bidi overrides
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character replaced by "?" (one per character). */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '?');
}
