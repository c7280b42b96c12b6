// The verdict, the code-first order and the badge (shared/verdict.ts), on hand-made results built from the
// real catalogue: the same words in the app, the CLI and the report.
import { describe, expect, it } from 'vitest';
import type { DecodeResult } from '../../../shared/codes';
import {
  credentialNote,
  explainsTypedCode,
  fallbackCauses,
  orderForCodes,
  rootCauseId,
  unexplainedCodesNote,
  verdictFor,
} from '../../../shared/verdict';
import { finding, result } from '../renderer/fixtures';

const code904: DecodeResult = {
  input: '0x904 0x7',
  ok: true,
  codes: [
    { table: 'disconnectReason', value: 0x904, hex: '0x904', name: 'A', meaning: 'm', known: true },
    { table: 'extendedDisconnectReason', value: 0x7, hex: '0x7', name: 'B', meaning: 'm', known: true },
  ],
  summary: 's',
  relatedFindings: [],
};
const accepted = {
  outcome: 'accepted' as const,
  user: 'alice',
  ntStatus: null,
  ntStatusName: null,
  reason: 'ok',
  credsspVersion: 6,
};

describe('verdict for a silent fallback to Standard RDP Security', () => {
  const r = result({ findings: [finding('tls-unavailable'), finding('nla-unsupported')] });
  it('is amber and in its own words, never the green "accepts Remote Desktop connections"', () => {
    const v = verdictFor(r, null, 'xrdp');
    expect(v.kind).toBe('unverified');
    expect(v.headline).toBe('srv01.corp.example accepts connections but cannot prove its identity');
    expect(v.headline).not.toMatch(/accepts Remote Desktop connections/);
    expect(v.detail).toMatch(/Standard RDP Security/);
  });
  it('on xrdp names the unreadable key first and offers to inspect the host', () => {
    const v = verdictFor(r, null, 'xrdp');
    expect(v.causes?.[0]).toMatch(/xrdp cannot read its private key.*inspect the host to confirm/);
    expect(v.causes?.[1]).toMatch(/security_layer=rdp/);
    expect(v.inspectHost).toBe(true);
  });
  it('on Windows names the listener security layer first and does not offer an xrdp inspection', () => {
    const v = verdictFor(r, null, 'windows');
    expect(v.causes?.[0]).toMatch(/SecurityLayer = 0/);
    expect(v.causes?.join(' ')).not.toMatch(/xrdp/);
    expect(v.inspectHost).toBe(false);
  });
  it('when not sure, lists both kinds, each labelled', () => {
    expect(fallbackCauses('unknown').every((c) => /^On (xrdp|Windows): /.test(c))).toBe(true);
  });
  it('says when it explains the code typed', () => {
    expect(verdictFor(r, code904, 'xrdp').detail).toMatch(/explains the code you saw/);
  });
  it('an error still wins: a blocked host is a problem, not a fallback', () => {
    const blocked = result({ findings: [finding('tls-unavailable'), finding('tls-legacy-only')] });
    expect(verdictFor(blocked, null, 'xrdp').kind).toBe('problem');
  });
});

