// The wizard end to end: the built app in web mode, Debian's Chromium, and real servers on loopback
// (xrdp healthy, xrdp with security_layer=rdp, FreeRDP shadow with NLA, a closed port). Screenshots of
// every screen go to artifacts/screenshots/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, needPeers, type Peer, startShadow, startTcpServer, startXrdp } from '../peers';
import { SCREENSHOTS, startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium', 'xrdp', 'shadow'], 'wizard-peers.test.ts');

const NLA_USER = 'wizard';
const NLA_PASSWORD = 'Wiz4rd-only-in-the-request!';

/** From whatever screen is showing back to a fresh start screen, then diagnose `target`. */
async function diagnose(
  page: Page,
  target: string,
  opts: {
    codes?: string;
    user?: string;
    password?: string;
    shot?: (name: string) => Promise<unknown>;
    /** screenshot of the filled start screen, before Diagnose */
    startShot?: string;
    /** screenshot of the live screen, just after Diagnose */
    liveShot?: string;
  } = {},
) {
  const another = page.getByRole('button', { name: 'Check another computer' });
  if (await another.isVisible()) await another.click();
  const host = page.getByLabel('Remote computer');
  await host.fill(target);
  if (opts.codes !== undefined) {
    await page.getByLabel(/Error code you saw/).fill(opts.codes);
    if (opts.codes) await page.getByTestId('codes-decoded').locator('.decoded-summary, .decoded-error').waitFor();
  }
  const creds = page.getByLabel('Check my credentials');
  if (opts.user) {
    if (!(await creds.isChecked())) await creds.check();
    await page.getByLabel('User name').fill(opts.user);
    await page.getByLabel('Password').fill(opts.password ?? '');
  } else if (await creds.isChecked()) {
    await creds.uncheck();
  }
  if (opts.shot && opts.startShot) await opts.shot(opts.startShot);
  await host.press('Enter');
  // A refused port finishes in milliseconds: the live screen may come and go before anyone looks.
  if (opts.shot && opts.liveShot) {
    await page.locator('[data-screen="live"]').waitFor();
    await opts.shot(opts.liveShot);
  }
  await page.locator('[data-screen="findings"]').waitFor({ timeout: 60_000 });
}

const findingIds = (page: Page) =>
  page.locator('[data-finding]').evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')));
const errorFindingIds = (page: Page) =>
  page
    .locator('[data-finding][data-severity="error"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-finding')));

