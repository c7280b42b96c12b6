#!/usr/bin/env node
'use strict';
/**
 * Smoke test of the PACKAGED app (run by the Windows and Linux workflows after electron-builder):
 *   node scripts/smoke-electron.cjs --app "release-smoke/win-unpacked/RDP Doctor.exe" --out artifacts/smoke
 *
 * Launches the executable with playwright-core's _electron.launch and checks, through the real preload and
 * IPC: app.info says mode "electron"; the page is app://rdp-doctor with the CSP really applied (eval is
 * refused) and no Node in the page; a probe of a local listener (a fake SSH banner on 127.0.0.1) finishes
 * with the right finding; report.save writes the report through the real save path (the
 * RDP_DOCTOR_TEST_SAVE_PATH hook chooses the file instead of the native dialog); the same probe driven
 * through the UI ends on the findings screen (screenshot); a second launch exits at once (single
 * instance); the log and settings files land in the data folder. Exit code 0 = all passed.
 *
 * Playwright drives the main process through Node's inspector, so the build it launches must keep the
 * enableNodeCliInspectArguments fuse on; the workflows make that build separately (release-smoke/) and
 * ship the installer built with every fuse set as electron-builder.yml says.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const appPath = arg('--app', '');
const outDir = path.resolve(arg('--out', 'artifacts/smoke'));
const checks = [];

function check(name, ok, detail = '') {
  checks.push({ name, ok: Boolean(ok), detail });
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}\n`);
}

/** A local listener that answers like sshd: the probe must call it "not RDP". */
function fakeSshListener() {
  return new Promise((resolve) => {
    const server = net.createServer((sock) => {
      sock.on('error', () => {});
      sock.end('SSH-2.0-OpenSSH_9.6 smoke\r\n');
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Electron on Linux CI runners: the SUID sandbox helper is not set up in an unpacked build. */
const platformArgs = process.platform === 'linux' ? ['--no-sandbox'] : [];

function secondInstanceExits(env) {
  return new Promise((resolve) => {
    const child = spawn(appPath, platformArgs, { env, stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill();
      resolve(false);
    }, 30_000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * The checks made inside the window, through `window.rdpDoctor` (the preload). Exported so that
 * tests/e2e/smoke-script.test.ts can run them in web mode against a FAKE preload over the WebSocket.
 */
async function pageChecks(page, { target, reportFile, outDir, expect: want }) {
  page.on('console', (m) => process.stdout.write(`[renderer ${m.type()}] ${m.text()}\n`));
  await page.getByTestId('core-status').waitFor({ timeout: 30_000 });
  check(`the window shows ${want.urlPrefix}`, page.url().startsWith(want.urlPrefix), page.url());

  const info = await page.evaluate(() => window.rdpDoctor.invoke('app.info', {}));
  check(
    `app.info through the preload says mode ${want.mode}`,
    info.ok && info.value.mode === want.mode,
    JSON.stringify(info),
  );

  // An inline script added to the page must be refused by the CSP (script-src 'self'). (eval cannot be the
  // proof: code Playwright evaluates runs with DevTools' CSP exemption.)
  const isolation = await page.evaluate(
    () =>
      new Promise((resolve) => {
        let violated = '';
        document.addEventListener('securitypolicyviolation', (e) => {
          violated = e.violatedDirective;
        });
        const s = document.createElement('script');
        s.textContent = 'window.__smokeInline = 1';
        document.head.append(s);
        setTimeout(
          () =>
            resolve({
              inlineRan: window.__smokeInline === 1,
              violated,
              require: typeof window.require,
              process: typeof window.process,
            }),
          200,
        );
      }),
  );
  check(
    'the CSP applies (an inline script is refused)',
    !isolation.inlineRan && /script-src/.test(isolation.violated),
    isolation.violated,
  );
  check('no Node in the page', isolation.require === 'undefined' && isolation.process === 'undefined');

  const probe = await page.evaluate(
    (t) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no finished event within 60 s')), 60_000);
        let runId = null;
        const off = window.rdpDoctor.on('probe.event', (e) => {
          if (e.type !== 'step' && (runId === null || e.runId === runId)) {
            clearTimeout(timer);
            off();
            resolve({
              runId: e.runId,
              type: e.type,
              findings: e.type === 'finished' ? e.result.findings.map((f) => f.id) : [],
            });
          }
        });
        window.rdpDoctor.invoke('probe.start', { target: t, stabilitySamples: 0, timeoutMs: 10_000 }).then((r) => {
          if (!r.ok) reject(new Error(JSON.stringify(r.error)));
          runId = r.value.runId;
        });
      }),
    target,
  );
  check('a probe of the local listener finishes through IPC', probe.type === 'finished', JSON.stringify(probe));
  check('the probe says the listener is not RDP', probe.findings.includes('not-rdp'), probe.findings.join(', '));

  const saved = await page.evaluate(
    (runId) => window.rdpDoctor.invoke('report.save', { runId, format: 'html', redact: false }),
    probe.runId,
  );
  const savedPath = saved.ok ? saved.value.path : null;
  check(
    'report.save wrote the report',
    saved.ok && saved.value.saved && savedPath === reportFile,
    JSON.stringify(saved),
  );
  const html = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : '';
  check('the saved report names the probed target', html.includes('127.0.0.1'));

  // The same probe as a technician does it: type the target, press Diagnose, read the findings.
  await page.getByLabel('Remote computer').fill(target);
  await page.getByRole('button', { name: 'Diagnose' }).click();
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  await page.screenshot({ path: path.join(outDir, 'smoke-findings.png'), fullPage: true });
  check('the findings screen rendered (screenshot saved)', true, path.join(outDir, 'smoke-findings.png'));
}

async function main() {
  if (!appPath || !fs.existsSync(appPath)) {
    process.stderr.write(
      `usage: smoke-electron.cjs --app <packaged executable> [--out dir]\n(no file at "${appPath}")\n`,
    );
    process.exit(2);
  }
  const { _electron } = require('playwright-core');
  fs.mkdirSync(outDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdpdoc-smoke-data-'));
  const reportFile = path.join(outDir, 'smoke-report.html');
  fs.rmSync(reportFile, { force: true });
  const env = {
    ...process.env,
    RDP_DOCTOR_DATA_DIR: dataDir,
    RDP_DOCTOR_TEST_SAVE_PATH: reportFile,
  };
  const listener = await fakeSshListener();
  const target = `127.0.0.1:${listener.address().port}`;
  const app = await _electron.launch({ executablePath: appPath, args: platformArgs, env, timeout: 90_000 });
  try {
    const page = await app.firstWindow();
    await pageChecks(page, {
      target,
      reportFile,
      outDir,
      expect: { mode: 'electron', urlPrefix: 'app://rdp-doctor/' },
    });
    check('a second launch exits at once (single instance)', await secondInstanceExits(env));
  } finally {
    await app.close().catch(() => {});
    listener.close();
  }
  const log = path.join(dataDir, 'logs', 'rdp-doctor.log');
  check('the log file is in the data folder', fs.existsSync(log) && /starting/.test(fs.readFileSync(log, 'utf8')));
  const settingsFile = path.join(dataDir, 'settings.json');
  const settings = fs.existsSync(settingsFile) ? JSON.parse(fs.readFileSync(settingsFile, 'utf8')) : {};
  check('settings remember the report folder', settings.lastReportFolder === path.dirname(reportFile));

  fs.writeFileSync(path.join(outDir, 'smoke-result.json'), `${JSON.stringify(checks, null, 2)}\n`);
  const failed = checks.filter((c) => !c.ok);
  process.stdout.write(`\n${checks.length - failed.length}/${checks.length} checks passed\n`);
  process.exit(failed.length ? 1 : 0);
}

module.exports = { pageChecks, checks };

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`smoke test crashed: ${err.stack ?? err}\n`);
    process.exit(1);
  });
}
