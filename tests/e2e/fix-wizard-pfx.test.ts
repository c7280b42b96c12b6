// The .pfx on the Fix screen (issue 21) end to end: the built app in web mode, Debian's Chromium, a namespaced
// Debian host with an expired certificate (tests/peers/debianHost.ts) over its own sshd. Probe → Fix this on the
// expired certificate → SSH → trust → inspect → plan → choose a .pfx: one too large (refused before it is read),
// one for another name (refused in words, its facts shown), the right one (its facts shown) → add it to the plan
// → run → the re-probe presents exactly its thumbprint → undo. Screenshots to /tmp/fix-pfx-*.png.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PFX_MAX_BYTES } from '../../shared/remediation';
import { makePfxWithCert, makeTestCa, thumbprints } from '../fixtures/pfx/makePfx';
import { type DebianHost, needPeers, startDebianHost } from '../peers';
import { probeFromStart, startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium', 'debian-host'], 'fix-wizard-pfx.test.ts');

const PASSWORD = 'Pfx-UI-only-in-the-request!';
const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/fix-pfx-${name}.png`, fullPage: true });

describe.skipIf(skip)('Fix screen: install a certificate from a .pfx', () => {
  let h: DebianHost;
  let app: WebApp;
  let dir: string;
  let files: { big: string; wrong: string; good: string };
  let want: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-pfx-e2e-'));
    h = await startDebianHost({ fault: 'expired-cert' });
    const ca = makeTestCa();
    const good = makePfxWithCert({ ca, cn: h.host, sans: [h.host], password: PASSWORD, serial: '3b' });
    want = thumbprints(good.cert).sha1;
    files = {
      big: path.join(dir, 'huge.pfx'),
      wrong: path.join(dir, 'other-name.pfx'),
      good: path.join(dir, 'server.pfx'),
    };
    writeFileSync(files.big, Buffer.alloc(PFX_MAX_BYTES + 1, 7));
    writeFileSync(
      files.wrong,
      makePfxWithCert({ ca, cn: 'other.example.com', sans: ['other.example.com'], password: PASSWORD }).pfx,
    );
    writeFileSync(files.good, good.pfx);
    app = await startWebApp({ env: { RDP_DOCTOR_DATA_DIR: path.join(dir, 'data') } });
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('refusals in words, the facts before approving, then installed and proven by thumbprint', async () => {
    const { page } = app;
    await probeFromStart(page, h.target);
    await page.getByTestId('fix-this-tls-cert-expired').click();
    await page.locator('[data-screen="fix"][data-fix-step="access"]').waitFor();
    await page.getByLabel('SSH host').fill(h.sshd.host);
    await page.getByLabel('Port').fill(String(h.sshd.port));
    await page.getByLabel('User', { exact: true }).fill(h.sshd.user);
    await page.getByLabel('Private key file').fill(h.identityFile);
    await page.getByRole('button', { name: 'Connect and inspect' }).click();
    await page.getByTestId('host-key').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Trust this key' }).click();
    await page.locator('[data-fix-step="inspection"]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Plan the fix' }).click();
    await page.locator('.plan-list').waitFor({ timeout: 60_000 });
    const panel = page.getByTestId('pfx-panel');
    await panel.waitFor();
    // without a .pfx the plan has no install phase (it would be refused)
    expect(await page.locator('.plan-list [data-phase="xrdp-install-certificate"]').count()).toBe(0);

    // too large: refused on this computer before it is read
    await page.locator('#pfx-file').setInputFiles(files.big);
    expect(await page.getByTestId('pfx-message').textContent()).toMatch(
      /huge\.pfx is 101 KiB: a \.pfx larger than 100 KiB/,
    );
    // another name: the core opens it, shows its facts and says why not
    await page.locator('#pfx-file').setInputFiles(files.wrong);
    await page.getByLabel('Its password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Check it' }).click();
    await page.getByTestId('pfx-problems').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('pfx-problems').textContent()).toContain(
      `The certificate names other.example.com, not ${h.host}`,
    );
    expect(await page.getByRole('button', { name: 'Add it to the plan' }).count()).toBe(0);
    await shot(page, '1-refused');
    // the wrong password
    await page.locator('#pfx-file').setInputFiles(files.good);
    await page.getByLabel('Its password').fill('not it');
    await page.getByRole('button', { name: 'Check it' }).click();
    await page.getByTestId('pfx-problems').filter({ hasText: 'does not open with this password' }).waitFor();
    // the right one: its public facts before anything is approved
    await page.getByLabel('Its password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Check it' }).click();
    await page.getByTestId('pfx-facts').waitFor({ timeout: 30_000 });
    const facts = (await page.getByTestId('pfx-facts').textContent()) ?? '';
    expect(facts).toContain(want);
    expect(facts).toContain(`CN=${h.host}`);
    expect(facts).toContain('CN=RDP Doctor Test CA');
    await shot(page, '2-checked');
    await page.getByRole('button', { name: 'Add it to the plan' }).click();
    const row = page.locator('.plan-list [data-phase="xrdp-install-certificate"]');
    await row.waitFor({ timeout: 60_000 });
    expect(await row.getAttribute('data-phase-status')).toBe('selected');
    expect(await row.textContent()).toContain(want);
    // in place of a new self-signed certificate, not beside it
    expect(await page.locator('.plan-list [data-phase="xrdp-regenerate-cert"]').count()).toBe(0);
    await page.getByTestId('pfx-planned').waitFor();
    await shot(page, '3-plan');
    await page.setViewportSize({ width: 420, height: 860 });
    await shot(page, '3-plan-narrow');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await page.setViewportSize({ width: 1200, height: 860 });

    // the page never shows or keeps the password outside its field
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(PASSWORD);

    await page.getByRole('checkbox', { name: /I have read the plan/ }).check();
    await page.getByRole('button', { name: 'Run the fix' }).click();
    await page.locator('[data-fix-step="verify"]').first().waitFor({ timeout: 180_000 });
    const headline = page.getByTestId('verify-headline');
    await shot(page, '4-verify');
    expect(
      await headline.getAttribute('data-fixed'),
      (await page.locator('[data-fix-step="verify"]').first().textContent()) ?? '',
    ).toBe('true');
    expect(await page.locator('[data-fix-step="verify"]').first().textContent()).toContain(want);
    // the password went with the one request and is gone from the form
    expect(await page.evaluate(() => document.body.innerHTML)).not.toContain(PASSWORD);

    await page.getByRole('button', { name: 'Undo the fix' }).click();
    await page
      .getByTestId('undo-status')
      .filter({ hasText: /put back|undone/i })
      .waitFor({ timeout: 180_000 });
    await shot(page, '5-undone');
  }, 420_000);
});
