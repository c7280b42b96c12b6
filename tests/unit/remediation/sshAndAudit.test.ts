// Host key decisions, the known-hosts file, the audit log and the report's "Actions taken".
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/remediation/auditLog';
import { decideHostKey } from '../../../electron/remediation/ssh/hostKeyCheck';
import { fingerprintOf, KnownHosts, keyTypeOf } from '../../../electron/remediation/ssh/knownHosts';
import { actionsFromAudit } from '../../../electron/report/auditActions';
import type { AuditEntry } from '../../../shared/remediation';

const A = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const B = 'SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB';
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'rdpdoc-unit-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('decideHostKey', () => {
  const base = { where: 'h:22', seen: A, keyType: 'ssh-ed25519', known: null };
  it('unknown and not trusted: refused, showing the fingerprint and how to trust it', () => {
    const d = decideHostKey(base);
    expect(d).toMatchObject({ accept: false, code: 'ssh-host-key-unknown' });
    expect(!d.accept && d.message).toContain(A);
  });
  it('trusted now with the same fingerprint: accepted and saved; a different one: mismatch', () => {
    expect(decideHostKey({ ...base, trustNow: A })).toEqual({ accept: true, save: true });
    expect(decideHostKey({ ...base, trustNow: B })).toMatchObject({ accept: false, code: 'ssh-host-key-mismatch' });
  });
  it('known: same key accepted; another key is a mismatch even when trustNow names it', () => {
    expect(decideHostKey({ ...base, known: A })).toEqual({ accept: true, save: false });
    const d = decideHostKey({ ...base, known: B, trustNow: A });
    expect(d).toMatchObject({ accept: false, code: 'ssh-host-key-mismatch' });
    expect(!d.accept && d.message).toMatch(/was trusted before.*Nothing was changed/);
  });
  it('a changed key is replaced only for the exact old and new keys confirmed on screen (issue 18)', () => {
    expect(decideHostKey({ ...base, known: B, trustNow: A, replaceKnown: B })).toEqual({ accept: true, save: true });
    const C = 'SHA256:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC';
    // another old key than the one shown, or another new key: still a mismatch
    expect(decideHostKey({ ...base, known: B, trustNow: A, replaceKnown: C })).toMatchObject({ accept: false });
    expect(decideHostKey({ ...base, known: B, trustNow: C, replaceKnown: B })).toMatchObject({ accept: false });
    expect(decideHostKey({ ...base, known: B, replaceKnown: B })).toMatchObject({ accept: false });
  });
  it('after a replacement the new key is the known one (the last line for a host wins)', () => {
    const k = KnownHosts.inDir(tmp());
    k.trust('srv', 22, B, 'ssh-ed25519');
    k.trust('srv', 22, A, 'ssh-ed25519');
    expect(k.lookup('srv', 22)).toBe(A);
  });
  it('pinned wins over everything', () => {
    expect(decideHostKey({ ...base, pinned: B, known: A })).toMatchObject({
      accept: false,
      code: 'ssh-host-key-mismatch',
    });
    expect(decideHostKey({ ...base, pinned: `${A}=` })).toEqual({ accept: true, save: false });
  });
});

describe('KnownHosts', () => {
  it('remembers a trusted key per host and port', () => {
    const k = KnownHosts.inDir(tmp());
    expect(k.lookup('Srv', 22)).toBeNull();
    k.trust('srv', 22, A, 'ssh-ed25519');
    expect(k.lookup('SRV', 22)).toBe(A);
    expect(k.lookup('srv', 2222)).toBeNull();
  });
  it('fingerprints like OpenSSH and names the key type', () => {
    const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.alloc(36)]);
    expect(fingerprintOf(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(Buffer.from([0xff]))).toBe('unknown');
  });
});

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  jobId: 'j1',
  at: '2026-01-01T00:00:00.000Z',
  who: 'tech',
  target: 'srv:3389',
  reachedAs: 'root@srv:22 (ssh)',
  phase: 'xrdp-fix-key-permissions',
  action: 'apply',
  changes: [{ target: 'members of group ssl-cert', before: 'postgres', after: 'postgres,xrdp' }],
  outcome: 'applied',
  backup: { kind: 'join-group', user: 'xrdp', group: 'ssl-cert' },
  ...over,
});

describe('AuditLog', () => {
  it('finds the newest job with changes left to undo, and none once undone', () => {
    const log = AuditLog.inDir(tmp());
    log.append(entry({}));
    log.append(entry({ outcome: 'verified' }));
    expect(log.lastUndoable('SRV:3389')?.entries.map((e) => e.outcome)).toEqual(['verified']);
    log.append(entry({ jobId: 'u1', action: 'undo', undoes: 'j1', outcome: 'rolled-back', backup: undefined }));
    expect(log.lastUndoable('srv:3389')).toBeNull();
  });
  it('skips a damaged line instead of failing', () => {
    const log = AuditLog.inDir(tmp());
    log.append(entry({}));
    appendFileSync(log.file, '{"torn": \n');
    log.append(entry({ jobId: 'j2' }));
    expect(log.entries().map((e) => e.jobId)).toEqual(['j1', 'j2']);
  });
  it('refuses an entry that does not fit the schema (nothing written)', () => {
    const log = AuditLog.inDir(tmp());
    writeFileSync(log.file, '');
    expect(() => log.append({ ...entry({}), outcome: 'bogus' as never })).toThrow();
    expect(log.entries()).toEqual([]);
  });
});

describe('actionsFromAudit', () => {
  // issue 18: no internal job id where a technician reads
  it('one row per phase and job with its final outcome; undo rows say what they undid', () => {
    const actions = actionsFromAudit([
      entry({}),
      entry({ outcome: 'verified', message: 'xrdp can read the key now.', at: '2026-01-01T00:01:00.000Z' }),
      entry({
        jobId: 'u1',
        action: 'undo',
        undoes: 'j1',
        outcome: 'rolled-back',
        message: 'Put back as it was.',
        changes: [{ target: 'members of group ssl-cert', before: 'postgres,xrdp', after: 'postgres' }],
      }),
    ]);
    expect(actions.map((a) => [a.phaseId, a.action, a.outcome])).toEqual([
      ['xrdp-fix-key-permissions', 'apply', 'verified'],
      ['xrdp-fix-key-permissions', 'undo', 'rolled-back'],
    ]);
    expect(actions[0]).toMatchObject({
      title: 'Let xrdp read its key file',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
      who: 'tech',
    });
    expect(actions[0]?.detail).toBe('xrdp can read the key now. (members of group ssl-cert: postgres → postgres,xrdp)');
    expect(actions[1]?.detail).toBe(
      'Undo of an earlier fix: Put back as it was. (members of group ssl-cert: postgres,xrdp → postgres)',
    );
  });
  it('not verified reads as failed; already right as skipped', () => {
    const a = actionsFromAudit([
      entry({ outcome: 'not-verified', message: 'still unreadable' }),
      entry({ jobId: 'j2', outcome: 'already-right', changes: [] }),
    ]);
    expect(a.map((x) => x.outcome)).toEqual(['failed', 'skipped']);
    expect(a[0]?.detail).toMatch(/^Not verified: still unreadable/);
  });
});
