/**
 * End-to-end support: the built app in web mode (`node bin/rdp-doctor.cjs web --no-open --port 0`) and
 * Debian's Chromium driven by playwright-core. Needs `npm run build` first (npm test does it).
 * The URL web mode prints carries a ONE-TIME launch code: a second page needs `freshUrl()`, which presses
 * Enter in the web command's terminal (its stdin) and reads the new URL it prints, as a technician would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const ROOT = path.resolve(__dirname, '../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'artifacts', 'screenshots');

export interface WebServerProcess {
  /** the first URL printed (its code works once) */
  url: string;
  origin: string;
  /** presses Enter in the terminal: a new one-time URL */
  freshUrl(): Promise<string>;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts the real CLI's web mode and reads the URL from its first stdout line. */
export async function startWebServerProcess(
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<WebServerProcess> {
  const cli = path.join(ROOT, 'bin', 'rdp-doctor.cjs');
  if (!existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error('The app is not built: run "npm run build" (npm test does it) before the e2e tests.');
  }
  const args = extraArgs.includes('--port') ? extraArgs : ['--port', '0', ...extraArgs];
  const child = spawn(process.execPath, [cli, 'web', '--no-open', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Settings, logs and the audit log of a test run go to a fresh folder, never the tester's own data folder
    // (a test may name its own folder in `env`).
    env: {
      ...process.env,
      RDP_DOCTOR_DATA_DIR: process.env.RDP_DOCTOR_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'rdpdoc-data-')),
      ...env,
    },
  });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  // every stdout line, in order; a waiter takes the next one
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    out += d.toString();
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const nextLine = (what: string) =>
    new Promise<string>((resolve, reject) => {
      const ready = lines.shift();
      if (ready !== undefined) return resolve(ready);
      const timer = setTimeout(() => reject(new Error(`web mode printed no ${what} within 15 s\n${out}`)), 15_000);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`web mode exited with ${code}\n${out}`));
      };
      child.once('exit', onExit);
      waiters.push((line) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(line);
      });
    });
  const url = await nextLine('URL');
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    freshUrl: async () => {
      child.stdin?.write('\n');
      return nextLine('fresh URL');
    },
    child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGINT');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WebApp {
  server: WebServerProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** console messages and page errors seen so far */
  consoleLines: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Web mode + Chromium + a page opened on the app's URL (its one-time code is spent by that page). */
export async function startWebApp(
  opts: {
    viewport?: { width: number; height: number };
    /** extra environment for the web-mode process (e.g. RDP_DOCTOR_DATA_DIR for a private data folder) */
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<WebApp> {
  const server = await startWebServerProcess([], opts.env);
  const browser = await launchChromium();
  const userData = mkdtempSync(path.join(tmpdir(), 'rdpdoc-chromium-'));
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1200, height: 860 } });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  await page.goto(server.url);
  return {
    server,
    browser,
    context,
    page,
    consoleLines,
    screenshot: async (name: string) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: async () => {
      await browser.close().catch(() => {});
      await server.stop();
      rmSync(userData, { recursive: true, force: true });
    },
  };
}

/** From the start screen: types the target, presses Enter and waits for the findings screen (the probe's deadline). */
export async function probeFromStart(page: Page, target: string): Promise<void> {
  await page.getByLabel('Remote computer').fill(target);
  await page.getByLabel('Remote computer').press('Enter');
  await page.locator('[data-screen="findings"]').waitFor({ timeout: 60_000 });
}
