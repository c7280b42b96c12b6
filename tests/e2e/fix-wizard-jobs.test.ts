// The Fix screen's job steps end to end, in Chromium through web mode, against a namespaced Debian host whose
// xrdp is the init script's (tests/peers/debianHost.ts) over its own sshd: the host changes between the
// approved plan and "Run the fix" (stopped before any change, the difference shown); then the fix runs and is
// verified, and "Check again" verifies it again in place; then
// xrdp.ini is edited by hand and Undo names that edit and asks before overwriting it ("Undo anyway"), leaving
// xrdp.ini as it was before the fix. Then the CLI is killed (SIGKILL) in the middle of a fix with the app's data
// folder, and the app's step 1 offers that unfinished fix for undo and puts xrdp.ini back. Screenshots go to /tmp/fix-jobs-*.png.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DebianHost, needPeers, startDebianHost } from '../peers';
import { probeFromStart, ROOT, startWebApp, type WebApp } from './support/webApp';

const { skip } = needPeers(['chromium', 'debian-host'], 'fix-wizard-jobs.test.ts');
const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/fix-jobs-${name}.png`, fullPage: true });

describe.skipIf(skip)('Fix screen: host changed, and an undo over a later edit', () => {
  let host: DebianHost;
  let app: WebApp;
  let dir: string;
  let keyFile: string;
  let iniPath: string;
  let original: Buffer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-fix-jobs-'));
    keyFile = path.join(dir, 'id_ed25519');
    host = await startDebianHost({ fault: 'security-layer-rdp' });
    writeFileSync(keyFile, host.sshd.clientKeyPem, { mode: 0o600 });
    iniPath = host.path('/etc/xrdp/xrdp.ini');
    original = readFileSync(iniPath);
    app = await startWebApp({ env: { RDP_DOCTOR_DATA_DIR: path.join(dir, 'data') } });
    await app.page.getByTestId('core-status').filter({ hasText: 'Connected' }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
    await host?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('plan approved → host changed → stopped with the difference → run → edit by hand → undo asks → undone', async () => {
    const { page } = app;
    await probeFromStart(page, host.target);
    await page.getByTestId('fix-this-tls-unavailable').click();
    await page.locator('[data-fix-step="access"]').first().waitFor();
    await page.getByLabel('SSH host').fill(host.sshd.host);
    await page.getByLabel('Port').fill(String(host.sshd.port));
    await page.getByLabel('User', { exact: true }).fill(host.sshd.user);
    await page.getByLabel('Private key file').fill(keyFile);
    await page.getByRole('button', { name: 'Connect and inspect' }).click();
    await page.getByRole('button', { name: 'Trust this key' }).click({ timeout: 30_000 });
    await page.locator('[data-fix-step="inspection"]').first().waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Plan the fix' }).click();
    await page.locator('.plan-list').waitFor({ timeout: 60_000 });
    await page.getByRole('checkbox', { name: /I have read the plan/ }).check();

    // Someone changes xrdp.ini after the plan was approved: the job stops before changing anything.
    writeFileSync(
      iniPath,
      original.toString('latin1').replace(/^security_layer=rdp$/m, 'security_layer=tls'),
      'latin1',
    );
    const changed = readFileSync(iniPath);
    await page.getByRole('button', { name: 'Run the fix' }).click();
    const error = page.getByTestId('apply-error');
    await error.waitFor({ timeout: 120_000 });
    expect(await error.getAttribute('data-code')).toBe('host-changed');
    expect(await error.textContent()).toContain('The host changed since you approved the plan');
    expect(await page.getByTestId('apply-error-details').textContent()).toMatch(/security_layer/);
    await shot(page, '1-host-changed');
    expect(readFileSync(iniPath).equals(changed)).toBe(true);

    // Put the host back as approved; the same plan runs.
    writeFileSync(iniPath, original);
    await page.getByRole('button', { name: 'Back to the plan' }).click();
    const confirm = page.getByRole('checkbox', { name: /I have read the plan/ });
    if (!(await confirm.isChecked())) await confirm.check();
    await page.getByRole('button', { name: 'Run the fix' }).click();
    await page
      .locator('[data-fix-step="verify"]')
      .first()
      .waitFor({ timeout: 180_000 })
      .catch(async (e) => {
        await shot(page, 'x-no-verify');
        throw e;
      });
    await shot(page, '2-verify');
    // "Check again" verifies the same job again in place (the stock-host test checks this too)
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByTestId('fix-message').filter({ hasText: 'Checked again at' }).waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-screen="fix"][data-fix-step="verify"]').count()).toBe(1);
    expect(await page.getByTestId('verify-headline').getAttribute('data-fixed')).toBe('true');
    await shot(page, '2-verify-checked-again');
    const fixedIni = readFileSync(iniPath);
    expect(fixedIni.equals(original)).toBe(false);

    // An edit by hand after the fix: undo names it and asks before overwriting it.
    writeFileSync(iniPath, Buffer.concat([fixedIni, Buffer.from('; edited by hand after the fix\n')]));
    await page.getByRole('button', { name: 'Undo the fix' }).click();
    const undoError = page.getByTestId('undo-error');
    await undoError.waitFor({ timeout: 120_000 });
    expect(await undoError.getAttribute('data-code')).toBe('undo-conflict');
    expect(await page.getByTestId('undo-error-details').textContent()).toContain(
      '/etc/xrdp/xrdp.ini was changed after the fix',
    );
    await shot(page, '3-undo-conflict');
    expect(readFileSync(iniPath).toString()).toContain('edited by hand');

    await page.getByTestId('undo-anyway').click();
    await page
      .locator('[data-testid="undo-status"][data-state="finished"], [data-testid="undo-status"][data-state="failed"]')
      .waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('undo-status').textContent()).toMatch(/Undone/);
    await shot(page, '4-undone');
    expect(readFileSync(iniPath).equals(original)).toBe(true);
    expect(app.consoleLines.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
  }, 600_000);

  it('the CLI killed mid-fix: the app offers the unfinished fix at step 1 and undoes it', async () => {
    const { page } = app;
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'bin', 'rdp-doctor.cjs'),
        'fix',
        host.target,
        '--ssh',
        `${host.sshd.user}@${host.sshd.host}:${host.sshd.port}`,
        '--identity',
        keyFile,
        '--phase',
        'xrdp-set-security-layer',
        '--yes',
      ],
      { env: { ...process.env, RDP_DOCTOR_DATA_DIR: path.join(dir, 'data') }, stdio: 'ignore' },
    );
    const gone = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_c, signal) => resolve(signal)));
    let exited = false;
    void gone.then(() => {
      exited = true;
    });
    while (!exited && readFileSync(iniPath).equals(original)) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    expect(await gone).toBe('SIGKILL');
    expect(readFileSync(iniPath).equals(original)).toBe(false);

    // The results offer the unfinished fix whatever the host looks like now (the remote restart the killed CLI
    // started may have finished on its own, so the host can probe healthy): probe again, then take that door.
    await page.getByRole('button', { name: 'Back to the results' }).click();
    await page.locator('[data-screen="findings"]').getByRole('button', { name: 'Check again' }).click();
    const door = page.locator('[data-screen="findings"] [data-testid="earlier-fix-door"][data-unfinished="true"]');
    await door.waitFor({ timeout: 60_000 }).catch(async (e) => {
      await shot(page, 'x-no-earlier-fix-door');
      throw e;
    });
    await shot(page, '5-results-offer-unfinished');
    await door.getByRole('button', { name: 'See the earlier fix…' }).click();
    const earlier = page.getByTestId('earlier-fix');
    await earlier.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('earlier-summary').getAttribute('data-unfinished')).toBe('true');
    expect(await page.getByTestId('earlier-summary').textContent()).toMatch(/was cut short before it finished/);
    await page.getByLabel('SSH host').fill(host.sshd.host);
    await page.getByLabel('Port').fill(String(host.sshd.port));
    await page.getByLabel('User', { exact: true }).fill(host.sshd.user);
    await page.getByLabel('Private key file').fill(keyFile);
    await shot(page, '5-unfinished-offered');
    await earlier.getByRole('button', { name: 'Undo the earlier fix' }).click();
    await earlier
      .locator('[data-testid="undo-status"][data-state="finished"], [data-testid="undo-status"][data-state="failed"]')
      .waitFor({ timeout: 180_000 });
    expect(await earlier.getByTestId('undo-status').textContent()).toMatch(/Undone/);
    await shot(page, '6-unfinished-undone');
    expect(readFileSync(iniPath).equals(original)).toBe(true);
  }, 600_000);
});
