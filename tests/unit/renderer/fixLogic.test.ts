// The Fix screen's pure logic: access values from the form, what is remembered, job events, verify table.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAccess, checkPort, NO_SECRETS, type SshForm, secretsNeeded } from '../../../renderer/app/logic/fixAccess';
import { FIX_ACCESS_KEY, loadFixAccess, saveFixAccess } from '../../../renderer/app/logic/fixAccessMemory';
import { lastUndoableFix } from '../../../renderer/app/logic/fixHistory';
import { inspectionFindings } from '../../../renderer/app/logic/fixInspection';
import { applyFixEvent, type FixJob, MAX_LINES_PER_PHASE, newJob } from '../../../renderer/app/logic/fixJob';
import { fixFindings, hasFixPhases, phasesFor } from '../../../renderer/app/logic/fixPhases';
import { tlsNowSentence, verifyHeadline, verifyRows } from '../../../renderer/app/logic/fixVerify';
import type { DecodeResult } from '../../../shared/codes';
import type { AuditEntry, FixEvent } from '../../../shared/remediation';
import { HostAccessSchema } from '../../../shared/remediation';
import { MemoryStorage } from './fakeApi';
import { brokenXrdp, ev, FINGERPRINT, fixedXrdp, inspection } from './fixFixtures';
import { finding } from './fixtures';

const FORM: SshForm = { host: '127.0.0.1', port: '22', user: 'root', auth: 'key-file', identityFile: '/k/id' };
const WINRM = { computer: 'srv01', useSsl: false, user: '' };
const DECODE_904: DecodeResult = {
  input: '0x904 0x7',
  ok: true,
  codes: [
    { table: 'disconnectReason', value: 0x904, hex: '0x904', name: 'X', meaning: '', known: true },
    { table: 'extendedDisconnectReason', value: 0x7, hex: '0x7', name: 'Y', meaning: '', known: true },
  ],
  summary: '',
  relatedFindings: [],
};

describe('buildAccess', () => {
  it('builds a contract-valid SSH access for every sign-in choice', () => {
    const secrets = {
      ...NO_SECRETS,
      password: 'pw',
      passphrase: 'pp',
      privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----',
      sudoPassword: 'sudo',
    };
    for (const auth of ['key-file', 'key-text', 'agent', 'password'] as const) {
      const r = buildAccess('ssh', { ...FORM, auth }, WINRM, secrets, FINGERPRINT);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(HostAccessSchema.safeParse(r.access).success).toBe(true);
      expect(r.access).toMatchObject({ via: 'ssh', host: '127.0.0.1', port: 22, user: 'root', sudoPassword: 'sudo' });
    }
  });

  it('says which field is wrong, in words', () => {
    const bad = (f: Partial<SshForm>, s = NO_SECRETS) => buildAccess('ssh', { ...FORM, ...f }, WINRM, s);
    expect(bad({ host: ' ' })).toMatchObject({ ok: false, field: 'ssh-host' });
    expect(bad({ host: 'a b' })).toMatchObject({ ok: false, field: 'ssh-host' });
    expect(bad({ port: '0' })).toMatchObject({ ok: false, field: 'ssh-port' });
    expect(bad({ port: '70000' })).toMatchObject({ ok: false, field: 'ssh-port' });
    expect(bad({ port: '2x' })).toMatchObject({ ok: false, field: 'ssh-port' });
    expect(bad({ user: '' })).toMatchObject({ ok: false, field: 'ssh-user' });
    expect(bad({ identityFile: '' })).toMatchObject({ ok: false, field: 'ssh-identity' });
    expect(bad({ auth: 'password' })).toMatchObject({ ok: false, field: 'ssh-password' });
    expect(bad({ auth: 'key-text' }, { ...NO_SECRETS, privateKey: 'not a key' })).toMatchObject({
      ok: false,
      field: 'ssh-key-text',
    });
  });

  it('checkPort accepts exactly 1..65535', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 70000 }), (n) => {
        const r = checkPort(String(n));
        expect(typeof r === 'number').toBe(n >= 1 && n <= 65535);
      }),
    );
  });

  it('any form input either builds a schema-valid access or gives a message, never throws', () => {
    fc.assert(
      fc.property(
        fc.record({
          host: fc.string({ maxLength: 40 }),
          port: fc.string({ maxLength: 6 }),
          user: fc.string({ maxLength: 20 }),
          auth: fc.constantFrom('key-file', 'key-text', 'agent', 'password' as const),
          identityFile: fc.string({ maxLength: 20 }),
        }),
        fc.string({ maxLength: 20 }),
        (form, pw) => {
          const r = buildAccess('ssh', form as SshForm, WINRM, { ...NO_SECRETS, password: pw });
          if (r.ok) expect(HostAccessSchema.safeParse(r.access).success).toBe(true);
          else expect(r.message.length).toBeGreaterThan(10);
        },
      ),
    );
  });

  it('names the secrets a later request needs typed again', () => {
    expect(secretsNeeded('ssh', { ...FORM, auth: 'password' })).toEqual(['password', 'sudoPassword']);
    expect(secretsNeeded('ssh', { ...FORM, auth: 'agent' })).toEqual(['sudoPassword']);
    expect(secretsNeeded('script', FORM)).toEqual([]);
  });
});

