// Issue 21 part 1 in Chromium through web mode: a namespaced Debian host (tests/peers/debianHost.ts) whose TLS is
// fine but whose session layer is broken (sesman stopped, the Xorg wrapper console-only, a user on the console,
// colord without its polkit rule, /tmp full; no xorgxrdp on this machine). The probe alone cannot see any of it;
// "Inspect the server…" reads it over the host's own sshd, and step 2 shows each finding as seen on the host with
// its evidence lines; the plan offers the two session phases. Screenshots: /tmp/session-layer-*.png.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DebianHost, needPeers, startDebianHost } from '../peers';
import { probeFromStart, startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium', 'debian-host'], 'session-layer-web.test.ts');
const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/session-layer-${name}.png`, fullPage: true });

describe.skipIf(skip)('xrdp session layer in the web app', () => {
  let host: DebianHost;
  let app: WebApp;
  let dir: string;
  let keyFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-session-web-'));
    keyFile = path.join(dir, 'id_ed25519');
    host = await startDebianHost({
      fault: ['healthy', 'sesman-stopped', 'xwrapper-console', 'console-user', 'colord-no-polkit', 'tmp-full'],
    });
    writeFileSync(keyFile, host.sshd.clientKeyPem, { mode: 0o600 });
    app = await startWebApp({ env: { RDP_DOCTOR_DATA_DIR: path.join(dir, 'data') } });
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('the probe sees a working server; the inspection shows the session layer with its evidence', async () => {
    const { page } = app;
    await probeFromStart(page, host.target);
    await shot(page, '1-findings');
    await page.getByTestId('inspect-host').click();
    await page.locator('[data-fix-step="access"]').first().waitFor();
    await page.getByLabel('SSH host').fill(host.sshd.host);
    await page.getByLabel('Port').fill(String(host.sshd.port));
    await page.getByLabel('User', { exact: true }).fill(host.sshd.user);
    await page.getByLabel('Private key file').fill(keyFile);
    await page.getByRole('button', { name: 'Connect and inspect' }).click();
    await page.getByRole('button', { name: 'Trust this key' }).click({ timeout: 30_000 });
    await page.locator('[data-fix-step="inspection"]').first().waitFor({ timeout: 60_000 });
    await shot(page, '2-inspection');

    for (const id of [
      'xrdp-sesman-stopped',
      'xrdp-session-backend-missing',
      'xrdp-xorg-wrapper-console-only',
      'xrdp-console-user-logged-in',
      'xrdp-colord-polkit-prompt',
      'host-disk-full',
    ]) {
      const item = page.locator(`.host-finding[data-finding="${id}"]`);
      expect(await item.count(), id).toBe(1);
      expect(await item.getAttribute('data-seen-on'), id).toBe('host');
      expect(await item.getByText('Seen on the host').count(), id).toBe(1);
      expect(await item.locator('.evidence-lines li').count(), id).toBeGreaterThan(0);
    }
    const wrapper = page.locator('.host-finding[data-finding="xrdp-xorg-wrapper-console-only"] .evidence-lines');
    expect(await wrapper.textContent()).toContain('allowed_users=console');
    const backend = page.locator('.host-finding[data-finding="xrdp-session-backend-missing"]');
    expect(await backend.textContent()).toContain('install xorgxrdp');
    expect(await page.locator('.inspection-summary').textContent()).toContain('xrdp-sesman (init): not running');

    await page.getByRole('button', { name: 'Plan the fix' }).click();
    await page.locator('.plan-list').waitFor({ timeout: 60_000 });
    await shot(page, '3-plan');
    const plan = (await page.locator('.plan-list').textContent()) ?? '';
    expect(plan).toContain("Start xrdp's session manager");
    expect(plan).toContain('Let the Xorg wrapper start Xorg for RDP users');
    expect(plan).toContain('allowed_users');
  }, 240_000);
});
