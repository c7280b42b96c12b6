// The HTML report in Debian's Chromium, from real probe runs (healthy xrdp, expired-certificate xrdp, FreeRDP
// shadow with an NLA credential check): it renders the findings and the certificate thumbprint, runs no
// script and requests nothing (every request is routed to a recorder and aborted); printed to PDF by
// Chromium, pdftotext finds the findings and the thumbprint, and never the password.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../electron/report/buildReport';
import { exportReport } from '../../electron/report/exportReport';
import { renderHtml } from '../../electron/report/renderHtml';
import { findBinary, needPeers } from '../peers';
import { probeReportPeers, type ReportRuns } from '../support/reportRuns';
import { HOSTILE, hostileResult } from '../unit/report/fixtures';
import { launchChromium, SCREENSHOTS } from './support/webApp';

const { skip } = needPeers(['xrdp', 'shadow', 'chromium'], 'report-chromium.test.ts');
const noPdftotext = !findBinary('pdftotext');
if (noPdftotext && process.env.CI === 'true') throw new Error('CI needs pdftotext (apt-get install poppler-utils)');

const PASSWORD = 'Pdf-Secr3t!report';
const USER = 'pdfuser';

interface Opened {
  page: Page;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

describe.skipIf(skip)('the HTML report in Chromium, and its PDF', () => {
  let runs: Partial<ReportRuns['runs']> = {};
  let stop: ReportRuns['stop'] | undefined;
  let browser: Browser;
  let dir: string;

  async function open(html: string): Promise<Opened> {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const errors: string[] = [];
    // Every request the page makes is recorded and aborted: nothing leaves the browser.
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent(html, { waitUntil: 'load' });
    return { page, requests, dialogs, errors };
  }

  function pdfText(file: string): string {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  }
  const squash = (s: string) => s.replace(/\s+/g, ' ');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rdpdoc-report-e2e-'));
    const probed = await probeReportPeers({
      user: USER,
      password: PASSWORD,
      expired: { cn: 'expired.test', notBefore: -90, notAfter: -3 },
      stabilitySamples: 1,
    });
    runs = probed.runs;
    stop = probed.stop;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await stop?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the request recorder works: a page that does load something is caught', async () => {
    const o = await open('<img src="http://127.0.0.1:9/probe.png">');
    await expect.poll(() => o.requests.length).toBeGreaterThan(0);
    await o.page.close();
  });

  it('renders the findings and the thumbprint of each real run, loads nothing, runs nothing', async () => {
    expect(runs.expired!.findings.map((f) => f.id)).toContain('tls-cert-expired');
    expect(runs.nla!.nlaCheck?.outcome).toBe('accepted');
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, result] of Object.entries(runs)) {
      const o = await open(renderHtml(buildReport(result, { codes: '0x904 0x7' })));
      // biome-ignore lint/performance/useDomNodeTextContent: what the page renders is what is checked
      const text = squash(await o.page.locator('body').innerText());
      for (const f of result.findings) expect(text, `${name}: ${f.title}`).toContain(squash(f.title));
      const thumbprint = result.tls!.certificate!.sha1Thumbprint;
      expect(text).toContain(thumbprint);
      await expect(o.page.locator(`td:text-is("${thumbprint}")`).count()).resolves.toBe(1);
      expect(await o.page.locator('article.finding').count()).toBe(result.findings.length);
      expect(await o.page.evaluate(() => document.scripts.length)).toBe(0);
      expect(o.requests).toEqual([]);
      expect(o.errors).toEqual([]);
      await o.page.screenshot({ path: path.join(SCREENSHOTS, `report-${name}.png`), fullPage: true });
      await o.page.close();
    }
  });

  it('hostile server strings stay text: no dialog, no element, no request', async () => {
    const o = await open(renderHtml(buildReport(hostileResult())));
    expect(await o.page.evaluate(() => document.querySelectorAll('script, img, a, iframe').length)).toBe(0);
    // biome-ignore lint/performance/useDomNodeTextContent: what the page renders is what is checked
    expect(await o.page.locator('article.finding h3').first().innerText()).toContain('<script>alert(1)</script>');
    // biome-ignore lint/performance/useDomNodeTextContent: what the page renders is what is checked
    expect(squash(await o.page.locator('body').innerText())).toContain(squash(HOSTILE));
    expect(o.dialogs).toEqual([]);
    expect(o.requests).toEqual([]);
    await o.page.close();
  });

  it.skipIf(noPdftotext)(
    'printed to PDF, the findings and thumbprint are in its text and the password is not',
    async () => {
      for (const [name, result] of Object.entries(runs)) {
        for (const redact of [false, true]) {
          const o = await open(renderHtml(buildReport(result, { redact })));
          const file = path.join(dir, `${name}-${redact ? 'redacted' : 'plain'}.pdf`);
          writeFileSync(file, await o.page.pdf({ format: 'A4', printBackground: true }));
          await o.page.close();
          const text = squash(pdfText(file));
          for (const f of result.findings) expect(text, `${name}: ${f.title}`).toContain(squash(f.title));
          expect(text).toContain(result.tls!.certificate!.sha1Thumbprint);
          expect(text).not.toContain(PASSWORD);
          expect(readFileSync(file).includes(PASSWORD)).toBe(false);
          if (name === 'nla') expect(text.includes(USER)).toBe(!redact);
        }
      }
    },
  );

  it.skipIf(noPdftotext)('the app export flow prints a PDF through Chromium and writes it whole', async () => {
    const target = path.join(dir, 'exported');
    const saved = await exportReport(
      runs.expired!,
      'pdf',
      { codes: '0x904 0x7' },
      {
        chooseFile: async () => target,
        htmlToPdf: async (html) => {
          const o = await open(html);
          try {
            return await o.page.pdf({ format: 'A4', printBackground: true });
          } finally {
            expect(o.requests).toEqual([]);
            await o.page.close();
          }
        },
      },
    );
    expect(saved).toEqual({ saved: true, path: `${target}.pdf` });
    expect(readFileSync(`${target}.pdf`).subarray(0, 5).toString()).toBe('%PDF-');
    const text = squash(pdfText(`${target}.pdf`));
    expect(text).toContain('certificate has expired');
    expect(text).toContain('0x904');
  });
});
