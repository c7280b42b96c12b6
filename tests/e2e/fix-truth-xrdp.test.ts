// Issue 18, the truth after an action: the built app in web mode, Debian's Chromium, Debian's stock xrdp
// (cannot read its snakeoil key) and a real sshd on loopback whose key differs from the one RDP Doctor
// trusted before ("the server was reinstalled"). Changed key → old and new fingerprints → confirm → replace →
// inspect → plan → apply → verify → "Back to the results" shows the re-probe, and so does the report
// (the undo's re-probe takes the same path; not driven here). Screenshots go to artifacts/screenshots/truth-after-*.png.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needPeers, type SshdPeer, type StockXrdp, startStockXrdp, stockXrdpMissing } from '../peers';
import { probeFromStart, startWebApp, type WebApp } from './support/webApp';

const peers = needPeers(['chromium', 'xrdp', 'sshd'], 'fix-truth-xrdp.test.ts');
const stockMissing = stockXrdpMissing();
if (stockMissing && process.env.CI === 'true') throw new Error(`CI must have the stock xrdp: ${stockMissing}`);
if (stockMissing) console.warn(`[skipped] fix-truth-xrdp.test.ts: ${stockMissing}`);
const skip = peers.skip || stockMissing !== null;

/** The key "trusted before the reinstall": a well-formed fingerprint no server here has. */
const OLD_FINGERPRINT = 'SHA256:0ldK3yFromBeforeTheReinstall000000000000000';

describe.skipIf(skip)('after a fix, every screen tells the host as it is now (stock xrdp, real SSH)', () => {
  let stock: StockXrdp;
  let sshd: SshdPeer;
  let app: WebApp;
  let dir: string;
  let knownHosts: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-truth-e2e-'));
    stock = await startStockXrdp();
    // the stock host's own sshd: the fix goes to that host, never to this machine
    sshd = stock.sshd;
    writeFileSync(path.join(dir, 'id_ed25519'), sshd.clientKeyPem, { mode: 0o600 });
    // RDP Doctor trusted another key for this host:port before: the server "was reinstalled" since.
    const data = path.join(dir, 'data');
    mkdirSync(data, { recursive: true, mode: 0o700 });
    knownHosts = path.join(data, 'ssh-known-hosts');
    writeFileSync(knownHosts, `[${sshd.host}]:${sshd.port} ${OLD_FINGERPRINT} ssh-ed25519\n`, { mode: 0o600 });
    app = await startWebApp({ env: { RDP_DOCTOR_DATA_DIR: data } });
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await stock?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('changed host key → replace → fix → the results and the report are the re-probe’s', async () => {
    const { page } = app;
    const keyFile = path.join(dir, 'id_ed25519');
    await probeFromStart(page, stock.target);
    expect(await page.locator('[data-finding="tls-unavailable"]').count()).toBe(1);
    expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe('unverified');

    await page.getByTestId('fix-this-tls-unavailable').click();
    await page.locator('[data-screen="fix"][data-fix-step="access"]').waitFor();
    await page.getByLabel('SSH host').fill(sshd.host);
    await page.getByLabel('Port').fill(String(sshd.port));
    await page.getByLabel('User', { exact: true }).fill(sshd.user);
    await page.getByLabel('Private key file').fill(keyFile);
    await page.getByRole('button', { name: 'Connect and inspect' }).click();

    // The changed key: both fingerprints, the risk, the file; no plain "Trust this key".
    const prompt = page.locator('[data-testid="host-key"][data-changed="true"]');
    await prompt.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('host-key-old').textContent()).toBe(OLD_FINGERPRINT);
    expect(await page.getByTestId('host-key-fingerprint').textContent()).toBe(sshd.hostKeyFingerprint);
    expect(await prompt.textContent()).toMatch(/someone may be intercepting/);
    expect(await prompt.textContent()).toContain('ssh-known-hosts');
    expect(await page.getByRole('button', { name: 'Trust this key' }).count()).toBe(0);
    const replace = page.getByRole('button', { name: 'This server was reinstalled — replace the trusted key' });
    expect(await replace.isDisabled()).toBe(true);
    await app.screenshot('truth-after-1-changed-key');
    await page.setViewportSize({ width: 400, height: 900 });
    await app.screenshot('truth-after-1-changed-key-400px');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(400);
    await page.setViewportSize({ width: 1200, height: 860 });
    await page.getByRole('checkbox', { name: /server was reinstalled/ }).check();
    await replace.click();

    await page.locator('[data-finding="tls-key-unusable"][data-seen-on="host"]').waitFor({ timeout: 60_000 });
    // the known-hosts file now trusts the new key (the last line for a host wins)
    expect(readFileSync(knownHosts, 'utf8').trim().split('\n').at(-1)).toContain(sshd.hostKeyFingerprint);

    await page.getByRole('button', { name: 'Plan the fix' }).click();
    await page.locator('.plan-list').waitFor({ timeout: 60_000 });
    await page.getByRole('checkbox', { name: /I have read the plan/ }).check();
    await page.getByRole('button', { name: 'Run the fix' }).click();
    await page.locator('[data-fix-step="verify"]').first().waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('verify-headline').getAttribute('data-fixed')).toBe('true');

    // Back to the results: the re-probe's findings, not the ones from before the fix.
    await page.getByRole('button', { name: 'Back to the results' }).click();
    await page.locator('[data-screen="findings"]').waitFor();
    expect(await page.locator('[data-finding="tls-unavailable"]').count()).toBe(0);
    expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe('healthy');
    await app.screenshot('truth-after-2-results-after-fix');

    // The report built now tells the host as the re-probe saw it, with the actions taken.
    await page.getByLabel('Format').selectOption('json');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: 'Export report…' }).click(),
    ]);
    const report = JSON.parse(readFileSync((await download.path()) as string, 'utf8'));
    const ids = (report.findings as Array<{ id: string }>).map((f) => f.id);
    expect(ids).not.toContain('tls-unavailable');
    expect(JSON.stringify(report)).toContain('xrdp-fix-key-permissions');
  }, 420_000);
});
