// The log file on a real disk: one line per entry, rotation by size, text only.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLogFile } from '../../../electron/core/logFile';

describe('openLogFile', () => {
  it('writes timestamped lines into logs/ and keeps forged newlines on one line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-log-'));
    const log = openLogFile(dir, { now: () => new Date('2026-01-02T03:04:05Z') });
    log.write('info', 'started');
    log.write('error', 'bad\n2026-01-01T00:00:00Z INFO forged');
    expect(log.file).toBe(path.join(dir, 'logs', 'rdp-doctor.log'));
    expect(readFileSync(log.file, 'utf8').split('\n').filter(Boolean)).toEqual([
      '2026-01-02T03:04:05.000Z INFO started',
      '2026-01-02T03:04:05.000Z ERROR bad ⏎ 2026-01-01T00:00:00Z INFO forged',
    ]);
  });

  it('rotates by size and keeps only `keep` old files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-log-'));
    const log = openLogFile(dir, { maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i += 1) log.write('info', `line ${i} ${'x'.repeat(30)}`);
    expect(readFileSync(log.file, 'utf8').length).toBeLessThanOrEqual(200);
    expect(existsSync(`${log.file}.1`)).toBe(true);
    expect(existsSync(`${log.file}.2`)).toBe(true);
    expect(existsSync(`${log.file}.3`)).toBe(false);
    expect(readFileSync(log.file, 'utf8')).toContain('line 39');
  });

  it('takes text only: an object (a request payload) is refused', () => {
    const log = openLogFile(mkdtempSync(path.join(tmpdir(), 'rdpdoc-log-')));
    expect(() => log.write('info', { password: 'secret' } as unknown as string)).toThrow(/text only/);
  });
});