describe('remembered SSH access', () => {
  it('keeps host, port, user, sign-in choice and key path per target, and nothing else', () => {
    const storage = new MemoryStorage();
    const sneaky = { ...FORM, password: 'hunter2-secret' } as SshForm;
    saveFixAccess(storage, 'SRV01:3389', sneaky);
    expect(storage.dump()).not.toContain('hunter2');
    expect(loadFixAccess(storage, 'srv01:3389')).toEqual(FORM);
    expect(loadFixAccess(storage, 'other')).toBeNull();
  });

  it('ignores a tampered value', () => {
    const storage = new MemoryStorage();
    storage.setItem(FIX_ACCESS_KEY, '{"a":{"host":1}}');
    expect(loadFixAccess(storage, 'a')).toBeNull();
    storage.setItem(FIX_ACCESS_KEY, 'not json');
    expect(loadFixAccess(storage, 'a')).toBeNull();
  });
});

describe('phases for the chosen findings', () => {
  it('lists the kind’s phases once, in first-mentioned order', () => {
    const fs = [finding('tls-key-unusable'), finding('tls-unavailable'), finding('nla-required')];
    expect(phasesFor(fixFindings(fs, null), 'xrdp')).toEqual([
      'xrdp-fix-key-permissions',
      'xrdp-regenerate-cert',
      'xrdp-restart',
      'xrdp-set-security-layer',
    ]);
    expect(phasesFor(fixFindings(fs, ['tls-unavailable']), 'windows')).toEqual([
      'win-set-security-layer',
      'win-grant-machinekeys-read',
      'win-restart-termservice',
    ]);
    expect(fixFindings(fs, null).map((f) => f.id)).not.toContain('nla-required');
  });
  it('offers "Fix this" only when the host kind in force has a phase for the finding', () => {
    const nla = finding('nla-unsupported'); // Windows can require NLA; xrdp cannot do NLA at all
    expect(hasFixPhases(nla, 'windows')).toBe(true);
    expect(hasFixPhases(nla, 'xrdp')).toBe(false);
    expect(hasFixPhases(nla, 'unknown')).toBe(true);
    expect(hasFixPhases(finding('tls-unavailable'), 'xrdp')).toBe(true);
  });
  it('advice-only phases are never asked of the fixer: no "Fix this" for a finding that has only advice', () => {
    // no-response: find who owns the port (advice), then restart (a phase)
    expect(phasesFor([finding('no-response')], 'xrdp')).toEqual(['xrdp-restart']);
    expect(phasesFor([finding('no-response')], 'windows')).toEqual(['win-restart-termservice']);
    expect(hasFixPhases(finding('not-rdp'), 'xrdp')).toBe(false);
    expect(hasFixPhases(finding('clock-skew'))).toBe(false);
    expect(hasFixPhases(finding('tcp-refused'), 'xrdp')).toBe(true);
    expect(phasesFor([finding('tcp-refused')], 'xrdp')).toEqual(['xrdp-start-service']);
  });
});

function jobWithId(phases = ['a', 'b']): FixJob {
  return { ...newJob('apply', phases), jobId: 'j1', state: 'running' };
}
const out = (seq: number, phase: string, line: string): FixEvent =>
  ev({ type: 'output', jobId: 'j1', seq, phase, stream: 'stdout', line });

