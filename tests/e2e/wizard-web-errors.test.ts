// The wizard when things go wrong around it: the web-mode server dies in the middle of a check. The page
// must say so in words (footer and the live screen), never go blank or keep spinning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needPeers, type Peer, startTcpServer } from '../peers';
import { startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium'], 'wizard-web-errors.test.ts');

describe.skipIf(skip)('wizard when the core goes away', () => {
  let app: WebApp;
  let silent: Peer;
  beforeAll(async () => {
    // FAKE server: accepts TCP and never answers, so the check is still running when the core dies.
    silent = await startTcpServer(() => {});
    app = await startWebApp();
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  });
  afterAll(async () => {
    await silent?.stop();
    await app?.close();
  });

  it('refuses a host name the core would refuse, in words, on the start screen (issue 13: no run, no results page)', async () => {
    const { page } = app;
    // The start screen uses the core's own parser now: "a..b" never starts a run.
    await page.getByLabel('Remote computer').fill('a..b');
    await page.getByRole('button', { name: 'Diagnose' }).click();
    await expect.poll(() => page.getByTestId('start-message').textContent()).toContain('is not a valid host name');
    expect(await page.locator('[data-screen="start"]').count()).toBe(1);
    expect(await page.locator('[data-screen="findings"]').count()).toBe(0);
    await app.screenshot('wizard-13-invalid-host');
  });

  it('reports a lost connection during a check as a friendly message', async () => {
    const { page } = app;
    await page.getByLabel('Remote computer').fill(silent.target);
    await page.getByRole('button', { name: 'Diagnose' }).click();
    await page.locator('[data-step="tcp"][data-status="passed"]').waitFor({ timeout: 15_000 });
    await app.server.stop();
    await page.getByTestId('run-error').waitFor();
    expect(await page.getByTestId('run-error').textContent()).toContain('The connection to RDP Doctor was lost');
    expect(await page.getByTestId('core-status').textContent()).toMatch(/Connection to RDP Doctor lost/);
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await app.screenshot('wizard-12-connection-lost');
    // Trying again says the same thing instead of hanging.
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('start-message').waitFor();
    expect(await page.getByTestId('start-message').textContent()).toContain('connection to RDP Doctor was lost');
    expect(app.consoleLines.filter((l) => /pageerror/.test(l))).toEqual([]);
  });
});
