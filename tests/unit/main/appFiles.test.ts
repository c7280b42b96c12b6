// The app:// file mapping (no Electron), the external-link allowlist, and the menu (FAKE Electron).
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { resolveAppFile } from '../../../electron/main/appFiles';
import { isAllowedExternal } from '../../../electron/main/externalLinks';
import { rendererCsp } from '../../../shared/csp';

vi.mock('electron', () => ({
  app: { getVersion: () => '9.8.7', isPackaged: true },
  BrowserWindow: class {},
  dialog: {},
  Menu: {},
}));
const { aboutText, menuTemplate } = await import('../../../electron/main/menu');

const ROOT = path.resolve('/opt/rdp-doctor/resources/app.asar/out/renderer');

describe('resolveAppFile', () => {
  it('serves index.html for / and files inside the renderer folder, with the CSP header', () => {
    expect(resolveAppFile('app://rdp-doctor/', ROOT)).toEqual({
      ok: true,
      file: path.join(ROOT, 'index.html'),
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': rendererCsp(),
        'X-Content-Type-Options': 'nosniff',
      },
    });
    expect(resolveAppFile('app://rdp-doctor/assets/index-abc.js?x#y', ROOT)).toMatchObject({
      ok: true,
      file: path.join(ROOT, 'assets', 'index-abc.js'),
      headers: { 'Content-Type': 'text/javascript; charset=utf-8' },
    });
  });

  it.each([
    ['app://rdp-doctor/..%2F..%2Fpackage.json', 404],
    ['app://other-host/index.html', 404],
    ['file:///etc/passwd', 404],
    ['app://rdp-doctor/%E0%A4%A', 400],
    ['app://rdp-doctor/a%00b', 400],
    ['not a url', 400],
  ])('refuses %s (%i)', (url, status) => {
    expect(resolveAppFile(url, ROOT)).toEqual({ ok: false, status });
  });

  it('resolves encoded dot segments inside the folder (the URL parser removes them)', () => {
    expect(resolveAppFile('app://rdp-doctor/%2e%2e/%2e%2e/secret', ROOT)).toMatchObject({
      ok: true,
      file: path.join(ROOT, 'secret'),
    });
  });

  it('never maps any URL outside the renderer folder (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (tail) => {
        const r = resolveAppFile(`app://rdp-doctor/${tail}`, ROOT);
        if (r.ok) expect(r.file.startsWith(ROOT + path.sep)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('isAllowedExternal', () => {
  it.each([
    ['https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/x', true],
    ['https://support.microsoft.com/kb/1', true],
    ['https://github.com/neutrinolabs/xrdp/wiki', true],
    ['https://github.com/evil/repo', false],
    ['http://learn.microsoft.com/', false],
    ['https://learn.microsoft.com.evil.example/', false],
    ['https://user:pw@learn.microsoft.com/', false],
    ['https://learn.microsoft.com:8443/', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['ms-settings:privacy', false],
    ['javascript:alert(1)', false],
    ['', false],
  ])('%s → %s', (url, ok) => {
    expect(isAllowedExternal(url)).toBe(ok);
  });
});

describe('application menu (fake Electron)', () => {
  it('has Help → About, and no reload or devtools in the packaged app', () => {
    const labels = JSON.stringify(menuTemplate(true));
    expect(labels).toContain('About RDP Doctor');
    expect(labels).not.toMatch(/toggleDevTools|"reload"/);
    expect(JSON.stringify(menuTemplate(false))).toMatch(/toggleDevTools/);
  });

  it('About names the version and the licences', () => {
    const text = aboutText({ ...process.versions, electron: '45.4.1', chrome: '140.0' });
    expect(text).toMatch(/^Version 9\.8\.7/);
    expect(text).toMatch(/Electron 45\.4\.1 · Chromium 140\.0/);
    expect(text).toMatch(/MIT licence.*Licence notices/);
  });
});
