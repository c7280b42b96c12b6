/**
 * The application menu: File (Quit), Edit (the clipboard roles text fields need), View (zoom, full
 * screen; no reload or devtools in the packaged app) and Help → About, which shows the version and opens
 * the licence notices of the bundled libraries (out/renderer/licenses.txt, written at build time).
 */
import { app, BrowserWindow, dialog, Menu, type MenuItemConstructorOptions } from 'electron';
import { APP_ORIGIN } from './appFiles';

export function aboutText(versions: NodeJS.ProcessVersions = process.versions): string {
  return [
    `Version ${app.getVersion()}`,
    `Electron ${versions.electron ?? '?'} · Chromium ${versions.chrome ?? '?'} · Node ${versions.node}`,
    'Licensed under the MIT licence. The libraries it includes keep their own licences: see "Licence notices".',
    'RDP Doctor talks only to the hosts you probe; it checks for no updates and sends nothing anywhere.',
  ].join('\n');
}

function showLicences(parent: BrowserWindow | undefined): void {
  const win = new BrowserWindow({
    width: 760,
    height: 640,
    title: 'RDP Doctor — licence notices',
    ...(parent ? { parent } : {}),
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  win.setMenuBarVisibility(false);
  void win.loadURL(`${APP_ORIGIN}/licenses.txt`);
}

export async function showAbout(): Promise<void> {
  const parent = BrowserWindow.getFocusedWindow() ?? undefined;
  const options: Electron.MessageBoxOptions = {
    type: 'info',
    title: 'About RDP Doctor',
    message: 'RDP Doctor',
    detail: aboutText(),
    buttons: ['OK', 'Licence notices'],
    defaultId: 0,
    cancelId: 0,
  };
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  if (response === 1) showLicences(parent);
}

export function menuTemplate(packaged: boolean = app.isPackaged): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (!packaged) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  return [
    { label: '&File', submenu: [{ role: 'quit' }] },
    { role: 'editMenu' },
    { label: '&View', submenu: view },
    { label: '&Help', submenu: [{ label: '&About RDP Doctor', click: () => void showAbout() }] },
  ];
}

export function installMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate()));
}