describe.skipIf(skip)('wizard against real servers', () => {
  let app: WebApp;
  const peers: Peer[] = [];
  let healthy: Peer;
  let rdpOnly: Peer;
  let shadow: Peer;

  beforeAll(async () => {
    // One at a time: on 2 cores the shadow server's X display is the slowest and most fragile to start.
    shadow = await startShadow({ users: [{ user: NLA_USER, password: NLA_PASSWORD }] });
    peers.push(shadow);
    healthy = await startXrdp({ securityLayer: 'negotiate' });
    peers.push(healthy);
    rdpOnly = await startXrdp({ securityLayer: 'rdp' });
    peers.push(rdpOnly);
    app = await startWebApp();
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  }, 90_000);

  afterAll(async () => {
    await Promise.all(peers.map((p) => p.stop()));
    await app?.close();
  });

  it('healthy xrdp: no error finding, says it accepts connections', async () => {
    const { page } = app;
    await app.screenshot('wizard-1-start-empty');
    // Every change to the step list while events stream in is measured: its height must never change.
    await page.evaluate(() => {
      const w = window as unknown as { __heights: number[] };
      w.__heights = [];
      new MutationObserver(() => {
        const list = document.querySelector('[data-screen="live"] .step-list');
        if (list) w.__heights.push(Math.round(list.getBoundingClientRect().height));
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    await diagnose(page, healthy.target, { shot: app.screenshot, liveShot: 'wizard-2-live' });
    const heights = await page.evaluate(() => (window as unknown as { __heights: number[] }).__heights);
    expect(heights.length).toBeGreaterThan(5);
    expect(new Set(heights).size).toBe(1);
    expect(await errorFindingIds(page)).toEqual([]);
    const verdict = page.getByTestId('verdict');
    expect(await verdict.getAttribute('data-verdict')).toMatch(/^(healthy|warnings)$/);
    expect(await verdict.textContent()).toContain(healthy.target);
    await app.screenshot('wizard-3-findings-healthy');

    await page.getByRole('button', { name: 'Technical details' }).click();
    const drawer = page.getByRole('dialog', { name: 'Technical details' });
    await drawer.waitFor();
    expect(await drawer.locator('[data-step="tcp"]').getAttribute('data-status')).toBe('passed');
    expect(await drawer.locator('[data-facts="d-certificate"]').textContent()).toMatch(/[0-9A-F]{40}/);
    expect(await drawer.locator('[data-facts="d-tls"]').textContent()).toContain('TLSv1.2');
    await page.screenshot({ path: `${SCREENSHOTS}/wizard-4-details-drawer.png` });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  it('xrdp with security_layer=rdp: shows tls-unavailable and highlights the code typed', async () => {
    const { page } = app;
    await diagnose(page, rdpOnly.target, {
      codes: '0x904 0x7',
      shot: app.screenshot,
      startShot: 'wizard-5-start-decoded',
    });
    expect(await page.getByTestId('verdict').textContent()).toContain('explains the code you saw');
    expect(await findingIds(page)).toContain('tls-unavailable');
    const card = page.locator('[data-finding="tls-unavailable"]');
    expect(await card.locator('[data-matched="true"]').textContent()).toContain('0x904/0x7');
    expect(await card.textContent()).toMatch(/Let xrdp use TLS/);
    await app.screenshot('wizard-6-findings-tls-unavailable');
  });

  it('FreeRDP shadow with NLA: shows nla-required', async () => {
    const { page } = app;
    await diagnose(page, shadow.target, { codes: '' });
    expect(await findingIds(page)).toContain('nla-required');
    await app.screenshot('wizard-7-findings-nla-required');
  });

  it('the NLA password reaches neither the page, the saved state, the console nor the server log', async () => {
    const { page } = app;
    await diagnose(page, shadow.target, {
      user: NLA_USER,
      password: NLA_PASSWORD,
      shot: app.screenshot,
      startShot: 'wizard-8a-start-credentials',
    });
    const ids = await findingIds(page);
    expect(ids).toContain('credentials-accepted');
    await page.getByRole('button', { name: 'Technical details' }).click();
    await page.getByRole('dialog').waitFor();
    await app.screenshot('wizard-8-findings-credentials');
    const html = await page.content();
    const stored = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
    );
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Check another computer' }).click();
    const passwordValue = await page.getByLabel('Password').inputValue();
    const htmlAfter = await page.content();
    expect(html).toContain(NLA_USER);
    expect(html).not.toContain(NLA_PASSWORD);
    expect(htmlAfter).not.toContain(NLA_PASSWORD);
    expect(passwordValue).toBe('');
    expect(stored).not.toContain(NLA_PASSWORD);
    expect(stored).toContain(shadow.target);
    expect(app.consoleLines.join('\n')).not.toContain(NLA_PASSWORD);
    expect(app.server.output()).not.toContain(NLA_PASSWORD);
  });

  it('closed port: shows tcp-refused as the root cause', async () => {
    const { page } = app;
    const closed = await closedPort();
    await diagnose(page, closed.target);
    expect((await errorFindingIds(page))[0]).toBe('tcp-refused');
    expect(await page.locator('[data-finding="tcp-refused"]').textContent()).toContain('Most likely cause');
    await app.screenshot('wizard-9-findings-closed-port');
  });

  it('exports the report as a download in web mode', async () => {
    const { page } = app;
    await diagnose(page, healthy.target);
    await page.getByLabel('Format').selectOption('md');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: 'Export report…' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.md$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path, 'utf8')).toContain(healthy.host);
    expect(await page.getByTestId('report-message').textContent()).toContain('Downloaded');
    await app.screenshot('wizard-10-report-exported');

    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.server.origin });
    await page.getByRole('button', { name: 'Copy summary' }).click();
    await page.getByTestId('report-message').filter({ hasText: 'Summary copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`RDP Doctor`);
    expect(copied).toContain(healthy.target);
    expect(copied).not.toMatch(/<|\{/); // plain text, not HTML or JSON
  });

  it('cancels a probe stuck on a server that never answers', async () => {
    const { page } = app;
    // FAKE server: accepts TCP and stays silent, so the probe waits on the negotiation step.
    const silent = await startTcpServer(() => {});
    peers.push(silent);
    const another = page.getByRole('button', { name: 'Check another computer' });
    if (await another.isVisible()) await another.click();
    await page.getByLabel('Remote computer').fill(silent.target);
    await page.getByRole('button', { name: 'Diagnose' }).click();
    await page.locator('[data-step="tcp"][data-status="passed"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-screen="start"]').waitFor();
    expect(await page.getByTestId('start-message').textContent()).toContain(
      `The check of ${silent.target} was cancelled.`,
    );
    expect(await page.getByLabel('Remote computer').inputValue()).toBe(silent.target);
    await app.screenshot('wizard-11-cancelled');
  });

  it('works by keyboard alone and reflows at 200% zoom (600 CSS px wide), without sideways scrolling', async () => {
    const context = await app.browser.newContext({ viewport: { width: 600, height: 430 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) errors.push(m.text());
    });
    try {
      await page.goto(await app.server.freshUrl());
      await page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
      const closed = await closedPort();
      // The host field has focus on load, with a visible focus ring (no outline: none).
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('host');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe('solid');
      await page.keyboard.type(closed.target);
      // Tab on to the code field: the recent hosts (kept in the core's settings by earlier tests of this file)
      // stand between the two.
      let hops = 0;
      do {
        await page.keyboard.press('Tab');
      } while ((await page.evaluate(() => document.activeElement?.id)) !== 'codes' && hops++ < 12);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('codes');
      await page.keyboard.type('0x204');
      await page.getByTestId('codes-decoded').locator('.decoded-summary').waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}/wizard-zoom-1-start.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.evaluate(() => {
        const w = window as unknown as { __heights: number[] };
        w.__heights = [];
        new MutationObserver(() => {
          const list = document.querySelector('[data-screen="live"] .step-list');
          if (list) w.__heights.push(Math.round(list.getBoundingClientRect().height));
        }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await page.keyboard.press('Enter');
      await page.locator('[data-screen="findings"]').waitFor({ timeout: 30_000 });
      // Narrow rows put the result on a line of its own, reserved from the start: no row grows.
      const heights = await page.evaluate(() => (window as unknown as { __heights: number[] }).__heights);
      expect(heights.length).toBeGreaterThan(0);
      expect(new Set(heights).size).toBe(1);
      expect(await page.locator('[data-finding]').first().getAttribute('data-finding')).toBe('tcp-refused');
      expect(await page.locator('[data-finding="tcp-refused"] [data-matched="true"]').textContent()).toContain('0x204');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: `${SCREENSHOTS}/wizard-zoom-2-findings.png`, fullPage: true });
      // Tab to "Technical details" and open it with Enter; Esc closes it and focus comes back.
      let guard = 0;
      while ((await page.evaluate(() => document.activeElement?.textContent)) !== 'Technical details' && guard++ < 20) {
        await page.keyboard.press('Tab');
      }
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: 'Technical details' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Close');
      await page.screenshot({ path: `${SCREENSHOTS}/wizard-zoom-3-details.png` });
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Technical details');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('keeps a strict CSP: no page errors or CSP violations through all the screens', () => {
    expect(app.consoleLines.filter((l) => /Content Security Policy|pageerror/.test(l))).toEqual([]);
  });
});
