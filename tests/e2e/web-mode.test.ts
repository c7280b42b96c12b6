// Foundation end-to-end: the built UI loads in Debian's Chromium through web mode, a request round-trips
// through the contract (app.info shown in the footer), and a probe's progress events arrive over the same bridge.
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needPeers } from '../peers';
import { SCREENSHOTS, startWebApp, type WebApp } from './support/webApp';

/** A loopback port whose listener just closed: the probe's TCP step is refused at once. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const { skip } = needPeers(['chromium'], 'web-mode.test.ts');

describe.skipIf(skip)('web mode in Chromium', () => {
  let app: WebApp;
  beforeAll(async () => {
    app = await startWebApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('prints the loopback URL with a one-time launch code (never the session token) as the first line', () => {
    expect(app.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[\w-]{20,}$/);
  });

  it('the page drops the code from its address bar and keeps the session token in this tab only (no cookie)', async () => {
    const status = app.page.getByTestId('core-status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/Connected · web mode/);
    expect(app.page.url()).toBe(`${app.server.origin}/`);
    const kept = await app.page.evaluate(() => ({
      session: sessionStorage.getItem('rdp-doctor.session'),
      local: localStorage.length,
      cookie: document.cookie,
      history: history.length,
    }));
    expect(kept.session).toMatch(/^[\w-]{20,}$/);
    expect(kept.local).toBe(0);
    expect(kept.cookie).toBe('');
    expect(await app.context.cookies()).toEqual([]);
  });

  it('the spent URL opened in another browser gets no session and says what to do', async () => {
    const other = await app.browser.newContext();
    try {
      const page = await other.newPage();
      await page.goto(app.server.url);
      const status = page.getByTestId('core-status');
      await expect
        .poll(() => status.textContent(), { timeout: 10_000 })
        .toMatch(/already used or has expired.*Press Enter in the terminal/);
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'web-mode-spent-link.png') });
    } finally {
      await other.close();
    }
  });

  it('round-trips app.info through the contract and shows it', async () => {
    const status = app.page.getByTestId('core-status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/Connected · web mode · v\d+\.\d+\.\d+/);
  });

  it("carries a probe's progress events (probe.event) from the core to the page", async () => {
    const port = await closedPort();
    // Runs in the page: the same WebSocket bridge the UI uses, with the page's own Origin and token.
    const seen = await app.page.evaluate(async (target) => {
      const token = sessionStorage.getItem('rdp-doctor.session') ?? '';
      const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws?token=${encodeURIComponent(token)}`);
      return await new Promise<{ runId: string | null; types: string[]; runIds: string[] }>((resolve, reject) => {
        let runId: string | null = null;
        const types: string[] = [];
        const runIds: string[] = [];
        ws.onopen = () =>
          ws.send(
            JSON.stringify({ kind: 'invoke', id: 1, name: 'probe.start', payload: { target, stabilitySamples: 0 } }),
          );
        ws.onerror = () => reject(new Error('socket error'));
        ws.onmessage = (m) => {
          const f = JSON.parse(m.data);
          if (f.kind === 'result') runId = f.value.runId;
          if (f.kind === 'event' && f.name === 'probe.event') {
            types.push(f.payload.type);
            runIds.push(f.payload.runId);
            if (f.payload.type !== 'step') {
              ws.close();
              resolve({ runId, types, runIds });
            }
          }
        };
      });
    }, `127.0.0.1:${port}`);
    expect(seen.types.at(-1)).toBe('finished');
    expect(seen.types.filter((t) => t === 'step').length).toBeGreaterThan(0);
    expect(new Set(seen.runIds)).toEqual(new Set([seen.runId]));
  });

  it('connects when opened as http://localhost:PORT too (Host and Origin accept the same loopback names)', async () => {
    const page = await app.context.newPage();
    try {
      // a second page needs a fresh one-time URL: Enter in the web command's terminal prints one
      const fresh = await app.server.freshUrl();
      expect(fresh).not.toBe(app.server.url);
      await page.goto(fresh.replace('127.0.0.1', 'localhost'));
      const status = page.getByTestId('core-status');
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/Connected · web mode/);
      // No cookie carries the token (another server on 127.0.0.1 would receive it).
      expect(await app.context.cookies()).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('keeps a strict CSP: no page errors or CSP violations while loading', async () => {
    await app.page.reload();
    await app.page.getByTestId('core-status').waitFor();
    expect(app.consoleLines.filter((l) => /Content Security Policy|pageerror/.test(l))).toEqual([]);
    await app.screenshot('web-mode-start');
  });
});
