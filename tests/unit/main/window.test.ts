// electron/main/window.ts with FAKE Electron modules (tests/unit/main/fakeElectron.ts): the security
// defaults it states, and the handlers it installs, driven as Electron would drive them.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, fakeSession } from './fakeElectron';

const ses = fakeSession();
const openExternal = vi.fn(async () => {});
vi.mock('electron', () => ({
  BrowserWindow: FakeBrowserWindow,
  session: { defaultSession: ses },
  shell: { openExternal },
}));

const { createMainWindow, isAllowedRequest } = await import('../../../electron/main/window');

const OWN = 'app://rdp-doctor/index.html';

describe('createMainWindow (fake Electron)', () => {
  beforeEach(() => {
    FakeBrowserWindow.instances.length = 0;
    openExternal.mockClear();
    delete process.env.ELECTRON_RENDERER_URL;
  });

  it('isolates and sandboxes the renderer, without Node, and loads the app:// page', () => {
    const win = createMainWindow() as unknown as FakeBrowserWindow;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.js$/);
    expect(win.loaded).toEqual([OWN]);
  });

  it('blocks navigation and webviews, and opens only allowlisted links outside', () => {
    const win = createMainWindow() as unknown as FakeBrowserWindow;
    expect(win.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(win.fire('will-attach-webview')).toBe(true);
    expect(win.openHandler?.({ url: 'https://learn.microsoft.com/en-us/troubleshoot/x' })).toEqual({ action: 'deny' });
    expect(win.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(win.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://learn.microsoft.com/en-us/troubleshoot/x']]);
  });

  it('grants the clipboard permission to our page only, in the request AND the check handler', () => {
    createMainWindow();
    const ask = (url: string, permission: string) =>
      new Promise<boolean>((resolve) => ses.requestHandler?.({ getURL: () => url }, permission, resolve));
    return Promise.all([
      expect(ask(OWN, 'clipboard-sanitized-write')).resolves.toBe(true),
      expect(ask(OWN, 'media')).resolves.toBe(false),
      expect(ask('https://evil.example/', 'clipboard-sanitized-write')).resolves.toBe(false),
    ]).then(() => {
      expect(ses.checkHandler?.(null, 'clipboard-sanitized-write', 'app://rdp-doctor')).toBe(true);
      expect(ses.checkHandler?.(null, 'geolocation', 'app://rdp-doctor')).toBe(false);
      expect(ses.checkHandler?.(null, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    });
  });

  it('lets the renderer load nothing from the network', () => {
    createMainWindow();
    const cancel = (url: string) =>
      new Promise<boolean>((resolve) => ses.beforeRequest?.({ url }, (r) => resolve(r.cancel)));
    return Promise.all([
      expect(cancel('app://rdp-doctor/assets/index-abc.js')).resolves.toBe(false),
      expect(cancel('data:image/png;base64,AAAA')).resolves.toBe(false),
      expect(cancel('https://update.example/check')).resolves.toBe(true),
      expect(cancel('ws://127.0.0.1:9/')).resolves.toBe(true),
      expect(cancel('file:///etc/hosts')).resolves.toBe(true),
    ]);
  });

  it('in electron-vite dev, allows the dev server and its hot-reload socket only', () => {
    const dev = 'http://localhost:5173/';
    expect(isAllowedRequest('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5174/', dev)).toBe(false);
  });
});
