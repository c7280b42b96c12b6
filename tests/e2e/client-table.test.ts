// Issue 21 part 2 in the browser: the built app in web mode, Debian's Chromium, a real xrdp that speaks only
// TLS 1.0. The findings screen shows "Which clients will connect" with the diagnosis's verdict per client.
// Screenshot: artifacts/screenshots/clients-tls10-only.png.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needPeers, type Peer, startXrdp } from '../peers';
import { probeFromStart, SCREENSHOTS, startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium', 'xrdp'], 'client-table.test.ts');

describe.skipIf(skip)('findings screen: which clients will connect (Chromium, real xrdp)', () => {
  let app: WebApp;
  let xrdp: Peer;
  beforeAll(async () => {
    xrdp = await startXrdp({ sslProtocols: 'TLSv1', tlsCiphers: 'DEFAULT:@SECLEVEL=0' });
    app = await startWebApp({ viewport: { width: 1100, height: 900 } });
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await xrdp?.stop();
  });

  it('shows one row per client, Windows 7–10 yes, FreeRDP no, Windows 11 and macOS unknown, each with its reason', async () => {
    const page = app.page;
    await probeFromStart(page, xrdp.target);
    const table = page.getByTestId('client-table');
    await table.waitFor();
    await expect(table.getByRole('heading', { name: 'Which clients will connect' }).isVisible()).resolves.toBe(true);
    const verdict = (id: string) => table.locator(`tr[data-profile="${id}"]`).getAttribute('data-will-connect');
    expect(await verdict('win7')).toBe('yes');
    expect(await verdict('win11')).toBe('unknown');
    expect(await verdict('macos')).toBe('unknown');
    expect(await verdict('freerdp-level2')).toBe('no');
    await expect(table.locator('tr[data-profile="freerdp-level1"]').textContent()).resolves.toMatch(/TLS 1\.2 refused/);
    await table.scrollIntoViewIfNeeded();
    await app.screenshot('clients-tls10-only');
    // the table alone, at full size, to read its wording
    await table.screenshot({ path: path.join(SCREENSHOTS, 'clients-table.png') });
  }, 90_000);
});