describe('root cause first', () => {
  it('among errors, the one that explains the typed code goes first and gets the badge', () => {
    const findings = [finding('tls-legacy-only'), finding('tls-cert-unavailable')];
    const ordered = orderForCodes(findings, code904, null);
    expect(ordered.map((f) => f.id)).toEqual(['tls-cert-unavailable', 'tls-legacy-only']);
    expect(rootCauseId(ordered, code904, null)).toBe('tls-cert-unavailable');
    // without a code, the diagnosis order stands
    expect(orderForCodes(findings, null).map((f) => f.id)).toEqual(['tls-legacy-only', 'tls-cert-unavailable']);
    expect(rootCauseId(findings, null)).toBe('tls-legacy-only');
  });
  // Issue 18 changed this: a note with no fix never carries "Most likely cause" above a warning.
  it('a note with no fix that explains the code stays below a warning and gets no badge', () => {
    const findings = [finding('tls-cert-self-signed'), finding('tls-cert-name-mismatch'), finding('nla-required')];
    const ordered = orderForCodes(findings, code904, null);
    expect(ordered.map((f) => f.id)).toEqual(['tls-cert-name-mismatch', 'nla-required', 'tls-cert-self-signed']);
    expect(rootCauseId(ordered, code904, null)).toBeNull();
  });
  it('a warning that explains the code goes first among the warnings and gets the badge', () => {
    const findings = [finding('tls-cert-name-mismatch'), finding('tls-unavailable'), finding('nla-required')];
    const ordered = orderForCodes(findings, code904, null);
    expect(ordered[0]?.id).toBe('tls-unavailable');
    expect(rootCauseId(ordered, code904, null)).toBe('tls-unavailable');
  });
  it('with only notes, a note that explains the code and has a fix may carry the badge', () => {
    const note = { ...finding('tls-unavailable'), severity: 'info' as const };
    expect(rootCauseId([finding('tls-cert-self-signed'), note], code904, null)).toBe('tls-unavailable');
  });
  it('an error that does not explain the code still comes before a note that does', () => {
    const findings = [finding('nla-required'), finding('tls-legacy-only')];
    expect(orderForCodes(findings, code904, null).map((f) => f.id)).toEqual(['tls-legacy-only', 'nla-required']);
  });
  it('never claims a finding explains 0x904/0x7 when the credential check just succeeded', () => {
    const r = result({ findings: [finding('nla-required'), finding('credentials-accepted')], nlaCheck: accepted });
    expect(explainsTypedCode(r.findings[0]!, code904, r)).toBe(false);
    expect(rootCauseId(r.findings, code904, r)).toBeNull();
    const v = verdictFor(r, code904);
    // the headline answers the typed code first, so no separate note repeats it
    expect(v.headline).toBe('Nothing found explains 0x904 0x7');
    expect(v.detail).toMatch(/credential check just got through/);
    expect(unexplainedCodesNote(r, code904)).toBeNull();
  });
});

describe('the headline answers the typed codes (issue 18)', () => {
  it('never says "Found the problem" beside "None of these results explains the code"', () => {
    const r = result({ findings: [finding('tcp-refused')] });
    const v = verdictFor(r, code904);
    expect(v.headline).toBe('Found a problem, but not the cause of 0x904 0x7');
    expect(v.detail).toMatch(/^Nothing is listening on the Remote Desktop port\. It does not explain 0x904 0x7\./);
    expect(unexplainedCodesNote(r, code904)).toBeNull();
  });
  it('names the cause of the typed code when an error explains it', () => {
    const v = verdictFor(result({ findings: [finding('tls-handshake-failed')] }), code904);
    expect(v).toMatchObject({ kind: 'problem', headline: 'Found the cause of 0x904 0x7' });
    expect(v.detail).toBe('The server agrees to TLS, then aborts every handshake.');
  });
  it('an expired certificate is amber and named in the headline, never "healthy"', () => {
    const v = verdictFor(result({ findings: [finding('tls-cert-expired'), finding('tls-cert-self-signed')] }));
    expect(v.kind).toBe('warnings');
    expect(v.headline).toBe("srv01.corp.example accepts connections, but the server's certificate has expired");
  });
  it('a host with only notes is healthy', () => {
    const v = verdictFor(result({ findings: [finding('tls-cert-self-signed')] }));
    expect(v.kind).toBe('healthy');
    expect(v.detail).toMatch(/The note below is for information/);
  });
  it('a credential check that got through is in the headline', () => {
    expect(verdictFor(result({ nlaCheck: accepted })).headline).toBe(
      'srv01.corp.example is healthy; the credential check got through',
    );
  });
});

describe('credential check not run', () => {
  it('says the password was not checked and why', () => {
    const r = result({
      nlaCheck: {
        outcome: 'not-run',
        user: 'alice',
        ntStatus: null,
        ntStatusName: null,
        reason: 'The server does not offer NLA (CredSSP), so the account cannot be checked before the session starts.',
        credsspVersion: null,
      },
    });
    expect(credentialNote(r)).toBe(
      'The password for "alice" was not checked: The server does not offer NLA (CredSSP), so the account cannot be checked before the session starts.',
    );
    expect(credentialNote(result())).toBeNull();
  });
});
