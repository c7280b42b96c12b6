import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  matchingCodes,
  phaseViews,
  rootCauseId,
  unexplainedCodesNote,
  verdictFor,
} from '../../../renderer/app/logic/findingsView';
import {
  addRecentHost,
  loadRecentHosts,
  RECENT_HOSTS_KEY,
  RECENT_HOSTS_MAX,
  saveRecentHosts,
} from '../../../renderer/app/logic/recentHosts';
import { applyStepEvent, countDone, formatMs, initialStepRows } from '../../../renderer/app/logic/steps';
import { buildSummary } from '../../../renderer/app/logic/summary';
import { checkTargetInput } from '../../../renderer/app/logic/targetInput';
import type { DecodeResult } from '../../../shared/codes';
import { FIX_PHASES } from '../../../shared/findings';
import { MemoryStorage } from './fakeApi';
import { finding, result } from './fixtures';

const decoded = (input: string, reason?: number, extended?: number): DecodeResult => ({
  input,
  ok: true,
  codes: [
    ...(reason === undefined
      ? []
      : [
          {
            table: 'disconnectReason' as const,
            value: reason,
            hex: `0x${reason.toString(16)}`,
            name: 'X',
            meaning: 'm',
            known: true,
          },
        ]),
    ...(extended === undefined
      ? []
      : [
          {
            table: 'extendedDisconnectReason' as const,
            value: extended,
            hex: `0x${extended.toString(16)}`,
            name: 'Y',
            meaning: 'm',
            known: true,
          },
        ]),
  ],
  summary: 's',
  relatedFindings: [],
});

