// The packaged-app smoke test (scripts/smoke-electron.cjs) can only launch Electron on the CI runners.
// Its in-window checks are run here in Chromium against web mode, through a FAKE preload: an init script
// that defines window.rdpDoctor over the web-mode WebSocket, exactly the shape the real preload exposes
// (invoke → {ok, value|error}, on → unsubscribe). `report.save` is faked too: the page renders the report
// and a Node-side function writes it where the smoke test asked (the Electron save path cannot run here).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needPeers } from '../peers';
import { launchChromium, ROOT, startWebServerProcess, type WebServerProcess } from './support/webApp';

const { skip } = needPeers(['chromium'], 'smoke-script.test.ts');
const smoke = createRequire(__filename)(path.join(ROOT, 'scripts', 'smoke-electron.cjs')) as {
  pageChecks: (page: unknown, opts: unknown) => Promise<void>;
  checks: { name: string; ok: boolean; detail: string }[];
};

/** FAKE preload, installed before the page's scripts run. */
// It trades the page's one-time launch code for the session token as the real web client does.
const FAKE_PRELOAD = `(() => {
  const code = new URLSearchParams(location.search).get('code');
  const pending = new Map();
  const listeners = new Set();
  let id = 0;
  let ws;
  const ready = (async () => {
    const r = await fetch('/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
    const { token } = await r.json();
    ws = new WebSocket(location.origin.replace('http', 'ws') + '/ws?token=' + encodeURIComponent(token));
    ws.addEventListener('message', (m) => {
      const f = JSON.parse(m.data);
      if (f.kind === 'result') { pending.get(f.id)?.(f.ok ? { ok: true, value: f.value } : { ok: false, error: f.error }); pending.delete(f.id); }
      if (f.kind === 'event') for (const l of listeners) l(f.name, f.payload);
    });
    await new Promise((r) => ws.addEventListener('open', r));
  })();
  const invoke = async (name, payload) => {
    await ready;
    return new Promise((resolve) => { id += 1; pending.set(id, resolve); ws.send(JSON.stringify({ kind: 'invoke', id, name, payload })); });
  };
  window.rdpDoctor = {
    invoke: async (name, payload) => {
      if (name !== 'report.save') return invoke(name, payload);
      const r = await invoke('report.render', { runId: payload.runId, format: payload.format, redact: payload.redact });
      if (!r.ok) return r;
      const path = await window.__fakeSaveDialog(r.value.content);
      return { ok: true, value: { saved: true, path } };
    },
    on: (name, listener) => { const l = (n, p) => { if (n === name) listener(p); }; listeners.add(l); return () => listeners.delete(l); },
  };
})();`;

describe.skipIf(skip)('smoke-electron.cjs page checks (web mode, fake preload)', () => {
  let server: WebServerProcess;
  let listener: net.Server;
  beforeAll(async () => {
    server = await startWebServerProcess();
    listener = net.createServer((s) => {
      s.on('error', () => {});
      s.end('SSH-2.0-OpenSSH_9.6 smoke\r\n');
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(async () => {
    listener?.close();
    await server?.stop();
  });

  it('passes every in-window check the packaged smoke test makes', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      const outDir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-smoke-'));
      const reportFile = path.join(outDir, 'smoke-report.html');
      await page.exposeFunction('__fakeSaveDialog', (content: string) => {
        writeFileSync(reportFile, content);
        return reportFile;
      });
      await page.addInitScript(FAKE_PRELOAD);
      await page.goto(server.url);
      const port = (listener.address() as net.AddressInfo).port;
      await smoke.pageChecks(page, {
        target: `127.0.0.1:${port}`,
        reportFile,
        outDir,
        expect: { mode: 'web', urlPrefix: `${server.origin}/` },
      });
      expect(smoke.checks.filter((c) => !c.ok)).toEqual([]);
      expect(smoke.checks.map((c) => c.name)).toContain('the probe says the listener is not RDP');
      await page.screenshot({ path: path.join(ROOT, 'artifacts', 'screenshots', 'smoke-script-web.png') });
    } finally {
      await browser.close();
    }
  });
});
