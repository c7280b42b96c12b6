/**
 * Exposes exactly the shared contract: `invoke(name, payload)` and `on(name, listener)`. Names are
 * checked against the contract here and again (with payload schemas) in the main process.
 */
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';
import { EVENT_NAMES, IPC_EVENT, IPC_INVOKE, PRELOAD_KEY, REQUEST_NAMES } from '../../shared/channels';

const requestNames = new Set<string>(REQUEST_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);

contextBridge.exposeInMainWorld(PRELOAD_KEY, {
  invoke(name: string, payload: unknown): Promise<unknown> {
    if (!requestNames.has(name))
      return Promise.resolve({ ok: false, error: { code: 'unknown-request', message: `Unknown request "${name}".` } });
    return ipcRenderer.invoke(IPC_INVOKE, name, payload);
  },
  on(name: string, listener: (payload: unknown) => void): () => void {
    if (!eventNames.has(name)) throw new Error(`Unknown event "${name}".`);
    const wrapped = (_e: IpcRendererEvent, eventName: string, payload: unknown) => {
      if (eventName === name) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT, wrapped);
    return () => ipcRenderer.off(IPC_EVENT, wrapped);
  },
});
