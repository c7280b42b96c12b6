import { app, BrowserWindow } from 'electron';
import { Core } from '../core/core';
import { ensureDataDir } from '../core/dataDir';
import { openLogFile } from '../core/logFile';
import { registerAppScheme, serveAppScheme } from './appProtocol';
import { registerIpc } from './ipc';
import { installMenu } from './menu';
import { saveReport } from './reportSave';
import { rendererDir } from './trust';
import { createMainWindow } from './window';

// One instance: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // app:// must be known before `ready`; the renderer is served from it, never from file://.
  registerAppScheme();
  const dataDir = ensureDataDir();
  const log = openLogFile(dataDir);
  log.write(
    'info',
    `RDP Doctor ${app.getVersion()} starting (Electron ${process.versions.electron}, ${process.platform})`,
  );
  process.on('uncaughtException', (err) => log.write('error', `uncaught: ${err?.stack ?? err}`));
  process.on('unhandledRejection', (err) => log.write('error', `unhandled rejection: ${(err as Error)?.stack ?? err}`));

  const core = new Core({ mode: 'electron', dataDir, overrides: { 'report.save': saveReport } });
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.whenReady().then(() => {
    serveAppScheme(rendererDir());
    installMenu();
    registerIpc(core, log);
    createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
  });
  app.on('window-all-closed', () => {
    core.dispose();
    log.write('info', 'last window closed');
    if (process.platform !== 'darwin') app.quit();
  });
}
