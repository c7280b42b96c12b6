// Foundation end-to-end: the built UI loads in Debian's Chromium through web mode, a request round-trips
// through the contract (app.info shown in the footer), and a progress stream arrives over the same bridge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needPeers } from '../peers';
import { startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium'], 'web-mode.test.ts');

describe.skipIf(skip)('web mode in Chromium', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('prints the loopback URL with a token as the first line', () => {
    expect(app.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('round-trips app.info through the contract and shows it', async () => {
    const status = app.page.getByTestId('core-status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/Connected · web mode · v\d+\.\d+\.\d+/);
  });

  it('carries a progress stream (app.ticks) from the core to the page', async () => {
    // Runs in the page: the same WebSocket bridge the UI uses, with the page's own Origin and token.
    const ticks = await app.page.evaluate(async () => {
      const token = new URLSearchParams(location.search).get('token');
      const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws?token=${token}`);
      const seen: number[] = [];
      return await new Promise<{ streamId: string | null; seen: number[]; ids: string[] }>((resolve, reject) => {
        let streamId: string | null = null;
        const ids: string[] = [];
        ws.onopen = () =>
          ws.send(JSON.stringify({ kind: 'invoke', id: 1, name: 'app.ticks', payload: { count: 3, intervalMs: 5 } }));
        ws.onerror = () => reject(new Error('socket error'));
        ws.onmessage = (m) => {
          const f = JSON.parse(m.data);
          if (f.kind === 'result') streamId = f.value.streamId;
          if (f.kind === 'event' && f.name === 'app.tick') {
            seen.push(f.payload.n);
            ids.push(f.payload.streamId);
            if (f.payload.n === f.payload.total) {
              ws.close();
              resolve({ streamId, seen, ids });
            }
          }
        };
      });
    });
    expect(ticks.seen).toEqual([1, 2, 3]);
    expect(new Set(ticks.ids)).toEqual(new Set([ticks.streamId]));
  });

  it('keeps a strict CSP: no page errors or CSP violations while loading', async () => {
    await app.page.reload();
    await app.page.getByTestId('core-status').waitFor();
    expect(app.consoleLines.filter((l) => /Content Security Policy|pageerror/.test(l))).toEqual([]);
    await app.screenshot('web-mode-start');
  });
});
