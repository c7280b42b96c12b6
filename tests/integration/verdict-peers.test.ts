/**
 * Issue 13 against real peers: the amber verdict of an xrdp that silently falls back to Standard RDP
 * Security, the SSL_CERT_NOT_ON_SERVER xrdp (security_layer=tls, a key it cannot read), the host kind guess
 * on xrdp and on FreeRDP's shadow NLA server, and the order of findings when the user typed 0x904 0x7.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCodes } from '../../electron/diagnosis/decodeCodes';
import { probeAndDiagnose } from '../../electron/diagnosis/probeAndDiagnose';
import { guessHostKind } from '../../shared/guessHostKind';
import type { ProbeResult } from '../../shared/probe';
import { orderForCodes, rootCauseId, unexplainedCodesNote, verdictFor } from '../../shared/verdict';
import { needPeers, type Peer, startShadow, startXrdp } from '../peers';

const xrdpPeers = needPeers(['xrdp'], 'verdict-peers.test.ts (xrdp)');
const shadowPeers = needPeers(['shadow'], 'verdict-peers.test.ts (shadow)');
const code904 = decodeCodes('0x904 0x7');
const probe = (target: string, extra: object = {}) =>
  probeAndDiagnose({ target, timeoutMs: 10_000, stabilitySamples: 2, ...extra });

describe.skipIf(xrdpPeers.skip)('xrdp that cannot read its key (security_layer=negotiate): silent fallback', () => {
  let peer: Peer;
  let result: ProbeResult;
  beforeAll(async () => {
    peer = await startXrdp({ unreadableKey: true });
    result = await probe(peer.target);
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('is guessed to be xrdp, with reasons', () => {
    const guess = guessHostKind(result);
    expect(guess.kind).toBe('xrdp');
    expect(guess.reasons.join(' ')).toMatch(/as xrdp does/);
  });

  it('gets the amber verdict in its own words, the unreadable key first, and the inspect hook', () => {
    const v = verdictFor(result, null, guessHostKind(result).kind);
    expect(v.kind).toBe('unverified');
    expect(v.headline).toMatch(/accepts connections but cannot prove its identity/);
    expect(v.causes?.[0]).toMatch(/xrdp cannot read its private key.*inspect the host to confirm/);
    expect(v.inspectHost).toBe(true);
  });

  it('with 0x904 0x7 typed, the fallback explains it and is the badge', () => {
    expect(rootCauseId(orderForCodes(result.findings, code904, result), code904, result)).toBe('tls-unavailable');
    expect(verdictFor(result, code904, 'xrdp').detail).toMatch(/explains the code you saw/);
  });
});

describe.skipIf(xrdpPeers.skip)('xrdp with security_layer=tls and a key it cannot read: SSL_CERT_NOT_ON_SERVER', () => {
  let peer: Peer;
  let result: ProbeResult;
  beforeAll(async () => {
    peer = await startXrdp({ unreadableKey: true, securityLayer: 'tls' });
    result = await probe(peer.target);
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('refuses every request with SSL_CERT_NOT_ON_SERVER', () => {
    for (const a of result.negotiation?.attempts ?? []) expect(a.failureName).toBe('SSL_CERT_NOT_ON_SERVER');
  });

  it('is tls-cert-unavailable, an error, not "falls back to Standard RDP Security"', () => {
    expect(result.findings.map((f) => f.id)).toEqual(['tls-cert-unavailable']);
    const f = result.findings[0]!;
    expect(f.severity).toBe('error');
    expect(f.detail).not.toMatch(/falls back/);
    expect(f.fixPhases.xrdp[0]).toBe('xrdp-fix-key-permissions');
    expect(f.fixPhases.windows).not.toContain('win-set-security-layer');
    expect(verdictFor(result, code904, 'xrdp')).toMatchObject({ kind: 'problem' });
  });

  it('leans xrdp from the way it refuses even Standard RDP Security', () => {
    const guess = guessHostKind(result);
    expect(guess.kind).toBe('xrdp');
    expect(guess.reasons[0]).toMatch(/SSL_CERT_NOT_ON_SERVER/);
  });
});

describe.skipIf(xrdpPeers.skip)('healthy xrdp', () => {
  let peer: Peer;
  beforeAll(async () => {
    peer = await startXrdp({});
  });
  afterAll(async () => {
    await peer?.stop();
  });
  it('is guessed to be xrdp and gets no Windows-only "offer NLA" fix in the xrdp column', async () => {
    const result = await probe(peer.target);
    expect(guessHostKind(result).kind).toBe('xrdp');
    const nla = result.findings.find((f) => f.id === 'nla-unsupported');
    expect(nla?.fixPhases.xrdp).toEqual([]);
    // issue 18: an out-of-the-box xrdp that accepts connections is ok (its notes are not warnings)
    expect(nla?.severity).toBe('info');
    expect(verdictFor(result, null, 'xrdp').kind).toBe('healthy');
  });
});

describe.skipIf(shadowPeers.skip)('FreeRDP shadow server with NLA', () => {
  const USER = { user: 'alice', password: 'Correct-Horse-9' };
  let peer: Peer;
  beforeAll(async () => {
    peer = await startShadow({ users: [USER] });
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('is not taken for Windows or xrdp: winpr reports Windows 7 yet offers the graphics pipeline', async () => {
    const result = await probe(peer.target);
    const guess = guessHostKind(result);
    expect(guess.kind).toBe('unknown');
    expect(guess.reasons[0]).toMatch(/FreeRDP/);
  });

  // Issue 18: the self-signed certificate and its name are notes, so nothing outranks the NLA note; it has no
  // fix, so it explains the code without the "most likely cause" badge.
  it('with 0x904 0x7 typed, the note that explains it comes first, without the "most likely cause" badge', async () => {
    const result = await probe(peer.target);
    const ordered = orderForCodes(result.findings, code904, result);
    expect(result.findings.filter((f) => f.severity === 'warning')).toEqual([]);
    expect(ordered[0]?.id).toBe('nla-required');
    expect(rootCauseId(ordered, code904, result)).toBeNull();
  });

  it('a wrong password: the rejected credentials explain the code and get the badge', async () => {
    const result = await probe(peer.target, { credentials: { user: USER.user, password: 'wrong-password' } });
    const ordered = orderForCodes(result.findings, code904, result);
    expect(ordered[0]?.id).toBe('credentials-rejected');
    expect(rootCauseId(ordered, code904, result)).toBe('credentials-rejected');
  });

  it('the right password: nothing claims 0x904/0x7, and the note says the credential check got through', async () => {
    const result = await probe(peer.target, { credentials: USER });
    expect(result.nlaCheck?.outcome).toBe('accepted');
    expect(rootCauseId(orderForCodes(result.findings, code904, result), code904, result)).toBeNull();
    // issue 18: the headline answers the typed code first and says the credential check got through
    const v = verdictFor(result, code904);
    expect(v.headline).toBe('Nothing found explains 0x904 0x7');
    expect(v.detail).toMatch(/credential check just got through/);
    expect(unexplainedCodesNote(result, code904)).toBeNull();
  });
});