describe('fix job events', () => {
  it('follows a phase from started to applied with its output', () => {
    let job = jobWithId();
    job = applyFixEvent(job, ev({ type: 'phase-started', jobId: 'j1', seq: 1, phase: 'a' }));
    expect(job.phases[0]?.status).toBe('running');
    job = applyFixEvent(job, out(2, 'a', 'adding user'));
    job = applyFixEvent(
      job,
      ev({ type: 'phase-finished', jobId: 'j1', seq: 3, phase: 'a', outcome: 'applied', message: 'ok' }),
    );
    expect(job.phases[0]).toMatchObject({ status: 'applied', message: 'ok', lines: [{ line: 'adding user' }] });
    expect(job.phases[1]?.status).toBe('waiting');
  });

  it('ignores events of other jobs and repeated events', () => {
    const job = jobWithId();
    expect(applyFixEvent(job, { ...out(1, 'a', 'x'), jobId: 'other' })).toBe(job);
    const once = applyFixEvent(job, out(1, 'a', 'x'));
    expect(applyFixEvent(once, out(1, 'a', 'x'))).toBe(once);
  });

  it('in any arrival order: lines end up in seq order and the newest status wins', () => {
    const events: FixEvent[] = [
      ev({ type: 'phase-started', jobId: 'j1', seq: 0, phase: 'a' }),
      ...[1, 2, 3, 4, 5].map((n) => out(n, 'a', `line ${n}`)),
      ev({ type: 'phase-finished', jobId: 'j1', seq: 6, phase: 'a', outcome: 'applied', message: 'done' }),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (order) => {
        let job = jobWithId(['a']);
        for (const e of order) job = applyFixEvent(job, e);
        expect(job.phases[0]?.lines.map((l) => l.line)).toEqual([1, 2, 3, 4, 5].map((n) => `line ${n}`));
        expect(job.phases[0]?.status).toBe('applied');
      }),
    );
  });

  it('a failed job marks the running phase failed; a cancelled one stays cancelled', () => {
    let job = applyFixEvent(jobWithId(), ev({ type: 'phase-started', jobId: 'j1', seq: 1, phase: 'a' }));
    const failed = applyFixEvent(
      job,
      ev({ type: 'failed', jobId: 'j1', seq: 2, error: { code: 'x', message: 'boom' } }),
    );
    expect(failed).toMatchObject({ state: 'failed', error: 'boom' });
    expect(failed.phases[0]?.status).toBe('failed');
    job = { ...job, state: 'cancelled' };
    const after = applyFixEvent(job, ev({ type: 'finished', jobId: 'j1', seq: 2, ok: false, entries: [] }));
    expect(after.state).toBe('cancelled');
    expect(after.phases[0]?.status).toBe('cancelled');
  });

  it('keeps a runaway output bounded', () => {
    let job = jobWithId(['a']);
    for (let i = 0; i < MAX_LINES_PER_PHASE + 50; i++) job = applyFixEvent(job, out(i, 'a', 'spam'));
    expect(job.phases[0]?.lines.length).toBe(MAX_LINES_PER_PHASE);
  });
});

describe('verify', () => {
  it('ties the typed code to the host-confirmed finding and says what the re-probe proves', () => {
    const h = verifyHeadline({
      before: brokenXrdp(),
      after: fixedXrdp(),
      inspection: inspection(),
      decode: DECODE_904,
      fixed: true,
    });
    expect(h.text).toBe('0x904/0x7: explained by tls-key-unusable — fixed, TLS 1.2 and 1.3 now work');
  });

  it('without a code speaks of the main problem; says "not fixed yet" when it is still there', () => {
    const h = verifyHeadline({
      before: brokenXrdp(),
      after: brokenXrdp(),
      inspection: null,
      decode: null,
      fixed: false,
    });
    expect(h.text).toBe('tls-unavailable — not fixed yet, TLS still does not work');
  });

  it('the table marks what got better', () => {
    const rows = verifyRows(brokenXrdp(), fixedXrdp());
    const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(byId['TLSv1.2']).toMatchObject({ before: 'fails', after: 'works', better: true });
    expect(byId.layers).toMatchObject({
      before: 'Standard RDP Security',
      after: 'TLS, Standard RDP Security',
      better: true,
    });
    // The certificate's warnings only show once TLS works: not "worse"; what is gone is listed.
    expect(byId.problems).toMatchObject({ before: 'tls-unavailable', after: 'tls-cert-self-signed', better: null });
    expect(byId.gone).toMatchObject({ after: 'tls-unavailable', better: true });
    expect(tlsNowSentence(fixedXrdp())).toBe('TLS 1.2 and 1.3 now work');
    // Undo: back to broken is worse.
    expect(verifyRows(fixedXrdp(), brokenXrdp()).find((r) => r.id === 'TLSv1.3')?.better).toBe(false);
  });
});

