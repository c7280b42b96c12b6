// Backups of xrdp.ini: in the root-only folder, named job + phase + a random part (two phases, or two runs of
// one phase, in the same second never share a name), and undo reads only from there.
import { describe, expect, it } from 'vitest';
import type { PhaseContext } from '../../../electron/remediation/types';
import { iniBackupOf, restoreIni } from '../../../electron/remediation/xrdp/phases/support';

const ctx = (jobId: string, phase: string) => ({ jobId, plan: { phase } });

describe('ini backups', () => {
  it('named job + phase + random in /var/backups/rdp-doctor, with the SHA-256 of the old bytes', () => {
    const b = iniBackupOf('/etc/xrdp/xrdp.ini', Buffer.from('x'), ctx('job-1', 'xrdp-set-security-layer'));
    expect(b.savedAs).toMatch(/^\/var\/backups\/rdp-doctor\/job-1-xrdp-set-security-layer-[0-9a-f]{12}\.ini$/);
    expect(b.sha256).toBe('2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881');
  });
  it('two in the same second, same job and phase: two names', () => {
    const names = new Set(
      Array.from({ length: 50 }, () => iniBackupOf('/etc/xrdp/xrdp.ini', Buffer.from('x'), ctx('j', 'p')).savedAs),
    );
    expect(names.size).toBe(50);
  });
  it('a job id with slashes, dots or spaces cannot leave the folder', () => {
    const b = iniBackupOf('/etc/xrdp/xrdp.ini', Buffer.from(''), ctx('../../etc/passwd x', '..'), 'abc');
    expect(b.savedAs).toBe('/var/backups/rdp-doctor/_.._etc_passwd_x-x-abc.ini');
  });
  it('undo refuses a backup path outside the folder (an edited audit log), before touching the host', async () => {
    const touched: string[] = [];
    const driver = {
      readFile: async (p: string) => {
        touched.push(p);
        return null;
      },
    };
    const c = { driver, signal: new AbortController().signal, log: () => undefined } as unknown as PhaseContext;
    for (const savedAs of ['/var/backups/rdp-doctor/../../etc/shadow', '/etc/shadow', '/tmp/x.ini']) {
      await expect(restoreIni(c, { kind: 'ini', path: '/etc/xrdp/xrdp.ini', savedAs, sha256: 'x' })).rejects.toThrow(
        /outside \/var\/backups\/rdp-doctor/,
      );
    }
    expect(touched).toEqual([]);
  });
});
