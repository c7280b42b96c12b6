// The host kind guess (shared/guessHostKind.ts) on CAPTURED probe results of real peers and on hand-made Windows facts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessHostKind } from '../../../shared/guessHostKind';
import type { ProbeResult } from '../../../shared/probe';
import { result } from '../renderer/fixtures';

const captured = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '../../fixtures/probe', `${name}.json`), 'utf8')) as ProbeResult;

describe('guessHostKind', () => {
  it.each(['xrdp-healthy', 'xrdp-unreadable-key', 'xrdp-security-layer-rdp', 'xrdp-unreadable-key-tls-only'])(
    'CAPTURED %s → xrdp, with reasons',
    (name) => {
      const g = guessHostKind(captured(name));
      expect(g.kind).toBe('xrdp');
      expect(g.reasons.length).toBeGreaterThan(0);
    },
  );
  it('CAPTURED FreeRDP shadow (winpr says Windows 7, offers the graphics pipeline) → unknown, naming FreeRDP', () => {
    const g = guessHostKind(captured('shadow-nla'));
    expect(g.kind).toBe('unknown');
    expect(g.reasons[0]).toMatch(/FreeRDP/);
  });
  it('a Windows build in NTLM → windows, naming the version', () => {
    const r = result();
    r.credssp!.ntlm!.productVersion = '10.0.20348';
    expect(guessHostKind(r)).toMatchObject({ kind: 'windows' });
    expect(guessHostKind(r).reasons[0]).toMatch(/10\.0\.20348 \(Windows Server 2022\)/);
  });
  it('RDP 10 in the core data or Restricted Admin support → windows', () => {
    const r = result({ credssp: null });
    r.negotiation!.attempts[0]!.flags = ['EXTENDED_CLIENT_DATA_SUPPORTED', 'RESTRICTED_ADMIN_MODE_SUPPORTED'];
    expect(guessHostKind(r).kind).toBe('windows');
  });
  it('nothing to go on → unknown, saying so', () => {
    expect(guessHostKind({ credssp: null, tls: null, rdpSecurity: null, negotiation: null })).toEqual({
      kind: 'unknown',
      reasons: ['Nothing the probe saw tells Windows and xrdp apart.'],
    });
  });
});
