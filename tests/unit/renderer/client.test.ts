// renderer/api/client.ts — the real client against the real web-mode server over a real WebSocket.
// Node 20 has no browser WebSocket, so the `ws` package stands in for it, sending the Origin a page on
// this server would send (a browser always does).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import { startWebServer, type WebServer } from '../../../electron/web/server';
import { type ConnectionState, preloadApi, webSocketApi } from '../../../renderer/api/client';
import { ApiCallError } from '../../../shared/contract';

let server: WebServer;
const originalWebSocket = globalThis.WebSocket;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-client-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ok</title>');
  server = await startWebServer({ port: 0, staticDir: dir });
  class PageWebSocket extends WS {
    constructor(url: string) {
      super(url, { origin: server.origin });
    }
  }
  (globalThis as { WebSocket: unknown }).WebSocket = PageWebSocket;
});
afterAll(async () => {
  (globalThis as { WebSocket: unknown }).WebSocket = originalWebSocket;
  await server.close();
});

const wsUrl = (token = server.token) => `ws://127.0.0.1:${server.port}/ws?token=${token}`;

describe('webSocketApi (real server)', () => {
  it('queues a request made before the socket opens, then answers it, validated', async () => {
    const states: ConnectionState[] = [];
    const api = webSocketApi(wsUrl(), (s) => states.push(s));
    const info = await api.invoke('app.info', {});
    expect(info).toMatchObject({ name: 'rdp-doctor', mode: 'web' });
    expect(states).toEqual(['connecting', 'open']);
  });

  it('turns a core refusal into an ApiCallError with the core code', async () => {
    const api = webSocketApi(wsUrl());
    await expect(api.invoke('probe.start', { target: '' })).rejects.toMatchObject({
      name: 'ApiCallError',
      code: 'invalid-request',
    });
    await expect(api.invoke('report.render', { runId: 'nope', format: 'html' })).rejects.toBeInstanceOf(ApiCallError);
  });

  it('delivers validated probe events to listeners until they unsubscribe', async () => {
    const api = webSocketApi(wsUrl());
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      const off = api.on('probe.event', (e) => {
        seen.push(e.type);
        if (e.type !== 'step') {
          off();
          resolve();
        }
      });
    });
    // Port 1 on loopback: refused at once, a short real probe.
    const { runId } = await api.invoke('probe.start', { target: '127.0.0.1:1', stabilitySamples: 0 });
    await done;
    expect(runId).toEqual(expect.any(String));
    expect(seen.at(-1)).toBe('finished');
    expect(seen.filter((t) => t === 'step').length).toBeGreaterThan(0);
  });

  it('rejects pending and later requests as disconnected when the server refuses or drops the socket', async () => {
    const states: ConnectionState[] = [];
    const api = webSocketApi(wsUrl('wrong-token'), (s) => states.push(s));
    await expect(api.invoke('app.info', {})).rejects.toMatchObject({ code: 'disconnected' });
    await expect(api.invoke('app.info', {})).rejects.toMatchObject({ code: 'disconnected' });
    expect(states.at(-1)).toBe('closed');
  });
});

describe('preloadApi', () => {
  it('validates answers and events against the contract', async () => {
    const listeners: ((p: unknown) => void)[] = [];
    const api = preloadApi({
      invoke: async (name) =>
        name === 'app.info'
          ? { ok: true, value: { name: 'rdp-doctor', version: '1', mode: 'electron', platform: 'win32' } }
          : { ok: true, value: { unexpected: true } },
      on: (_name, l) => {
        listeners.push(l);
        return () => {};
      },
    });
    expect(await api.invoke('app.info', {})).toMatchObject({ mode: 'electron' });
    await expect(api.invoke('codes.decode', { text: '0x904' })).rejects.toMatchObject({ code: 'invalid-response' });
    const got: unknown[] = [];
    api.on('probe.event', (e) => got.push(e));
    listeners[0]?.({ type: 'exploded' });
    listeners[0]?.({ type: 'failed', runId: 'r', error: { code: 'x', message: 'y' } });
    expect(got).toEqual([{ type: 'failed', runId: 'r', error: { code: 'x', message: 'y' } }]);
  });
});