describe('checkTargetInput', () => {
  it.each([
    ['server01', 'server01'],
    ['  server01.corp.example:3390 ', 'server01.corp.example:3390'],
    ['10.0.0.5', '10.0.0.5'],
    ['[fe80::1]:3389', '[fe80::1]:3389'],
    ['full address:s:srv02:3389', 'srv02:3389'],
    ['rdp://srv03', 'srv03'],
  ])('accepts %j', (input, target) => {
    expect(checkTargetInput(input)).toEqual({ ok: true, target });
  });
  it.each([
    '',
    '   ',
    'my server',
    'srv:0',
    'srv:70000',
    'srv:abc',
    'http://srv/x',
    'user@srv',
    '[::1]:99999',
    // issue 13: refused here exactly as the CLI refuses them, before a run starts
    '300.1.1.1',
    '::1',
    'srv..corp',
  ])('refuses %j with a sentence', (input) => {
    const r = checkTargetInput(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^[A-Z"].+[.)]$/);
  });
  it('never throws and never returns an empty target', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = checkTargetInput(s);
        if (r.ok) expect(r.target.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('recent hosts', () => {
  it('moves a host to the front, drops duplicates ignoring case, keeps at most the limit', () => {
    let list: string[] = [];
    for (let i = 0; i < RECENT_HOSTS_MAX + 3; i++) list = addRecentHost(list, `h${i}`);
    list = addRecentHost(list, 'H5');
    expect(list[0]).toBe('H5');
    expect(list.filter((h) => h.toLowerCase() === 'h5')).toHaveLength(1);
    expect(list).toHaveLength(RECENT_HOSTS_MAX);
  });
  it('round-trips through storage and ignores a tampered value', () => {
    const s = new MemoryStorage();
    saveRecentHosts(s, ['a', 'b']);
    expect(loadRecentHosts(s)).toEqual(['a', 'b']);
    s.setItem(RECENT_HOSTS_KEY, '{"password":"x"}');
    expect(loadRecentHosts(s)).toEqual([]);
    s.setItem(RECENT_HOSTS_KEY, '[1, "ok", {"a":1}, ""]');
    expect(loadRecentHosts(s)).toEqual(['ok']);
    s.setItem(RECENT_HOSTS_KEY, 'not json');
    expect(loadRecentHosts(s)).toEqual([]);
    saveRecentHosts(s, []);
    expect(s.getItem(RECENT_HOSTS_KEY)).toBeNull();
  });
  it('works without storage', () => {
    expect(loadRecentHosts(null)).toEqual([]);
    expect(() => saveRecentHosts(null, ['a'])).not.toThrow();
  });
});

describe('step rows', () => {
  it('start waiting and count a step as done once it has a final status', () => {
    let rows = initialStepRows();
    expect(countDone(rows)).toBe(0);
    rows = applyStepEvent(rows, {
      type: 'step',
      runId: 'r',
      step: 'tcp',
      status: 'running',
      durationMs: null,
      summary: '',
    });
    expect(countDone(rows)).toBe(0);
    rows = applyStepEvent(rows, {
      type: 'step',
      runId: 'r',
      step: 'tcp',
      status: 'failed',
      durationMs: 5,
      summary: 'refused',
      error: { code: 'refused', message: 'Connection refused' },
    });
    expect(rows.tcp).toEqual({
      status: 'failed',
      durationMs: 5,
      summary: 'refused',
      errorMessage: 'Connection refused',
    });
    expect(countDone(rows)).toBe(1);
  });
  it('formats durations', () => {
    expect(formatMs(null)).toBe('');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(2500)).toBe('2.5 s');
    expect(formatMs(15_000)).toBe('15 s');
  });
});

describe('findings view', () => {
  it('matches the reason/extended pair, the reason alone and the CredSSP message', () => {
    const explains = ['0x904/0x7', '0x204', 'CredSSP encryption oracle remediation', '0x1b07'];
    expect(matchingCodes(explains, decoded('0x904 0x7', 0x904, 0x7))).toEqual(['0x904/0x7']);
    expect(matchingCodes(explains, decoded('0x904 0x8', 0x904, 0x8))).toEqual([]);
    expect(matchingCodes(explains, decoded('0x904', 0x904))).toEqual(['0x904/0x7']);
    expect(matchingCodes(explains, decoded('0x204', 0x204))).toEqual(['0x204']);
    expect(matchingCodes(explains, decoded('0x1B07', 0x1b07))).toEqual(['0x1b07']);
    expect(matchingCodes(explains, decoded('CredSSP encryption oracle'))).toEqual([
      'CredSSP encryption oracle remediation',
    ]);
    expect(matchingCodes(explains, null)).toEqual([]);
    expect(matchingCodes(explains, { ...decoded('zz'), ok: false })).toEqual([]);
  });
  it('names the root cause only when something blocks the connection', () => {
    expect(rootCauseId([finding('tls-cert-self-signed'), finding('tcp-refused')])).toBe('tcp-refused');
    expect(rootCauseId([finding('tls-cert-self-signed')])).toBeNull();
  });
  it('says plainly when a host is healthy, has warnings, has a problem or was cut short', () => {
    expect(verdictFor(result()).kind).toBe('healthy');
    expect(verdictFor(result()).headline).toBe('srv01.corp.example is healthy');
    // issue 18: a self-signed certificate is a note, so alone it leaves the host healthy
    expect(verdictFor(result({ findings: [finding('tls-cert-self-signed')] })).kind).toBe('healthy');
    expect(verdictFor(result({ findings: [finding('tls-cert-weak')] })).kind).toBe('warnings');
    const problem = verdictFor(
      result({ findings: [finding('tls-handshake-failed'), finding('tls-cert-self-signed')] }),
    );
    expect(problem.kind).toBe('problem');
    expect(problem.detail).toContain(finding('tls-handshake-failed').title);
    expect(verdictFor(result({ aborted: true })).kind).toBe('incomplete');
    const r = result();
    r.steps.tls = { status: 'failed', durationMs: 3, summary: 'every handshake reset' };
    expect(verdictFor(r)).toMatchObject({ kind: 'incomplete', headline: 'TLS versions failed' });
    expect(verdictFor(r).detail).toContain('TLS versions: every handshake reset. No known cause matched');
    r.steps.target = {
      status: 'failed',
      durationMs: 0,
      summary: 'bad',
      error: { code: 'TARGET_INVALID', message: '"a..b" is not a valid host name' },
    };
    expect(verdictFor(r)).toEqual({
      kind: 'problem',
      headline: 'Check the computer name',
      detail: '"a..b" is not a valid host name.',
    });
    r.steps.target = { status: 'passed', durationMs: 0, summary: 'ok' };
    r.steps.tcp = { status: 'failed', durationMs: 0, summary: 'odd' };
    expect(verdictFor(r)).toMatchObject({ kind: 'incomplete', headline: 'Some checks failed' });
    expect(verdictFor(r).detail).toContain('(2 steps failed)');
  });
  it('shows fix phases by title, and the id when the catalogue does not know it', () => {
    const [known] = Object.keys(FIX_PHASES);
    const views = phaseViews([known as string, 'phase-from-the-future']);
    expect(views[0]?.title).toBe(FIX_PHASES[known as string]?.title);
    expect(views[1]).toEqual({ id: 'phase-from-the-future', title: 'phase-from-the-future', summary: null });
  });
});

describe('buildSummary', () => {
  it('names the host, the verdict, each finding with its first fix, and the codes seen', () => {
    const r = result({ findings: [finding('tls-handshake-failed'), finding('tls-cert-self-signed')] });
    const text = buildSummary(r, decoded('0x904 0x7', 0x904, 0x7));
    expect(text).toContain('srv01.corp.example');
    expect(text).toContain('Codes seen: 0x904 (X), 0x7 (Y)');
    expect(text).toContain('[Problem] The server agrees to TLS, then aborts every handshake (tls-handshake-failed)');
    expect(text).toContain(`Fix (Windows): ${FIX_PHASES['win-grant-machinekeys-read']?.title}`);
    expect(text).toContain(`Fix (xrdp): ${FIX_PHASES['xrdp-fix-key-permissions']?.title}`);
    expect(text.split('\n').length).toBeLessThan(20);
  });
  it('says healthy for a healthy host and leaves out the NLA account', () => {
    const r = result({
      nlaCheck: {
        outcome: 'accepted',
        user: 'CORP\\alice',
        ntStatus: null,
        ntStatusName: null,
        reason: 'ok',
        credsspVersion: 6,
      },
      findings: [finding('credentials-accepted')],
    });
    const text = buildSummary(r, null);
    expect(text).toContain('is healthy');
    expect(text).not.toContain('alice');
  });
});

describe('verdict and the code the user saw', () => {
  it('notes when no finding explains the code typed', () => {
    const r = result({ findings: [finding('tcp-refused')] });
    expect(unexplainedCodesNote(r, decoded('0x204', 0x204))).toBeNull();
    expect(unexplainedCodesNote(r, null)).toBeNull();
    // beside an error the headline says it ("Found a problem, but not the cause of …"), not a note
    expect(unexplainedCodesNote(r, decoded('0x904 0x7', 0x904, 0x7))).toBeNull();
    // when the verdict cannot carry it (the check did not finish), the note says it
    const cut = result({ aborted: true });
    expect(unexplainedCodesNote(cut, decoded('0x904 0x7', 0x904, 0x7))).toMatch(
      /^None of these results explains the code you saw \(0x904 0x7\)/,
    );
  });

  it('says which finding explains the code when nothing blocks a default client', () => {
    const r = result({ findings: [finding('tls-cert-self-signed'), finding('nla-required')] });
    const v = verdictFor(r, decoded('0x904 0x7', 0x904, 0x7));
    expect(v.kind).toBe('warnings');
    expect(v.headline).toBe(`"${finding('nla-required').title}" explains 0x904 0x7`);
    expect(verdictFor(r, decoded('0x204', 0x204)).headline).toBe('Nothing found explains 0x204');
  });
});
