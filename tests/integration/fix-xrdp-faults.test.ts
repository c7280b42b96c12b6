// The fix wizard against namespaced Debian hosts whose xrdp is the init script's (run as user xrdp with a
// root-only key; tests/peers/debianHost.ts), over each host's own sshd: a key path full of shell syntax
// stays data; a phase failing midway is undone and reported; a cancel during a phase leaves nothing changed.
// Nothing here touches the machine's own xrdp service.
import { chmodSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob, undoJob } from '../../electron/remediation/runJob';
import { actionsFromAudit } from '../../electron/report/auditActions';
import type { FixEvent } from '../../shared/remediation';
import { type DebianHost, needPeers, startDebianHost } from '../peers';
import { phaseOutcomes, fixRegistry as registry, sshAccess, useFixDataDir } from '../peers/fixHost';

const { skip } = needPeers(['debian-host'], 'fix-xrdp-faults.test.ts');

// no "/" can be in a file name, so the canary would land in the remote shell's folder (root's home in the host), the
// host's / or /tmp, or one of ours
const CANARY = `rdpdoc-pwned-${process.pid}`;
const HOSTILE = `key 'it''s' "q" $(touch ${CANARY}) \`touch ${CANARY}\` && x.pem`;
const canaryFound = (h: DebianHost) =>
  [homedir(), tmpdir(), process.cwd(), h.path('/root'), h.path('/tmp'), h.path('/')].some((d) =>
    existsSync(path.join(d, CANARY)),
  );