describe('verify against the re-inspection', () => {
  it('the code stays tied to the finding read before the fix, even though the re-inspection no longer has it', () => {
    const after = { ...inspection(), findings: [] };
    const h = verifyHeadline({
      before: brokenXrdp(),
      after: fixedXrdp(),
      inspection: inspection(),
      inspectionAfter: after,
      decode: DECODE_904,
      fixed: true,
    });
    expect(h.findingId).toBe('tls-key-unusable');
    expect(h.text).toMatch(/— fixed,/);
  });

  it('a host finding the re-inspection still shows is "not fixed yet"', () => {
    const h = verifyHeadline({
      before: brokenXrdp(),
      after: fixedXrdp(),
      inspection: inspection(),
      inspectionAfter: inspection(),
      decode: DECODE_904,
      fixed: true,
    });
    expect(h.text).toMatch(/explained by tls-key-unusable — not fixed yet/);
  });
});

describe('inspection list', () => {
  it('host-confirmed first, then what was seen from outside, each once; outside notes left out', () => {
    const insp = { ...inspection(), findings: [inspection().findings[0]].filter((f) => f !== undefined) };
    const list = inspectionFindings(insp, [
      finding('tls-unavailable'),
      finding('nla-required'),
      finding('tls-key-unusable'),
    ]);
    expect(list.map((f) => [f.id, f.seenOn])).toEqual([
      ['tls-key-unusable', 'host'],
      ['tls-unavailable', 'wire'],
    ]);
  });
});

describe('earlier fix from the audit log', () => {
  const e = (jobId: string, phase: string, at: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
    jobId,
    at,
    who: 'tech',
    target: 'srv:3389',
    reachedAs: 'root@srv:22 (ssh)',
    phase,
    action: 'apply',
    changes: [],
    outcome: 'applied',
    backup: { kind: 'test' },
    ...extra,
  });
  it('the newest job with changes left; undone, failed, already-right and other targets do not count', () => {
    const entries = [
      e('a', 'p1', '2026-01-01T00:00:00Z'),
      e('b', 'p1', '2026-01-02T00:00:00Z'),
      e('b', 'p2', '2026-01-02T00:00:01Z', { outcome: 'already-right' }),
      e('u', 'p1', '2026-01-03T00:00:00Z', { action: 'undo', undoes: 'b', outcome: 'rolled-back' }),
      e('c', 'p3', '2026-01-04T00:00:00Z', { outcome: 'failed', backup: undefined }),
      e('d', 'p1', '2026-01-05T00:00:00Z', { target: 'other:3389' }),
    ];
    expect(lastUndoableFix(entries, 'SRV:3389')).toEqual({
      jobId: 'a',
      at: '2026-01-01T00:00:00Z',
      reachedAs: 'root@srv:22 (ssh)',
      phases: ['p1'],
      // never verified: the run was cut short
      unfinished: true,
      failedUndo: false,
    });
    expect(lastUndoableFix([], 'srv:3389')).toBeNull();
  });
  it('a pending phase, or a failed undo, is offered first as unfinished; a verified job is not unfinished', () => {
    const older = e('a', 'p1', '2026-01-01T00:00:00Z', { outcome: 'verified' });
    expect(lastUndoableFix([older], 'srv:3389')).toMatchObject({ jobId: 'a', unfinished: false });
    const cut = [older, e('b', 'p1', '2026-01-02T00:00:00Z', { outcome: 'pending' })];
    expect(lastUndoableFix(cut, 'srv:3389')).toMatchObject({ jobId: 'b', unfinished: true, failedUndo: false });
    const failedUndo = [
      ...cut,
      e('b', 'p1', '2026-01-02T00:00:01Z', { outcome: 'verified' }),
      e('u', 'p1', '2026-01-03T00:00:00Z', { action: 'undo', undoes: 'b', outcome: 'failed' }),
    ];
    expect(lastUndoableFix(failedUndo, 'srv:3389')).toMatchObject({ jobId: 'b', unfinished: true, failedUndo: true });
  });
});
