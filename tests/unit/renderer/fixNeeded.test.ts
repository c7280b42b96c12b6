// Issue 18, the Fix screen's "only when needed": which secret fields show, an encrypted key read locally,
// the session count in "Disconnects every session", and the undo history (only what can still be undone).
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyLooksEncrypted, NO_SECRETS, type SshForm, secretFieldsShown } from '../../../renderer/app/logic/fixAccess';
import { undoableFixes } from '../../../renderer/app/logic/fixHistory';
import { riskWithSessions, sessionCount } from '../../../renderer/app/logic/fixRisks';
import { type AuditEntry, type Inspection, InspectionSchema } from '../../../shared/remediation';
import { inspection } from './fixFixtures';

const dir = mkdtempSync(join(tmpdir(), 'rdp-doctor-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real OpenSSH private key from ssh-keygen (openssh-client is a peer of the project, like sshd). */
const made = new Map<string, string>();
function opensshKey(passphrase: string, type = 'ed25519'): string {
  const name = `${type}-${passphrase}`;
  const known = made.get(name);
  if (known) return known;
  const file = join(dir, `k-${type}-${passphrase ? 'enc' : 'plain'}`);
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(type === 'rsa' ? ['-b', '2048'] : []),
    '-N',
    passphrase,
    '-f',
    file,
  ]);
  const text = readFileSync(file, 'utf8');
  made.set(name, text);
  return text;
}

describe('an encrypted private key, read locally', () => {
  it('OpenSSH keys: encrypted (aes256-ctr + bcrypt) or not (cipher "none")', () => {
    expect(keyLooksEncrypted(opensshKey('s3cret'))).toBe(true);
    expect(keyLooksEncrypted(opensshKey(''))).toBe(false);
    expect(keyLooksEncrypted(opensshKey('s3cret', 'rsa'))).toBe(true);
  });
  it('PEM keys: PKCS#8 "ENCRYPTED PRIVATE KEY" and legacy "Proc-Type: 4,ENCRYPTED"; plain ones are not', () => {
    const pkcs8 = (cipher?: string) =>
      generateKeyPairSync('ed25519', {
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: cipher
          ? { type: 'pkcs8', format: 'pem', cipher, passphrase: 'x' }
          : { type: 'pkcs8', format: 'pem' },
      }).privateKey;
    expect(keyLooksEncrypted(pkcs8('aes-256-cbc'))).toBe(true);
    expect(keyLooksEncrypted(pkcs8())).toBe(false);
    const legacy = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'x' },
    }).privateKey;
    expect(legacy).toMatch(/Proc-Type: 4,ENCRYPTED/);
    expect(keyLooksEncrypted(legacy)).toBe(true);
  });
  it('text that is not a key, or a broken one, is not taken for encrypted', () => {
    expect(keyLooksEncrypted('')).toBe(false);
    expect(keyLooksEncrypted('-----BEGIN OPENSSH PRIVATE KEY-----\n!!!!\n-----END OPENSSH PRIVATE KEY-----')).toBe(
      false,
    );
    const half = opensshKey('s3cret').split('\n').slice(0, 1).join('\n');
    expect(keyLooksEncrypted(half)).toBe(false);
  });
});

