// The settings file on a real disk (a temp data folder): valid hosts only, atomic writes, damage survived.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Core, type EventSink } from '../../../electron/core/core';
import { SettingsStore, sanitizeSettings } from '../../../electron/core/settings';

const sink: EventSink = { emit: () => {} };
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'rdpdoc-settings-'));

describe('SettingsStore', () => {
  it('remembers valid hosts newest first, without duplicates, across a restart', () => {
    const dir = tempDir();
    const a = new SettingsStore(dir);
    a.update({ addRecentHost: 'rdp.example.com' });
    a.update({ addRecentHost: '10.0.0.5:3390' });
    a.update({ addRecentHost: 'RDP.example.com' });
    a.update({ hostKind: { target: '10.0.0.5:3390', kind: 'xrdp' } });
    a.update({ lastReportFolder: path.join(dir, 'reports') });
    const b = new SettingsStore(dir);
    expect(b.get()).toEqual({
      version: 1,
      recentHosts: ['RDP.example.com', '10.0.0.5:3390'],
      hostKinds: { '10.0.0.5:3390': 'xrdp' },
      lastReportFolder: path.join(dir, 'reports'),
      checkForUpdates: false,
    });
  });

  it('refuses an invalid host with a clear error and changes nothing', () => {
    const dir = tempDir();
    const s = new SettingsStore(dir);
    s.update({ addRecentHost: 'good.example' });
    for (const bad of ['300.1.1.1', 'a b', 'host:99999', '[::1']) {
      expect(() => s.update({ addRecentHost: bad })).toThrow(/is not a host name or address/);
    }
    expect(new SettingsStore(dir).get().recentHosts).toEqual(['good.example']);
  });

  it('writes atomically: no temp file is left, and the file is complete JSON', () => {
    const dir = tempDir();
    const s = new SettingsStore(dir);
    for (let i = 0; i < 20; i += 1) s.update({ addRecentHost: `host${i}.example` });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const saved = JSON.parse(readFileSync(s.file, 'utf8'));
    expect(saved.recentHosts).toHaveLength(8);
    expect(saved.recentHosts[0]).toBe('host19.example');
  });

  it('starts with the defaults after a crash left a damaged file, keeping it aside', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'settings.json'), '{"version":1,"recentHosts":["half');
    const s = new SettingsStore(dir);
    expect(s.get().recentHosts).toEqual([]);
    expect(existsSync(path.join(dir, 'settings.json.damaged'))).toBe(true);
  });

  it('drops invalid values from a hand-edited file', () => {
    expect(
      sanitizeSettings({
        recentHosts: ['ok.example', '300.1.1.1', 42, 'x'.repeat(400)],
        hostKinds: { 'ok.example': 'windows', 'bad host': 'xrdp', 'b.example': 'mac' },
        lastReportFolder: 'relative/path',
        checkForUpdates: 'yes',
        password: 'never kept',
      }),
    ).toEqual({
      version: 1,
      recentHosts: ['ok.example'],
      hostKinds: { 'ok.example': 'windows' },
      lastReportFolder: null,
      checkForUpdates: false,
    });
  });
});

describe('settings.get / settings.update through the Core', () => {
  it('round-trips and names the refusal', async () => {
    const core = new Core({ mode: 'web', dataDir: tempDir() });
    expect(await core.handle('settings.update', { addRecentHost: '127.0.0.1:3389' }, sink)).toMatchObject({
      ok: true,
      value: { recentHosts: ['127.0.0.1:3389'] },
    });
    expect(await core.handle('settings.update', { addRecentHost: '300.1.1.1' }, sink)).toMatchObject({
      ok: false,
      error: { code: 'invalid-host' },
    });
    expect(await core.handle('settings.get', {}, sink)).toMatchObject({ ok: true, value: { checkForUpdates: false } });
  });
});