describe.skipIf(skip)('fix: namespaced xrdp hosts over SSH', { timeout: 240_000 }, () => {
  const data = useFixDataDir();
  let xrdp: DebianHost;
  const access = () => sshAccess(xrdp.sshd);

  describe('a key_file path with spaces, quotes, $(…) and backticks', () => {
    let keyPath: string;
    const insideKey = `/etc/xrdp/${HOSTILE}`;
    beforeAll(async () => {
      xrdp = await startDebianHost({ fault: 'key-unreadable-file', keyFileName: HOSTILE });
      keyPath = xrdp.path(insideKey);
    });
    afterAll(async () => {
      await xrdp?.stop();
    });

    it('is inspected, fixed, verified and undone as data: the exact file changes, nothing is executed', async () => {
      const events: FixEvent[] = [];
      const before = statSync(keyPath);
      expect(before.mode & 0o777).toBe(0o600);
      const outcome = await runJob({
        jobId: 'hostile-1',
        target: xrdp.target,
        hostKind: 'xrdp',
        access: access(),
        phases: ['xrdp-fix-key-permissions'],
        registry,
        audit: data.audit,
        signal: new AbortController().signal,
        emit: (e) => events.push(e),
      });
      expect(
        outcome.ok,
        JSON.stringify(
          events.map((e) =>
            e.type === 'verified' ? { message: e.message, after: e.after.findings.map((f) => f.id) } : e.type,
          ),
        ),
      ).toBe(true);
      expect(canaryFound(xrdp)).toBe(false);
      // the inspection read the hostile path from the service's own ini
      const verified = events.find((e) => e.type === 'verified');
      expect(verified?.type === 'verified' && verified.inspection?.facts).toMatchObject({
        key: { path: insideKey, real: insideKey },
        keyReadable: true,
      });
      const after = statSync(keyPath);
      expect(after.mode & 0o777).toBe(0o640);
      expect(after.uid).toBe(0);
      // the re-probe: xrdp reads its key per connection, so TLS works now
      expect(verified?.type === 'verified' && verified.after.negotiation?.supports.tls).toBe(true);

      const undone: FixEvent[] = [];
      const u = await undoJob({
        jobId: 'hostile-undo',
        target: xrdp.target,
        hostKind: 'xrdp',
        access: access(),
        registry,
        audit: data.audit,
        emit: (e) => undone.push(e),
      });
      expect(u.ok, JSON.stringify(undone)).toBe(true);
      const back = statSync(keyPath);
      expect([back.mode & 0o777, back.uid, back.gid]).toEqual([before.mode & 0o777, before.uid, before.gid]);
      expect(canaryFound(xrdp)).toBe(false);
    });
  });

  describe('faults midway', () => {
    let iniPath: string;
    let keyPath: string;
    let iniBytes: Buffer;
    beforeAll(async () => {
      xrdp = await startDebianHost({ fault: ['key-unreadable-file', 'security-layer-rdp', 'tls1-only'] });
      iniPath = xrdp.path('/etc/xrdp/xrdp.ini');
      keyPath = xrdp.path('/etc/xrdp/key.pem');
      iniBytes = readFileSync(iniPath);
    });
    afterAll(async () => {
      await xrdp?.stop();
    });
    const keyState = () => {
      const s = statSync(keyPath);
      return [s.mode & 0o777, s.uid, s.gid];
    };

    it('a phase failing midway: the phases done before are undone, and the audit log and report say so', async () => {
      const keyBefore = keyState();
      const events: FixEvent[] = [];
      const backups = xrdp.path('/var/backups/rdp-doctor');
      const outcome = await runJob({
        jobId: 'midway-1',
        target: xrdp.target,
        hostKind: 'xrdp',
        access: access(),
        phases: ['xrdp-fix-key-permissions', 'xrdp-set-security-layer', 'xrdp-set-ssl-protocols'],
        registry,
        audit: data.audit,
        signal: new AbortController().signal,
        emit: (e) => {
          events.push(e);
          // the third phase fails at its backup: someone opened the backup folder to others meanwhile
          if (e.type === 'phase-started' && e.phase === 'xrdp-set-ssl-protocols') chmodSync(backups, 0o755);
        },
      });
      chmodSync(backups, 0o700);
      expect(outcome.ok).toBe(false);
      expect(phaseOutcomes(events)).toEqual([
        ['xrdp-fix-key-permissions', 'applied'],
        ['xrdp-set-security-layer', 'applied'],
        ['xrdp-set-ssl-protocols', 'failed'],
        ['xrdp-set-ssl-protocols', 'rolled-back'],
        ['xrdp-set-security-layer', 'rolled-back'],
        ['xrdp-fix-key-permissions', 'rolled-back'],
      ]);
      const failedMsg = events.find((e) => e.type === 'phase-finished' && e.outcome === 'failed');
      expect(failedMsg?.type === 'phase-finished' && failedMsg.message).toMatch(
        /the backup folder \/var\/backups\/rdp-doctor has mode 755, not 0700/,
      );
      expect(readFileSync(iniPath).equals(iniBytes)).toBe(true);
      expect(keyState()).toEqual(keyBefore);
      expect(data.audit.lastUndoable(xrdp.target)).toBeNull();
      // the ini's backup copy lived on the host and is gone again; the audit log never held its content
      expect(readdirSync(backups)).toEqual([]);
      expect(readFileSync(data.audit.file, 'utf8')).not.toContain('crypt_level');
      const actions = actionsFromAudit(data.audit.job('midway-1'));
      expect(actions.map((a) => [a.phaseId, a.action, a.outcome])).toEqual(
        expect.arrayContaining([
          ['xrdp-fix-key-permissions', 'apply', 'applied'],
          ['xrdp-set-ssl-protocols', 'apply', 'failed'],
          ['xrdp-fix-key-permissions', 'undo', 'rolled-back'],
          ['xrdp-set-security-layer', 'undo', 'rolled-back'],
        ]),
      );
    });

    it('cancel during a phase: stops, puts back what the job changed, nothing half-changed', async () => {
      const keyBefore = keyState();
      const events: FixEvent[] = [];
      const controller = new AbortController();
      const outcome = await runJob({
        jobId: 'cancel-1',
        target: xrdp.target,
        hostKind: 'xrdp',
        access: access(),
        phases: ['xrdp-fix-key-permissions', 'xrdp-set-security-layer'],
        registry,
        audit: data.audit,
        signal: controller.signal,
        emit: (e) => {
          events.push(e);
          // inside the security-layer phase: after its backup and its first line, before it writes xrdp.ini
          if (e.type === 'output' && e.phase === 'xrdp-set-security-layer') controller.abort();
        },
      });
      expect(outcome.ok).toBe(false);
      const finished = phaseOutcomes(events);
      expect(finished).toContainEqual(['xrdp-set-security-layer', 'failed']);
      expect(finished).toContainEqual(['xrdp-set-security-layer', 'rolled-back']);
      expect(finished).toContainEqual(['xrdp-fix-key-permissions', 'rolled-back']);
      const failed = events.find((e) => e.type === 'phase-finished' && e.outcome === 'failed');
      expect(failed?.type === 'phase-finished' && failed.message).toBe('Cancelled.');
      expect(readFileSync(iniPath).equals(iniBytes)).toBe(true);
      expect(keyState()).toEqual(keyBefore);
    });
  });
});
