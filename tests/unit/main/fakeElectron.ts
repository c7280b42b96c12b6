// FAKE Electron modules for unit tests: Electron cannot run here (no binary). Each fake records what the
// code under test asked of it, so a test can assert the security settings and drive the handlers.
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

type RequestHandler = (wc: unknown, permission: string, cb: (ok: boolean) => void) => void;
type CheckHandler = (wc: unknown, permission: string, origin: string) => boolean;
type BeforeRequest = (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;

export interface FakeSession {
  requestHandler: RequestHandler | null;
  checkHandler: CheckHandler | null;
  beforeRequest: BeforeRequest | null;
  setPermissionRequestHandler(h: RequestHandler): void;
  setPermissionCheckHandler(h: CheckHandler): void;
  webRequest: { onBeforeRequest(h: BeforeRequest): void };
}

export function fakeSession(): FakeSession {
  const ses: FakeSession = {
    requestHandler: null,
    checkHandler: null,
    beforeRequest: null,
    setPermissionRequestHandler(h) {
      ses.requestHandler = h;
    },
    setPermissionCheckHandler(h) {
      ses.checkHandler = h;
    },
    webRequest: {
      onBeforeRequest(h) {
        ses.beforeRequest = h;
      },
    },
  };
  return ses;
}

export class FakeBrowserWindow {
  static instances: FakeBrowserWindow[] = [];
  static focused: FakeBrowserWindow | null = null;
  static getFocusedWindow = () => FakeBrowserWindow.focused;
  static getAllWindows = () => FakeBrowserWindow.instances;
  readonly loaded: string[] = [];
  readonly events = new Map<string, Listener[]>();
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  readonly webContents = {
    on: (name: string, l: Listener) => this.events.set(`wc:${name}`, [...(this.events.get(`wc:${name}`) ?? []), l]),
    setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => {
      this.openHandler = h;
    },
    printToPDF: vi.fn(async () => new Uint8Array(Buffer.from('%PDF-1.7 fake'))),
  };
  constructor(readonly options: Record<string, unknown>) {
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loaded.push(url);
    return Promise.resolve();
  }
  once(name: string, l: Listener) {
    this.events.set(name, [l]);
  }
  show() {}
  destroy() {
    this.destroyed = true;
  }
  setMenuBarVisibility() {}
  /** fires a webContents event with a fake event object; returns whether preventDefault was called */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    for (const l of this.events.get(`wc:${name}`) ?? []) l({ preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}
