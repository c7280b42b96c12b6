// The Fix screen's refusals end to end, in Chromium through web mode, against real servers on loopback:
// an SSH port where nothing listens, a real sshd that refuses the key, and a real sshd whose host key is not
// the one trusted before (a known-hosts line in the app's own data folder). Each stops before anything is
// inspected or changed, with a clear message. Screenshots go to /tmp/fix-err-*.png.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, needPeers, type Peer, type SshdPeer, startSshd, startXrdp } from '../peers';
import { probeFromStart, startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium', 'xrdp', 'sshd'], 'fix-wizard-errors.test.ts');
const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/fix-err-${name}.png`, fullPage: true });

describe.skipIf(skip)('Fix screen refusals against real servers', () => {
  let xrdp: Peer;
  let sshd: SshdPeer;
  let app: WebApp;
  let dir: string;
  let dataDir: string;
  let wrongKey: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-fix-err-'));
    dataDir = path.join(dir, 'data');
    wrongKey = path.join(dir, 'not_authorized');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-m', 'PEM', '-f', wrongKey]);
    xrdp = await startXrdp({ securityLayer: 'rdp' });
    sshd = await startSshd({ host: '127.0.0.1' });
    app = await startWebApp({ env: { RDP_DOCTOR_DATA_DIR: dataDir } });
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
    const { page } = app;
    await probeFromStart(page, xrdp.target);
    await page.getByTestId('fix-this-tls-unavailable').click();
    await page.locator('[data-fix-step="access"]').first().waitFor();
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sshd?.stop();
    await xrdp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function connect(page: Page, host: string, port: number, keyFile: string) {
    await page.getByLabel('SSH host').fill(host);
    await page.getByLabel('Port').fill(String(port));
    await page.getByLabel('User', { exact: true }).fill(sshd.user);
    await page.getByLabel('Private key file').fill(keyFile);
    await page.getByRole('button', { name: 'Connect and inspect' }).click();
  }

  const message = (page: Page) => page.getByTestId('fix-message');

  it('SSH unreachable: says nothing accepts SSH there', async () => {
    const { page } = app;
    const closed = await closedPort('127.0.0.1');
    await connect(page, closed.host, closed.port, wrongKey);
    await message(page).waitFor({ timeout: 30_000 });
    expect(await message(page).textContent()).toMatch(
      new RegExp(`Could not reach 127\\.0\\.0\\.1:${closed.port} over SSH: .*Nothing accepts SSH connections`),
    );
    expect(await message(page).getAttribute('role')).toBe('alert');
    await shot(page, '1-unreachable');
    expect(await page.locator('[data-fix-step="inspection"]').count()).toBe(0);
  });

  it('authentication failure: the server refused the key; nothing inspected', async () => {
    const { page } = app;
    await connect(page, sshd.host, sshd.port, wrongKey);
    await page.getByTestId('host-key').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('host-key-fingerprint').textContent()).toBe(sshd.hostKeyFingerprint);
    await page.getByRole('button', { name: 'Trust this key' }).click();
    await message(page).waitFor({ timeout: 30_000 });
    expect(await message(page).textContent()).toMatch(/refused .* with the key/);
    await shot(page, '2-auth-failed');
    expect(await page.locator('[data-fix-step="inspection"]').count()).toBe(0);
  });

  it('a host key other than the one trusted before: stops with both fingerprints, nothing inspected', async () => {
    const { page } = app;
    // The technician trusted another key for this host:port before (a line in the app's own known-hosts file).
    const file = path.join(dataDir, 'ssh-known-hosts');
    const other = 'SHA256:0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
    writeFileSync(file, `[${sshd.host}]:${sshd.port} ${other} ssh-ed25519\n`, { mode: 0o600 });
    const rightKey = path.join(dir, 'authorized');
    writeFileSync(rightKey, sshd.clientKeyPem, { mode: 0o600 });
    await connect(page, sshd.host, sshd.port, rightKey);
    // Issue 18: the changed key is not a first-time "Trust this key?": both fingerprints, the risk, and only a
    // confirmed "replace" goes on. Declining it signs in to nothing.
    const prompt = page.locator('[data-testid="host-key"][data-changed="true"]');
    await prompt.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('host-key-old').textContent()).toBe(other);
    expect(await page.getByTestId('host-key-fingerprint').textContent()).toBe(sshd.hostKeyFingerprint);
    expect(await prompt.getByRole('button', { name: 'Trust this key' }).count()).toBe(0);
    await shot(page, '3-changed-key');
    await prompt.getByRole('button', { name: 'Do not trust' }).click();
    await message(page).waitFor({ timeout: 30_000 });
    expect(await message(page).textContent()).toMatch(/not trusted.*Nothing was done/);
    expect(await page.locator('[data-fix-step="inspection"]').count()).toBe(0);
    // The old key is still the one trusted: nothing was added for the new one.
    expect(readFileSync(file, 'utf8')).toBe(`[${sshd.host}]:${sshd.port} ${other} ssh-ed25519\n`);
  });
});
