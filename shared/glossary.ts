/**
 * Plain glosses for the protocol jargon a technician meets in the results, added on its first use in a
 * sentence: "HYBRID_EX (CredSSP with an early check that the account may log on)". Pure.
 */
export const GLOSSES: ReadonlyArray<[term: string, gloss: string]> = [
  ['HYBRID_EX', 'CredSSP with an early check that the account may log on'],
  ['RDSTLS', 'a TLS logon used by Azure and by server redirection'],
  [
    'internal_error',
    'a TLS alert meaning the server failed on its own side, typically when it cannot use its private key',
  ],
];

/**
 * Adds each term's gloss after its first appearance in `text`, unless the text already explains it: the term
 * stands in parentheses after a description ("… Authorization (HYBRID_EX)") or is already followed by one.
 */
const MATCHERS = GLOSSES.map(([term, gloss]) => ({
  term,
  gloss,
  re: new RegExp(`(?<![\\w(])${term}(?![\\w)])(?!\\s\\()`),
}));

export function glossFirst(text: string): string {
  let out = text;
  for (const { term, gloss, re } of MATCHERS) {
    if (!out.includes(term) || out.includes(gloss)) continue;
    out = out.replace(re, `${term} (${gloss})`);
  }
  return out;
}
