// electron/preload/index.ts with FAKE contextBridge and ipcRenderer: it exposes exactly the contract
// (invoke + on) under one key, refuses names outside the contract, and unsubscribes cleanly.
import { describe, expect, it, vi } from 'vitest';
import { EVENT_NAMES, IPC_EVENT, IPC_INVOKE, PRELOAD_KEY, REQUEST_NAMES } from '../../../shared/channels';

type Listener = (event: unknown, name: string, payload: unknown) => void;
const exposed = new Map<string, unknown>();
const listeners = new Set<Listener>();
const invoke = vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'from main' }));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke,
    on: (_channel: string, l: Listener) => listeners.add(l),
    off: (_channel: string, l: Listener) => listeners.delete(l),
  },
}));

await import('../../../electron/preload/index');
const api = exposed.get(PRELOAD_KEY) as {
  invoke(name: string, payload: unknown): Promise<unknown>;
  on(name: string, l: (p: unknown) => void): () => void;
};

describe('preload (fake Electron)', () => {
  it('exposes one object with exactly invoke and on', () => {
    expect([...exposed.keys()]).toEqual([PRELOAD_KEY]);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards every contract request on the one invoke channel', async () => {
    for (const name of REQUEST_NAMES) {
      expect(await api.invoke(name, { x: 1 })).toEqual({ ok: true, value: 'from main' });
      expect(invoke).toHaveBeenLastCalledWith(IPC_INVOKE, name, { x: 1 });
    }
  });

  it('refuses a name outside the contract without reaching the main process', async () => {
    invoke.mockClear();
    expect(await api.invoke('fs.readFile', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'unknown-request', message: 'Unknown request "fs.readFile".' },
    });
    expect(invoke).not.toHaveBeenCalled();
    expect(() => api.on('app.secret', () => {})).toThrow(/Unknown event/);
  });

  it('delivers only the named event, and stops after unsubscribe', () => {
    const seen: unknown[] = [];
    const off = api.on(EVENT_NAMES[0], (p) => seen.push(p));
    for (const l of listeners) l({}, EVENT_NAMES[0], { n: 1 });
    for (const l of listeners) l({}, 'something.else', { n: 2 });
    off();
    for (const l of listeners) l({}, EVENT_NAMES[0], { n: 3 });
    expect(seen).toEqual([{ n: 1 }]);
    expect(listeners.size).toBe(0);
    expect(IPC_EVENT).toBe('rdp-doctor:event');
  });
});
