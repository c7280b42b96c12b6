/**
 * The security defaults, stated once: an isolated, sandboxed renderer without Node, served from app://
 * with one strict CSP (shared/csp.ts), no navigation, no new windows, links only to an allowlist, one
 * permission (writing plain text to the clipboard) for our own page only, and no network requests from
 * the renderer at all (the probes run in the main process). Only the app's own page may call the IPC
 * contract (electron/main/ipc.ts).
 */
import path from 'node:path';
import { BrowserWindow, type Session, session, shell } from 'electron';
import { isAllowedExternal } from './externalLinks';
import { isTrustedSender, rendererUrl } from './trust';

/** The one permission the UI uses ("Copy summary"). */
const ALLOWED_PERMISSION = 'clipboard-sanitized-write';

/** Whether the renderer session may load this URL: our own page's origin (and the dev server's hot-reload
 * socket in `electron-vite dev`) and inline data only. */
export function isAllowedRequest(url: string, own: string = rendererUrl()): boolean {
  if (url.startsWith('data:') || url.startsWith('devtools:')) return true;
  return isTrustedSender(url.replace(/^ws(s?):/, 'http$1:'), own);
}

/** Permissions (both the request and the check), and the network allowlist, for a session. */
export function applySessionPolicy(ses: Session, own: string = rendererUrl()): void {
  ses.setPermissionRequestHandler((wc, permission, callback) =>
    callback(permission === ALLOWED_PERMISSION && isTrustedSender(wc.getURL(), own)),
  );
  // Chromium also asks synchronously ("may this origin use X?") without a request: answer the same way.
  ses.setPermissionCheckHandler(
    (_wc, permission, requestingOrigin) => permission === ALLOWED_PERMISSION && isTrustedSender(requestingOrigin, own),
  );
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, own) }));
}

export function createMainWindow(): BrowserWindow {
  const own = rendererUrl();
  applySessionPolicy(session.defaultSession, own);

  const win = new BrowserWindow({
    width: 1100,
    height: 780,
    minWidth: 640,
    minHeight: 480,
    title: 'RDP Doctor',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Documentation links open in the real browser, never inside the app; nothing else opens at all.
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(own);
  return win;
}
