/**
 * Text into GitHub-flavoured Markdown so a hostile string stays text: no HTML, no emphasis, no link, no
 * table cell break, no block structure. Kept readable in its raw form (tickets often show the source):
 * underscores inside words (SSL_REQUIRED_BY_SERVER) cannot emphasise and are left alone.
 */
export function escapeMarkdown(text: string): string {
  const oneLine = text.replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ');
  let out = oneLine.replace(/[\\`*[\]<>|~]|_/g, (c, offset: number, s: string) => {
    if (c === '_' && /[A-Za-z0-9]/.test(s[offset - 1] ?? '') && /[A-Za-z0-9]/.test(s[offset + 1] ?? '')) return c;
    return `\\${c}`;
  });
  // What would start a block at the beginning of a line, and only that: a heading ("# "), a quote (">"), a
  // list item ("- ", "+ ", "1. ", "1) "), a rule or setext underline ("---", "==="). "127.77.0.12" or
  // "-5 dB" start no block and stay as they are (no "127\.77.0.12").
  out = out
    .replace(/^(\s*)(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|=+\s*$|-+\s*$)/, (_m, sp: string, mark: string) => `${sp}\\${mark}`)
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return out;
}

/** A code span for a technical token (id, hex, thumbprint) that needs no escaping inside. */
export function markdownCode(text: string): string {
  const oneLine = text.replace(/[\r\n\t\v\f\u2028\u2029]+/g, ' ').replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}
