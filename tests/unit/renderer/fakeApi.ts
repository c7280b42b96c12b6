/**
 * FAKE of the IPC contract for component and store tests (the real one needs Electron or the web-mode
 * server; the e2e tests use the real one). Requests are answered by per-test handlers; events are pushed
 * with emit(). Every request is recorded so tests can check what the UI sent.
 */
import type { EventName, EventOf, RdpDoctorApi, RequestName, RequestOf, ResponseOf } from '../../../shared/contract';

type Handlers = { [K in RequestName]?: (req: RequestOf<K>) => Promise<ResponseOf<K>> | ResponseOf<K> };

export interface FakeApi extends RdpDoctorApi {
  calls: { name: RequestName; req: unknown }[];
  handlers: Handlers;
  emit<K extends EventName>(name: K, payload: EventOf<K>): void;
  listenerCount(name: EventName): number;
}

export function fakeApi(handlers: Handlers = {}): FakeApi {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const api: FakeApi = {
    calls: [],
    handlers,
    invoke: async (name, req) => {
      api.calls.push({ name, req: structuredClone(req) });
      const h = api.handlers[name] as ((r: unknown) => unknown) | undefined;
      if (!h) throw new Error(`fake api: no handler for ${name}`);
      return (await h(req)) as never;
    },
    on: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    emit: (name, payload) => {
      for (const l of [...(listeners.get(name) ?? [])]) l(payload);
    },
    listenerCount: (name) => listeners.get(name)?.size ?? 0,
  };
  return api;
}

/** An in-memory Storage (jsdom has localStorage, but a private one per test keeps tests apart). */
export class MemoryStorage implements Storage {
  private map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
  setItem(k: string, v: string) {
    this.map.set(k, String(v));
  }
  dump(): string {
    return JSON.stringify([...this.map.entries()]);
  }
}
