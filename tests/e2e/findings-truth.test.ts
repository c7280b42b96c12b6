// Issue 13 in the browser: the built app in web mode, Debian's Chromium, real xrdp servers on loopback.
// The amber verdict of an xrdp that falls back to Standard RDP Security, the SSL_CERT_NOT_ON_SERVER xrdp,
// the host kind and its choice, the exact commands with a copy button, and invalid input refused up front.
// Screenshots go to artifacts/screenshots/truth-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needPeers, type Peer, startXrdp } from '../peers';
import { startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium', 'xrdp'], 'findings-truth.test.ts');

describe.skipIf(skip)('findings screen tells the truth (Chromium, real xrdp)', () => {
  let app: WebApp;
  let fallback: Peer;
  let noCert: Peer;
  beforeAll(async () => {
    [fallback, noCert] = await Promise.all([
      startXrdp({ unreadableKey: true }),
      startXrdp({ unreadableKey: true, securityLayer: 'tls' }),
    ]);
    app = await startWebApp({ viewport: { width: 1100, height: 900 } });
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await Promise.all([fallback?.stop(), noCert?.stop()]);
  });

  async function diagnose(target: string, codes = '') {
    const page = app.page;
    const another = page.getByRole('button', { name: 'Check another computer' });
    if (await another.isVisible()) await another.click();
    await page.getByLabel('Remote computer').fill(target);
    await page.getByLabel(/Error code you saw/).fill(codes);
    if (codes) await page.getByTestId('codes-decoded').locator('.decoded-summary').waitFor();
    await page.getByLabel('Remote computer').press('Enter');
    await page.locator('[data-screen="findings"]').waitFor({ timeout: 60_000 });
  }

  it('refuses 300.1.1.1 on the start screen: no run, not remembered', async () => {
    const page = app.page;
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('host');
    await page.getByLabel('Remote computer').fill('300.1.1.1');
    await page.getByLabel('Remote computer').press('Enter');
    await expect
      .poll(() => page.getByTestId('start-message').textContent())
      .toContain('"300.1.1.1" is not a valid IPv4 address.');
    expect(await page.locator('[data-screen="start"]').count()).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('rdp-doctor.recentHosts.v1') ?? '')).not.toContain('300.1');
    await app.screenshot('truth-0-invalid-host');
  });

  it('an xrdp that cannot read its key: amber verdict, the unreadable key first, xrdp fixes with commands', async () => {
    await diagnose(fallback.target, '0x904 0x7');
    const page = app.page;
    const verdict = page.getByTestId('verdict');
    expect(await verdict.getAttribute('data-verdict')).toBe('unverified');
    expect(await verdict.textContent()).toMatch(/accepts connections but cannot prove its identity/);
    expect(await page.getByTestId('verdict-causes').locator('li').first().textContent()).toMatch(
      /xrdp cannot read its private key.*inspect the host to confirm/,
    );
    // amber, not the green of a healthy host
    const border = await verdict.evaluate((el) => getComputedStyle(el).borderLeftColor);
    expect(border).toBe('rgb(188, 75, 9)');
    expect(await page.getByTestId('host-kind').getAttribute('data-host-kind')).toBe('xrdp');
    const card = page.locator('[data-finding="tls-unavailable"]');
    expect(await card.locator('.badge-root').count()).toBe(1);
    expect(await card.locator('[data-phase^="win-"]').count()).toBe(0);
    const cmds = card.locator('[data-commands="xrdp-fix-key-permissions"]');
    expect(await cmds.locator('pre').textContent()).toContain('sudo adduser xrdp ssl-cert');
    expect(await page.locator('[data-finding="nla-unsupported"] [data-phase="win-set-nla"]').count()).toBe(0);
    await app.screenshot('truth-1-fallback-xrdp');
    // the technician says it is Windows: the Windows causes and fixes show instead
    await page.getByLabel('Host kind').selectOption('windows');
    expect(await page.getByTestId('verdict-causes').locator('li').first().textContent()).toMatch(/SecurityLayer = 0/);
    expect(await card.locator('[data-phase="win-set-security-layer"]').count()).toBe(1);
    await app.screenshot('truth-2-fallback-as-windows');
  });

  it('SSL_CERT_NOT_ON_SERVER on every request: tls-cert-unavailable, an error, with the right fixes first', async () => {
    await diagnose(noCert.target);
    const page = app.page;
    expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe('problem');
    const ids = await page
      .locator('[data-finding]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')));
    expect(ids).toEqual(['tls-cert-unavailable']);
    const card = page.locator('[data-finding="tls-cert-unavailable"]');
    expect(await card.textContent()).not.toMatch(/falls back/);
    expect(await page.getByTestId('host-kind').getAttribute('data-host-kind')).toBe('xrdp');
    expect(await card.locator('[data-phase]').first().getAttribute('data-phase')).toBe('xrdp-fix-key-permissions');
    await app.screenshot('truth-3-cert-unavailable');
  });
});
