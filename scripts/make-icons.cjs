#!/usr/bin/env node
'use strict';
// Makes the app's icons from assets/icon.svg (the mark drawn in renderer/app/components/AppIcon.tsx):
// PNGs at every size Windows and Linux ask for, drawn by Chromium (this machine's ImageMagick has no SVG
// reader), then assets/icon.ico (16…256, all in one file) and assets/icon.png (512) with ImageMagick.
// The outputs are committed build assets; run this again only when the mark changes:
//   node scripts/make-icons.cjs
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.join(__dirname, '..');
const svg = fs.readFileSync(path.join(root, 'assets', 'icon.svg'), 'utf8');
const SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256];

(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  const outDir = path.join(root, 'assets', 'icons');
  fs.mkdirSync(outDir, { recursive: true });
  try {
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
      await page.setContent(`<html><body style="margin:0;background:transparent">${sized}</body></html>`);
      await page.screenshot({ path: path.join(outDir, `${size}x${size}.png`), omitBackground: true });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  const png = (s) => path.join(outDir, `${s}x${s}.png`);
  execFileSync('convert', [...ICO_SIZES.map(png), path.join(root, 'assets', 'icon.ico')]);
  fs.copyFileSync(png(512), path.join(root, 'assets', 'icon.png'));
  process.stdout.write(`icons written: ${SIZES.join(', ')} px; icon.ico with ${ICO_SIZES.length} sizes\n`);
})().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
