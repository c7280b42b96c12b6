import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GLOSSES, glossFirst } from '../../../shared/glossary';

describe('glossFirst', () => {
  it('explains each term once, on its first use', () => {
    const out = glossFirst('offers TLS, HYBRID_EX; HYBRID_EX refused: SSL_REQUIRED; RDSTLS refused');
    expect(out).toBe(
      'offers TLS, HYBRID_EX (CredSSP with an early check that the account may log on); HYBRID_EX refused: SSL_REQUIRED; RDSTLS (a TLS logon used by Azure and by server redirection) refused',
    );
    expect(glossFirst('TLSv1.2 ended with alert internal_error; TLSv1.3 closed')).toMatch(
      /^TLSv1\.2 ended with alert internal_error \(a TLS alert meaning the server failed on its own side/,
    );
  });
  it('leaves a term alone where the text already explains it, and is idempotent', () => {
    const labelled = 'asked for CredSSP with Early User Authorization (HYBRID_EX)';
    expect(glossFirst(labelled)).toBe(labelled);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...GLOSSES.map(([t]) => t), 'a', ' ', ';', '(', ')')), (parts) => {
        const once = glossFirst(parts.join(''));
        expect(glossFirst(once)).toBe(once);
      }),
    );
  });
});
