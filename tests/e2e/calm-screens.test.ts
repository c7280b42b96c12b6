// Issue 18 in the browser: the built app in web mode, Debian's Chromium, real xrdp servers on loopback.
// A healthy xrdp is ok in one probe and in the fleet totals; a certificate that expires within 14 days (and
// is SHA-1 signed) is a warning in its fleet row; Tab goes from the computer name to the codes; at 400 px
// nothing scrolls sideways. Screenshots go to artifacts/screenshots/calm-*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { days, makeCert, needPeers, type Peer, startXrdp } from '../peers';
import { probeFromStart, startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium', 'xrdp'], 'calm-screens.test.ts');

/** How far the page scrolls sideways (0 = not at all). */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** Elements that stick out past the right edge of the window (what makes it scroll sideways). */
const wide = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .filter((e) => !e.closest('.visually-hidden') && getComputedStyle(e).position !== 'absolute')
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}`)
      .slice(0, 8),
  );

describe.skipIf(skip)('calm, true screens (Chromium, real xrdp)', () => {
  let app: WebApp;
  let healthy: Peer;
  let soon: Peer;
  let garbage: Peer;
  beforeAll(async () => {
    // one at a time: xrdp start-up on shared cores is the slow part
    healthy = await startXrdp();
    soon = await startXrdp({
      cert: makeCert({ cn: 'soon.test', notBefore: days(-300), notAfter: days(5), digest: 'sha1' }),
    });
    garbage = await startXrdp({ garbageKey: true });
    app = await startWebApp({ viewport: { width: 1100, height: 900 } });
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  }, 90_000);
  afterAll(async () => {
    await app?.close();
    await Promise.all([healthy?.stop(), soon?.stop(), garbage?.stop()]);
  });

  it('a healthy, out-of-the-box xrdp is ok: green verdict, only notes, the probe time', async () => {
    const { page } = app;
    await probeFromStart(page, healthy.target);
    const verdict = page.getByTestId('verdict');
    expect(await verdict.getAttribute('data-verdict')).toBe('healthy');
    expect(await verdict.locator('.verdict-headline').textContent()).toBe(`${healthy.target} is healthy`);
    expect(await page.getByTestId('probe-time').textContent()).toMatch(/^Checked in \d+\.\d s$/);
    const severities = await page
      .locator('[data-finding]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-finding')}:${e.getAttribute('data-severity')}`));
    expect(severities).toEqual(expect.arrayContaining(['tls-cert-self-signed:info', 'nla-unsupported:info']));
    expect(severities.filter((s) => !s.endsWith(':info'))).toEqual([]);
    expect(await page.locator('.badge-root').count()).toBe(0);
    await app.screenshot('calm-1-healthy-xrdp');
  });

  it('Tab goes from Remote computer to the codes field; the recent-host chips come after', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Check another computer' }).click();
    await page.locator('[data-screen="start"]').waitFor();
    // the healthy host was probed, so it is remembered now
    await page.getByRole('button', { name: `Use recent computer ${healthy.target}` }).waitFor();
    await page.getByLabel('Remote computer').fill('');
    await page.getByLabel('Remote computer').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('codes');
    await page.keyboard.type('0x904 0x7');
    expect(await page.getByLabel('Remote computer').inputValue()).toBe('');
    expect(await page.getByLabel(/Error code you saw/).inputValue()).toBe('0x904 0x7');
    await app.screenshot('calm-2-start-tab-order');
    await page.getByLabel(/Error code you saw/).fill('');
  });

  it('a certificate expiring in 5 days (SHA-1) is a warning, named in the amber headline', async () => {
    const { page } = app;
    await probeFromStart(page, soon.target);
    const verdict = page.getByTestId('verdict');
    expect(await verdict.getAttribute('data-verdict')).toBe('warnings');
    // the first warning in root-cause order names the headline
    expect(await verdict.locator('.verdict-headline').textContent()).toBe(
      `${soon.target} accepts connections, but the certificate uses weak cryptography`,
    );
    expect(await page.locator('[data-finding="tls-cert-expiring-soon"]').getAttribute('data-severity')).toBe('warning');
    expect(await page.locator('[data-finding="tls-cert-weak"]').getAttribute('data-severity')).toBe('warning');
    await app.screenshot('calm-3-expiring-soon');
    // at 400 px the findings screen does not scroll sideways either
    await page.setViewportSize({ width: 400, height: 900 });
    await app.screenshot('calm-4-expiring-soon-400px');
    expect(await wide(page)).toEqual([]);
    expect(await sideways(page)).toBe(0);
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it('the fleet counts the healthy xrdp as fine, and the row of the expiring one shows both warnings', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Many computers' }).click();
    await page.locator('[data-screen="fleet"]').waitFor();
    await page.getByLabel('Computers, one per line').fill([healthy.target, soon.target].join('\n'));
    await page.getByRole('button', { name: 'Check all' }).click();
    await page.locator('[data-testid="fleet-progress"][data-state="finished"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('fleet-progress').textContent()).toMatch(
      /^2 of 2 checked in \d+ s: 0 with problems, 1 with warnings, 1 fine\.$/,
    );
    const row = (t: string) => page.locator(`.fleet-table tr[data-host="${t}"]`);
    expect(await row(healthy.target).getAttribute('data-verdict')).toBe('ok');
    expect(await row(healthy.target).locator('td[data-label="Root cause"]').textContent()).toBe('No problem found');
    expect(await row(soon.target).getAttribute('data-verdict')).toBe('warning');
    const cause = await row(soon.target).locator('td[data-label="Root cause"]').textContent();
    expect(cause).toMatch(/^The certificate (expires soon|uses weak cryptography) \(and 1 more warning\)$/);
    await app.screenshot('calm-5-fleet');
    // the filter says why a row matched when the match is not in sight
    await page.getByLabel('Filter').fill('self-signed');
    expect(await page.getByTestId('fleet-shown').textContent()).toBe('2 of 2 shown');
    expect(await row(healthy.target).getByTestId('fleet-match').textContent()).toBe(
      'Matched “The certificate is self-signed”',
    );
    await app.screenshot('calm-6-fleet-filter-why');
    await page.setViewportSize({ width: 400, height: 900 });
    await app.screenshot('calm-7-fleet-400px');
    expect(await wide(page)).toEqual([]);
    expect(await sideways(page)).toBe(0);
    await page.getByLabel('Filter').fill('');
    await page.setViewportSize({ width: 1100, height: 900 });
    expect(app.consoleLines.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
  });

  it('a host opened from the fleet list: judged without the single-host codes; "Back to the list" keeps sort and filter', async () => {
    const { page } = app;
    // codes typed for one computer on the start screen
    await page.getByRole('button', { name: 'One computer' }).click();
    await page.getByRole('button', { name: 'Check another computer' }).click();
    await page.getByLabel(/Error code you saw/).fill('0x904 0x7');
    await page.getByRole('button', { name: 'Many computers' }).click();
    await page.getByRole('button', { name: /^Certificate expires/ }).click();
    await page.getByLabel('Filter').fill('weak');
    expect(await page.getByTestId('fleet-shown').textContent()).toBe('1 of 2 shown');
    await page.getByRole('button', { name: soon.target, exact: true }).click();
    await page.locator('[data-screen="findings"]').waitFor();
    const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
    expect(verdict).not.toContain('0x904');
    expect(await page.getByTestId('codes-note').count()).toBe(0);
    expect(await page.locator('.badge-match').count()).toBe(0);
    await app.screenshot('calm-11-fleet-host');
    await page.getByTestId('back-to-list').click();
    await page.locator('[data-screen="fleet"]').waitFor();
    expect(await page.getByLabel('Filter').inputValue()).toBe('weak');
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toMatch(/Certificate expires/);
    expect(await page.getByTestId('fleet-shown').textContent()).toBe('1 of 2 shown');
    await page.getByLabel('Filter').fill('');
    // back on the start screen (where the list was opened from), the codes typed there are still there
    await page.getByRole('button', { name: 'One computer' }).click();
    expect(await page.getByLabel(/Error code you saw/).inputValue()).toBe('0x904 0x7');
    await page.getByLabel(/Error code you saw/).fill('');
  });

  it('the Windows console script: a phase picker (one of two alternatives), the steps to run it, Copy above', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'One computer' }).click();
    const another = page.getByRole('button', { name: 'Check another computer' });
    if (await another.isVisible()) await another.click();
    await probeFromStart(page, garbage.target);
    await page.getByLabel('Host kind').selectOption('windows');
    await page.getByTestId('fix-this-tls-handshake-failed').click();
    await page.locator('[data-screen="fix"][data-fix-step="access"]').waitFor();
    await page.getByRole('radio', { name: /Give me a script/ }).check();
    const picker = page.getByTestId('script-phases');
    const box = (id: string) => picker.locator(`[data-phase="${id}"] input`);
    // key read or a new certificate: one of the two, the first by default
    expect(await box('win-grant-machinekeys-read').isChecked()).toBe(true);
    expect(await box('win-regenerate-self-signed-cert').isChecked()).toBe(false);
    expect(await box('win-restart-termservice').isChecked()).toBe(true);
    await box('win-regenerate-self-signed-cert').check();
    expect(await box('win-grant-machinekeys-read').isChecked()).toBe(false);
    await box('win-grant-machinekeys-read').check();
    await page.getByRole('button', { name: 'Make the script' }).click();
    const sha = (await page.getByTestId('script-sha256').textContent()) ?? '';
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const steps = (await page.getByTestId('script-steps').textContent()) ?? '';
    const file = `rdp-doctor-fix-${garbage.target.split(':')[0]}.ps1`;
    expect(steps).toContain('Windows PowerShell as administrator');
    expect(steps).toContain(`Get-FileHash -Algorithm SHA256 .\\${file} must print ${sha.toUpperCase()}`);
    expect(steps).toContain(`Unblock-File .\\${file}`);
    expect(steps).toContain(`.\\${file} -WhatIf`);
    expect(steps).toContain(`.\\${file} -Undo`);
    expect(await page.getByTestId('script-panel').textContent()).toMatch(/Run it as administrator/);
    expect(await page.getByTestId('script-panel').textContent()).not.toMatch(/as root/);
    // the script runs only the picked phases
    await page.locator('.script-details > summary').click();
    const content = (await page.locator('.script-content pre').textContent()) ?? '';
    expect(content).toMatch(/\$RdpDoctorPhases = @\('win-grant-machinekeys-read', 'win-restart-termservice'\)/);
    // Copy and Download come before the 600 lines
    const order = await page.evaluate(() => {
      const copy = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Copy the script');
      const pre = document.querySelector('.script-content pre');
      return copy && pre ? copy.compareDocumentPosition(pre) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
    });
    expect(order).toBeTruthy();
    await app.screenshot('calm-8-console-script');
    await page.setViewportSize({ width: 400, height: 900 });
    await app.screenshot('calm-9-console-script-400px');
    expect(await wide(page)).toEqual([]);
    expect(await sideways(page)).toBe(0);
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it('"PDF" in web mode says "Print to PDF…" and opens the print dialog on the styled report, no download', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Back to the results' }).click();
    await page.locator('[data-screen="findings"]').waitFor();
    const format = page.getByLabel('Format');
    expect(await format.locator('option[value="pdf"]').textContent()).toBe('PDF (Print to PDF…)');
    await format.selectOption('pdf');
    let downloaded = false;
    page.on('download', () => {
      downloaded = true;
    });
    await page.getByRole('button', { name: 'Print to PDF…' }).click();
    await page.getByTestId('report-message').filter({ hasText: 'print dialog opened' }).waitFor();
    const frame = await page.evaluate(() => {
      const f = document.getElementById('report-print-frame') as HTMLIFrameElement | null;
      const d = f?.contentDocument;
      return d ? { text: d.body.textContent ?? '', sheets: d.adoptedStyleSheets.length } : null;
    });
    expect(frame?.text).toContain(`RDP Doctor report: ${garbage.target}`);
    expect(frame?.text).toContain('The server agrees to TLS, then aborts every handshake');
    expect(frame?.sheets).toBe(1);
    expect(downloaded).toBe(false);
    await app.screenshot('calm-10-print-to-pdf');
    const bad = app.consoleLines.filter((l) => l.startsWith('[pageerror]') || /Content.Security/i.test(l));
    expect(bad).toEqual([]);
  });
});
