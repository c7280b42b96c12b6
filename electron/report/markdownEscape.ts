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
  // What would start a block at the beginning of a line: heading, quote, list, rule, setext underline.
  out = out.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
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