describe('secret fields shown', () => {
  const form = (over: Partial<SshForm>): SshForm => ({
    host: 'h',
    port: '22',
    user: 'root',
    auth: 'key-file',
    identityFile: '/k',
    ...over,
  });
  it('root with a key file: nothing optional; a sudo user: the sudo password', () => {
    expect(secretFieldsShown('ssh', form({}), NO_SECRETS)).toEqual([]);
    expect(secretFieldsShown('ssh', form({ user: 'admin' }), NO_SECRETS)).toEqual(['sudoPassword']);
    expect(secretFieldsShown('ssh', form({ user: 'admin', auth: 'password' }), NO_SECRETS)).toEqual([
      'password',
      'sudoPassword',
    ]);
    expect(secretFieldsShown('winrm', form({}), NO_SECRETS)).toEqual(['winrmPassword']);
    expect(secretFieldsShown('local', form({}), NO_SECRETS)).toEqual([]);
  });
  it('the passphrase when the pasted key is encrypted, or the core asked for it', () => {
    const pasted = form({ auth: 'key-text' });
    expect(secretFieldsShown('ssh', pasted, NO_SECRETS)).toEqual(['privateKey']);
    expect(secretFieldsShown('ssh', pasted, { ...NO_SECRETS, privateKey: opensshKey('s3cret') })).toEqual([
      'privateKey',
      'passphrase',
    ]);
    expect(secretFieldsShown('ssh', pasted, { ...NO_SECRETS, privateKey: opensshKey('') })).toEqual(['privateKey']);
    expect(secretFieldsShown('ssh', form({}), NO_SECRETS, ['passphrase'])).toEqual(['passphrase']);
  });
  it('sudo asked for a password: root gets the field too', () => {
    expect(secretFieldsShown('ssh', form({}), NO_SECRETS, ['sudoPassword'])).toEqual(['sudoPassword']);
  });
  it('a field holding something typed never disappears', () => {
    const typed = { ...NO_SECRETS, passphrase: 'p', sudoPassword: 's' };
    expect(secretFieldsShown('ssh', form({}), typed)).toEqual(['passphrase', 'sudoPassword']);
  });
});

function windowsInspection(sessions: unknown): Inspection {
  return InspectionSchema.parse({
    hostKind: 'windows',
    reachedAs: 'this computer',
    inspectedAt: '2026-11-27T12:00:00.000Z',
    facts: { sessions },
    findings: [],
    summary: [],
  });
}

describe('"Disconnects every session" with the count the inspection saw', () => {
  it('xrdp: says the inspection cannot count them, once, without brackets in brackets', () => {
    expect(riskWithSessions('Disconnects every xrdp session on the host.', inspection())).toBe(
      'Disconnects every xrdp session (the inspection cannot count them).',
    );
    expect(riskWithSessions('Takes effect when xrdp restarts (disconnects every session).', inspection())).toBe(
      'Takes effect when xrdp restarts (disconnects every xrdp session; the inspection cannot count them).',
    );
  });
  it('Windows: the qwinsta sessions, none, or could not be listed', () => {
    const two = windowsInspection([
      { session: 'rdp-tcp#0', user: 'alice', id: '2', state: 'Active' },
      { session: '', user: 'bob', id: '3', state: 'Disc' },
    ]);
    expect(riskWithSessions('Disconnects every Remote Desktop session on the host.', two)).toBe(
      'Disconnects every Remote Desktop session — the inspection saw 2 open: alice, active; bob, disc.',
    );
    expect(riskWithSessions('Disconnects every Remote Desktop session (TermService restarts).', two)).toBe(
      'Disconnects every Remote Desktop session — the inspection saw 2 open: alice, active; bob, disc (TermService restarts).',
    );
    expect(sessionCount(windowsInspection([]))).toBe('the inspection saw none open');
    expect(sessionCount(windowsInspection(null))).toBe(
      'the inspection could not list them, so assume someone is connected',
    );
  });
  it('other risks, or no inspection: unchanged', () => {
    expect(riskWithSessions('Changes who can read the private key', inspection())).toBe(
      'Changes who can read the private key',
    );
    expect(riskWithSessions('Disconnects every session', null)).toBe('Disconnects every session');
  });
});

describe('undo history: only what can still be undone, newest first', () => {
  const e = (jobId: string, at: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
    jobId,
    at,
    who: 'tech',
    target: 'srv:3389',
    reachedAs: 'root@srv:22 (ssh)',
    phase: 'xrdp-restart',
    action: 'apply',
    changes: [],
    outcome: 'verified',
    backup: { kind: 'restart' },
    ...extra,
  });
  it('undone and nothing-changed fixes are left out; the rest newest first', () => {
    const entries = [
      e('a', '2026-01-01T00:00:00Z'),
      e('b', '2026-01-02T00:00:00Z'),
      e('u', '2026-01-03T00:00:00Z', { action: 'undo', undoes: 'b', outcome: 'rolled-back' }),
      e('c', '2026-01-04T00:00:00Z', { outcome: 'already-right', backup: undefined }),
      e('d', '2026-01-05T00:00:00Z'),
    ];
    expect(undoableFixes(entries, 'srv:3389').map((f) => f.jobId)).toEqual(['d', 'a']);
  });
});
