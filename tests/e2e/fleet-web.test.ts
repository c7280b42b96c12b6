// "Many computers" end to end: the built app in web mode, Debian's Chromium, and a mixed fleet of real
// peers (tests/support/mixedFleet.ts). Paste a list (with a bad line and a duplicate), watch it finish,
// sort and filter the table, open one host's findings, come back, export the fleet report. Screenshots go to
// artifacts/screenshots/fleet-*.png.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needPeers } from '../peers';
import { type MixedFleet, startMixedFleet } from '../support/mixedFleet';
import { SCREENSHOTS, startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium', 'xrdp', 'sshd'], 'fleet-web.test.ts');

const rowTargets = (page: Page) =>
  page.locator('.fleet-table tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute('data-host')));

describe.skipIf(skip)('Many computers (web mode, real peers)', () => {
  let app: WebApp;
  let fleet: MixedFleet;

  beforeAll(async () => {
    fleet = await startMixedFleet();
    app = await startWebApp();
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await fleet?.stop();
  });

  it('checks a pasted list, with progress, and reports the bad line', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Many computers' }).click();
    await page.locator('[data-screen="fleet"]').waitFor();
    const list = ['# lab hosts', ...fleet.targets, 'not a host!', fleet.targets[0]].join('\n');
    await page.getByLabel('Computers, one per line').fill(list);
    await app.screenshot('fleet-1-list');
    await page.getByRole('button', { name: 'Check all' }).click();
    await page.getByTestId('fleet-progress').waitFor();
    await app.screenshot('fleet-2-running');
    await page.locator('[data-testid="fleet-progress"][data-state="finished"]').waitFor({ timeout: 60_000 });
    await app.screenshot('fleet-3-finished');
    expect(await page.getByTestId('fleet-progress').textContent()).toMatch(
      /^7 of 7 checked in \d+ s: \d+ with problems/,
    );
    expect(await page.getByTestId('fleet-bad-lines').textContent()).toMatch(/Line 9: .*not a valid host name/);
    expect(await page.getByTestId('fleet-duplicates').textContent()).toMatch(/1 duplicate left out/);
    expect((await rowTargets(page)).sort()).toEqual([...fleet.targets].sort());
    const verdictOf = (t: string) => page.locator(`.fleet-table tr[data-host="${t}"]`).getAttribute('data-verdict');
    expect(await verdictOf(fleet.closed.target)).toBe('error');
    expect(await verdictOf(fleet.tls10.target)).toBe('error');
    expect(await verdictOf(fleet.silent.target)).toBe('error');
  });

  it('sorts by certificate expiry and filters by verdict and text', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /^Certificate expires/ }).click();
    const byCert = await rowTargets(page);
    // expired (−20 d) first, then 10 days, then the year-long ones; hosts without a certificate last
    expect(byCert[0]).toBe(fleet.expired.target);
    expect(byCert[1]).toBe(fleet.expiringSoon.target);
    expect(byCert.slice(-3).sort()).toEqual([fleet.closed.target, fleet.silent.target, fleet.ssh.target].sort());
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toMatch(/Certificate expires/);
    await page.getByRole('button', { name: /^Certificate expires/ }).click();
    expect((await rowTargets(page))[0]).not.toBe(fleet.expired.target);
    await app.screenshot('fleet-4-sorted');

    await page.getByLabel('Show').selectOption('ok');
    const fine = await rowTargets(page);
    for (const t of fine) expect(await page.locator(`tr[data-host="${t}"]`).getAttribute('data-verdict')).toBe('ok');
    await page.getByLabel('Show').selectOption('error');
    const problems = await rowTargets(page);
    expect(problems).toEqual(expect.arrayContaining([fleet.closed.target, fleet.silent.target, fleet.ssh.target]));
    expect(await page.getByTestId('fleet-shown').textContent()).toBe(`${problems.length} of 7 shown`);
    await page.getByLabel('Show').selectOption('all');
    await page.getByLabel('Filter').fill('not-rdp');
    expect(await rowTargets(page)).toEqual([fleet.ssh.target]);
    await app.screenshot('fleet-5-filtered');
    await page.getByLabel('Filter').fill('');
  });

  it("opens a host's full findings in the findings screen, and its report works", async () => {
    const { page } = app;
    await page.getByRole('button', { name: fleet.expired.target, exact: true }).click();
    await page.locator('[data-screen="findings"]').waitFor();
    expect(await page.locator('#findings-title').textContent()).toBe(`Results for ${fleet.expired.target}`);
    expect(await page.locator('[data-finding="tls-cert-expired"]').count()).toBe(1);
    await app.screenshot('fleet-6-host-findings');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: 'Export report…' }).click(),
    ]);
    const single = readFileSync((await download.path()) as string, 'utf8');
    expect(single).toContain(`RDP Doctor report: ${fleet.expired.target}`);
    await page.getByRole('button', { name: 'Many computers' }).click();
    expect((await rowTargets(page)).length).toBe(7);
  });

  it('exports the fleet report (HTML, redacted) and it reads right in Chromium', async () => {
    const { page } = app;
    await page.getByLabel('Format').selectOption('html');
    await page.getByRole('checkbox', { name: /Hide user and computer names/ }).check();
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: 'Export report…' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rdp-doctor-fleet-\d{8}-\d{4}\.html$/);
    const html = readFileSync((await download.path()) as string, 'utf8');
    for (const t of fleet.targets) expect(html).not.toContain(t.split(':')[0]);
    expect(html).toMatch(/host: The server&#39;s certificate has expired/);
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, 'fleet-report.html');
    writeFileSync(file, html);
    const view = await app.context.newPage();
    await view.goto(pathToFileURL(file).href);
    await view.screenshot({ path: path.join(SCREENSHOTS, 'fleet-7-report.png'), fullPage: true });
    // one click on a host's row opens its findings in place (<details>, no script)
    expect(await view.locator('details.host[open]').count()).toBe(0);
    await view.locator('details.host > summary').first().click();
    const open = view.locator('details.host[open]');
    expect(await open.count()).toBe(1);
    expect(await open.locator('[data-finding]').count()).toBeGreaterThan(0);
    await view.screenshot({ path: path.join(SCREENSHOTS, 'fleet-8-report-details.png') });
    await view.close();
    expect(app.consoleLines.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
  });

  it('imports an inventory CSV (host and port columns) and checks it', async () => {
    const { page } = app;
    const [closedHost, closedPortText] = fleet.closed.target.split(':');
    const [tlsHost, tlsPort] = fleet.tls10.target.split(':');
    const csv = `Name,Owner,Host,Port\r\n"Front, web",ops,${closedHost},${closedPortText}\r\nLegacy,"Smith, J",${tlsHost},${tlsPort}\r\n`;
    await page
      .getByTestId('fleet-file')
      .setInputFiles({ name: 'inventory.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect(await page.getByLabel('Computers, one per line').inputValue()).toBe(csv.replace(/\r\n/g, '\n'));
    expect(await page.locator('#fleet-help').textContent()).toMatch(/Imported from inventory\.csv\./);
    await page.getByRole('button', { name: 'Check all' }).click();
    await page.locator('[data-testid="fleet-progress"][data-state="finished"]').waitFor({ timeout: 60_000 });
    expect((await rowTargets(page)).sort()).toEqual([fleet.closed.target, fleet.tls10.target].sort());
    expect(await page.getByTestId('fleet-bad-lines').count()).toBe(0);
    await app.screenshot('fleet-9-imported-csv');
  });

  it('Stop cancels the hosts being checked; the table keeps what was found', async () => {
    const { page } = app;
    // the silent listener holds its slot until its 10 s deadline: only Stop can end the scan sooner
    await page.getByLabel('Computers, one per line').fill([fleet.closed.target, fleet.silent.target].join('\n'));
    await page.getByRole('button', { name: 'Check all' }).click();
    await page.locator(`.fleet-table tr[data-host="${fleet.closed.target}"][data-verdict="error"]`).waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.locator('[data-testid="fleet-progress"][data-state="cancelled"]').waitFor({ timeout: 8000 });
    expect(await page.getByTestId('fleet-message').textContent()).toMatch(
      /stopped: the table shows the computers checked so far/,
    );
    expect(await page.locator(`tr[data-host="${fleet.silent.target}"]`).getAttribute('data-verdict')).toBe('stopped');
    expect(await page.locator(`tr[data-host="${fleet.closed.target}"]`).getAttribute('data-verdict')).toBe('error');
    await app.screenshot('fleet-10-stopped');
  });
});
