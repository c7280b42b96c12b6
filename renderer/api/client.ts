/**
 * The client side of the contract, chosen once at start-up: Electron's preload when present,
 * otherwise the web-mode WebSocket (its session token traded for the page's one-time launch code, see
 * session.ts). Both validate what comes back.
 */
import {
  ApiCallError,
  type EventName,
  type EventOf,
  events,
  PRELOAD_KEY,
  type RdpDoctorApi,
  type RequestName,
  type RequestOf,
  type ResponseOf,
  requests,
  type WireServerFrame,
} from '../../shared/contract';
import { webSessionToken } from './session';

type RawReply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
interface RawBridge {
  invoke(name: string, payload: unknown): Promise<RawReply>;
  on(name: string, listener: (payload: unknown) => void): () => void;
}

function unwrap<K extends RequestName>(name: K, reply: RawReply): ResponseOf<K> {
  if (!reply.ok) throw new ApiCallError(reply.error.code, reply.error.message);
  const parsed = requests[name].res.safeParse(reply.value);
  if (!parsed.success) throw new ApiCallError('invalid-response', `The ${name} answer did not match the contract.`);
  return parsed.data as ResponseOf<K>;
}

function validEvent<K extends EventName>(name: K, payload: unknown): EventOf<K> | null {
  const parsed = events[name].safeParse(payload);
  return parsed.success ? (parsed.data as EventOf<K>) : null;
}

export function preloadApi(bridge: RawBridge): RdpDoctorApi {
  return {
    invoke: async (name, req) => unwrap(name, await bridge.invoke(name, req)),
    on: (name, listener) =>
      bridge.on(name, (payload) => {
        const ev = validEvent(name, payload);
        if (ev) listener(ev);
      }),
  };
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** `url` may still be on its way (web mode trades its launch code first); calls wait for it, or fail with its error. */
export function webSocketApi(url: string | Promise<string>, onState?: (s: ConnectionState) => void): RdpDoctorApi {
  let nextId = 1;
  const pending = new Map<number, { name: RequestName; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let ws: WebSocket | null = null;
  /** why there is no socket (the launch code could not be traded), once known */
  let failed: ApiCallError | null = null;
  const lost = () => failed ?? new ApiCallError('disconnected', 'The connection to RDP Doctor was lost.');
  onState?.('connecting');
  const connect = (target: string) => {
    const socket = new WebSocket(target);
    ws = socket;
    wire(socket);
  };
  const wire = (socket: WebSocket) => {
    socket.addEventListener('open', () => {
      onState?.('open');
      for (const frame of queue.splice(0)) socket.send(frame);
    });
    // A refused or broken socket fires `error` and then `close`; the pending calls fail on `close`.
    socket.addEventListener('error', () => {});
    socket.addEventListener('close', () => {
      onState?.('closed');
      for (const p of pending.values()) p.reject(lost());
      pending.clear();
    });
    socket.addEventListener('message', (msg) => {
      let frame: WireServerFrame;
      try {
        frame = JSON.parse(String(msg.data)) as WireServerFrame;
      } catch {
        return;
      }
      if (frame.kind === 'result') {
        const p = pending.get(frame.id);
        if (!p) return;
        pending.delete(frame.id);
        try {
          p.resolve(unwrap(p.name, frame.ok ? { ok: true, value: frame.value } : { ok: false, error: frame.error }));
        } catch (err) {
          p.reject(err as Error);
        }
      } else if (frame.kind === 'event') {
        for (const l of listeners.get(frame.name) ?? []) l(frame.payload);
      }
    });
  };
  if (typeof url === 'string') connect(url);
  else
    url.then(connect, (err: unknown) => {
      failed =
        err instanceof ApiCallError ? err : new ApiCallError('no-session', (err as Error)?.message ?? String(err));
      queue.length = 0;
      // not 'closed' ("connection lost, start it again"): the server is fine, this page has no session; the
      // calls fail with the sentence that says what to do
      for (const p of pending.values()) p.reject(failed);
      pending.clear();
    });
  return {
    invoke: (name, req) =>
      new Promise((resolve, reject) => {
        if (failed || ws?.readyState === WebSocket.CLOSED || ws?.readyState === WebSocket.CLOSING) {
          reject(lost());
          return;
        }
        const id = nextId++;
        pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject });
        const frame = JSON.stringify({ kind: 'invoke', id, name, payload: req });
        if (ws?.readyState === WebSocket.OPEN) ws.send(frame);
        else queue.push(frame);
      }),
    on: (name, listener) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      const wrapped = (payload: unknown) => {
        const ev = validEvent(name, payload);
        if (ev) listener(ev);
      };
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}

let chosen: RdpDoctorApi | null = null;
const stateListeners = new Set<(s: ConnectionState) => void>();

/** Web mode: hear when the WebSocket to the core opens or drops (Electron's IPC never drops). */
export function onConnectionState(listener: (s: ConnectionState) => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** The API for this page, created on first use. */
export function getApi(): RdpDoctorApi {
  if (chosen) return chosen;
  const bridge = (window as unknown as Record<string, RawBridge | undefined>)[PRELOAD_KEY];
  if (bridge) {
    chosen = preloadApi(bridge);
  } else {
    const origin = window.location.origin.replace(/^http/, 'ws');
    const wsUrl = webSessionToken().then((token) => `${origin}/ws?token=${encodeURIComponent(token)}`);
    chosen = webSocketApi(wsUrl, (s) => {
      for (const l of stateListeners) l(s);
    });
  }
  return chosen;
}

export type { RdpDoctorApi, RequestOf };
