import { app, BrowserWindow } from 'electron';
import { Core } from '../core/core';
import { registerIpc } from './ipc';
import { saveReport } from './reportSave';
import { createMainWindow } from './window';

// One instance: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const core = new Core({ mode: 'electron', overrides: { 'report.save': saveReport } });
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
    registerIpc(core);
    createMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    });
  });
  app.on('window-all-closed', () => {
    core.dispose();
    if (process.platform !== 'darwin') app.quit();
  });
}
